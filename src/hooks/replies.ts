import { safeName } from '../shared/safeName';

/**
 * Statuses that take no replies by default. Every other status does, custom ones
 * and `resolved` included: a reply reopens a resolved ticket.
 */
export const DEFAULT_CLOSED_STATUSES: readonly string[] = ['closed', 'spam'];

/** True when a ticket in `status` accepts replies. */
export const acceptsReplies = (status: string, closedStatuses: readonly string[] = DEFAULT_CLOSED_STATUSES) =>
  !closedStatuses.includes(status.toLowerCase());

/** Escapes what would end a markdown link text early. */
const linkText = (name: string) => name.replace(/[\\[\]]/g, '\\$&');

/**
 * The reply body as sent: the text, then a markdown link per uploaded file
 * (`[name](attachment:<id>)`), the convention staff replies use too, so the
 * thread shows which files belong to this reply.
 */
export function replyBody(text: string, files: readonly { id: string; name: string }[]): string {
  const links = files.map((f) => `- [${linkText(safeName(f.name))}](attachment:${f.id})`).join('\n');
  const trimmed = text.trim();
  return trimmed && links ? `${trimmed}\n\n${links}` : trimmed || links;
}
