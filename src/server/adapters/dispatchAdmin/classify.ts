import type { BackendAttachment, BackendMessage, BackendTicket, FormField, JsonValue, MessageAuthor } from '../../gateway/backend';
import { flagSet, idOf, isoOf, isReadyStatus, isRec, jsonOf, rec, str, type Rec } from './wire';

/**
 * What a customer may see of a Dispatch ticket, decided here by allowlist:
 * a message is public only when nothing marks it otherwise (internal by the
 * docs' `internal` or the admin UI's `metadata.isInternal`, the hidden
 * "Original Request" copy, a deleted or unreadable comment); a file is public
 * only when it is ready and not known solely from internal notes.
 */

export const PRIORITIES = ['low', 'normal', 'medium', 'high', 'urgent'];

export interface TicketMapping {
  brandId: string;
  /** Upstream status key → portal key, or undefined for unknown keys (mapped to `open`). */
  statusKey: (upstream: string) => string | undefined;
  /** Field definitions whose values customers may see (`showInDetail`), when known. */
  detailFields: () => FormField[] | null;
}

/** Spam, deleted, merged-away or another brand's tickets are not the portal's. */
function hiddenTicket(t: Rec, brandId: string): boolean {
  if (t.status === 'spam' || flagSet(t.isSpam)) return true;
  if (flagSet(t.deletedAt) || flagSet(t.mergedIntoId)) return true;
  const brand = idOf(t.brandId);
  return brand !== null && brand !== brandId;
}

/**
 * An admin ticket as the portal sees it, or null when customers may not see
 * it (or it can't be read: no id, no owner, no dates).
 */
export function toTicket(raw: unknown, map: TicketMapping): BackendTicket | null {
  const t = rec(raw);
  const id = idOf(t.id);
  const customerId = idOf(t.customerId) ?? idOf(rec(t.customer).id);
  const createdAt = isoOf(t.createdAt);
  if (!id || !customerId || !createdAt || hiddenTicket(t, map.brandId)) return null;
  const upstreamStatus = str(t.status) ?? str(rec(t.statusRef).key) ?? 'open';
  const priority = str(t.priority);
  const publicId = str(t.publicId);
  const numeric = typeof t.ticketNumber === 'number' ? t.ticketNumber : idOf(t.ticketNumber);
  const values = isRec(t.customFields) ? t.customFields : {};
  const shown = map.detailFields();
  const customFields: Record<string, JsonValue> = {};
  // Only values of fields customers may see; with no definitions known, none.
  for (const f of shown ?? []) {
    if (!Object.hasOwn(values, f.key)) continue;
    const v = jsonOf(values[f.key]);
    if (v !== undefined && v !== null) customFields[f.key] = v;
  }
  return {
    id,
    customerId,
    number: publicId ?? numeric ?? null,
    title: typeof t.title === 'string' ? t.title : '',
    status: map.statusKey(upstreamStatus) ?? 'open',
    priority: priority && PRIORITIES.includes(priority) ? priority : null,
    categoryId: idOf(t.categoryId) ?? idOf(rec(t.category).id),
    customFields,
    messageCount: null,
    createdAt,
    updatedAt: isoOf(t.updatedAt) ?? createdAt,
  };
}

export interface MessagePolicy {
  /** The ticket's owner: a CUSTOMER message from anyone else (a CC'd address) is not "you". */
  customerId: string;
  agentNames: 'full' | 'first' | 'none';
}

const authorOf = (c: Rec, customerId: string): MessageAuthor => {
  const type = typeof c.authorType === 'string' ? c.authorType.toUpperCase() : '';
  if (type === 'SYSTEM') return 'system';
  if (type === 'CUSTOMER') {
    const by = idOf(c.authorId);
    return by === null || by === customerId ? 'customer' : 'staff';
  }
  // STAFF, AGENT and anything unknown are the team.
  return 'staff';
};

/** Every comment, flattened (threaded `replies` included) and de-duplicated, oldest first. */
export function flattenComments(list: unknown[]): Rec[] {
  const out = new Map<string, Rec>();
  const walk = (items: unknown[], depth: number) => {
    for (const item of items) {
      const c = rec(item);
      const id = idOf(c.id);
      if (id && !out.has(id)) out.set(id, c);
      if (Array.isArray(c.replies) && depth < 5) walk(c.replies, depth + 1);
    }
  };
  walk(list, 0);
  return [...out.values()].sort((a, b) => Date.parse(String(a.createdAt)) - Date.parse(String(b.createdAt)));
}

export function isPublicComment(c: Rec): boolean {
  const meta = rec(c.metadata);
  if (flagSet(c.internal) || flagSet(meta.isInternal) || flagSet(meta.isTicketBody)) return false;
  // SYSTEM events stay public here, marked `author: 'system'`: the gateway shows them only when its host says so.
  return !flagSet(c.deletedAt) && isoOf(c.createdAt) !== null && typeof c.body === 'string';
}

const staffName = (name: string | null, policy: MessagePolicy['agentNames']) =>
  !name || policy === 'none' ? null : policy === 'first' ? (name.trim().split(/\s+/)[0] ?? null) : name;

export function toMessage(raw: unknown, ticketId: string, policy: MessagePolicy): BackendMessage | null {
  const c = rec(raw);
  const id = idOf(c.id);
  if (!id) return null;
  const author = authorOf(c, policy.customerId);
  const name = str(c.authorName);
  return {
    id,
    ticketId: idOf(c.ticketId) ?? ticketId,
    visibility: isPublicComment(c) ? 'public' : 'internal',
    author,
    authorName: author === 'system' ? null : author === 'staff' ? staffName(name, policy.agentNames) : name,
    body: typeof c.body === 'string' ? c.body : '',
    createdAt: isoOf(c.createdAt) ?? new Date(0).toISOString(),
  };
}

const ATTACHMENT_LINK = /attachment:([A-Za-z0-9_-]+)/g;

/**
 * Classifies a ticket's files: public when ready and either uploaded on the
 * ticket itself (no comment) and not referenced only by internal notes, or
 * linked from a public comment. A file whose comment is unknown is internal.
 */
export function attachmentClassifier(comments: Rec[], policy: MessagePolicy): (raw: unknown) => BackendAttachment | null {
  const publicIds = new Set<string>();
  const internalIds = new Set<string>();
  const linkedPublic = new Set<string>();
  const linkedInternal = new Set<string>();
  for (const c of comments) {
    const id = idOf(c.id);
    // A file only a SYSTEM event points at was never sent to the customer.
    const isPublic = isPublicComment(c) && authorOf(c, policy.customerId) !== 'system';
    if (id) (isPublic ? publicIds : internalIds).add(id);
    if (typeof c.body === 'string') for (const m of c.body.matchAll(ATTACHMENT_LINK)) (isPublic ? linkedPublic : linkedInternal).add(m[1] as string);
  }
  return (raw) => {
    const a = rec(raw);
    const id = idOf(a.id);
    if (!id || !isReadyStatus(a.status)) return null;
    const commentId = idOf(a.commentId);
    const visible = commentId !== null ? publicIds.has(commentId) : !linkedInternal.has(id) || linkedPublic.has(id);
    return {
      id,
      filename: str(a.filename) ?? 'file',
      contentType: str(a.contentType) ?? 'application/octet-stream',
      size: typeof a.size === 'number' && a.size >= 0 ? a.size : 0,
      createdAt: isoOf(a.createdAt),
      visibility: visible ? 'public' : 'internal',
    };
  };
}
