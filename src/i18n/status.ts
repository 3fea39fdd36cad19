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

/** Localised label of a ticket status; custom statuses are title-cased (docs/portal-api.md#statuses). */
export function statusLabel(i18n: Translator, status: string): string {
  const key = STATUS[status.toLowerCase()];
  return key ? i18n.t(key) : titleCase(status);
}

export function priorityLabel(i18n: Translator, priority: string): string {
  const key = PRIORITY[priority.toLowerCase()];
  return key ? i18n.t(key) : titleCase(priority);
}

export { SYSTEM_STATUSES } from '../client/limits';
