import type { PortalMessages } from './en';
import type { Translator } from './format';

const STATUS: Record<string, keyof PortalMessages> = {
  open: 'statusOpen',
  pending: 'statusPending',
  resolved: 'statusResolved',
  closed: 'statusClosed',
  spam: 'statusSpam',
};

const PRIORITY: Record<string, keyof PortalMessages> = {
  low: 'priorityLow',
  normal: 'priorityNormal',
  medium: 'priorityMedium',
  high: 'priorityHigh',
  urgent: 'priorityUrgent',
};

/** "waiting_on_customer" → "Waiting on customer" for custom keys the kit has no label for. */
export const titleCase = (key: string) => {
  const words = key.replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/**
 * The label of a ticket status, first found of: the host's `messages['status.<key>']`,
 * the kit's own translation (system statuses), the backend's customer-facing label
 * (`backendLabel`, from the ticket or the backend's status list), the key title-cased.
 * @example statusLabel(i18n, 'waiting_on_customer', 'Waiting on you') // host's 'status.waiting_on_customer' if given
 */
export function statusLabel(i18n: Translator, status: string, backendLabel?: string | null): string {
  const lower = status.toLowerCase();
  const hostKey = `status.${lower}` as const;
  const host = i18n.t(hostKey);
  if (host !== hostKey) return host;
  const key = STATUS[lower];
  return key ? i18n.t(key) : backendLabel?.trim() || titleCase(status);
}

export function priorityLabel(i18n: Translator, priority: string): string {
  const key = PRIORITY[priority.toLowerCase()];
  return key ? i18n.t(key) : titleCase(priority);
}

export { SYSTEM_STATUSES } from '../client/limits';
