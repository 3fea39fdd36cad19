import { BackendError, type BackendMessage, type BackendTicket, type MessageAuthor } from '../../gateway/backend';
import type { UpstreamPage } from './traverse';
import { readBody } from './text';

/**
 * Reading Switch Labs' REST shapes. Every field is treated as optional and
 * of unknown type: the REST reference shows a few fields, the data model many
 * more, and installs differ. A body that isn't the documented envelope is an
 * upstream failure (`unavailable`), never a guess.
 */

export type Raw = Record<string, unknown>;

export const isRaw = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

const badBody = (reason: string, body?: unknown) => new BackendError('unavailable', { cause: { reason: `Switch Labs: ${reason}`, body } });

/** `{ data: {…} }` → the object. */
export function single(body: unknown): Raw {
  if (!isRaw(body) || !isRaw(body.data)) throw badBody('expected { data: object }', body);
  return body.data;
}

/** `{ data: [...], meta? }` → rows and `meta.next_cursor` (undefined when absent). */
export function list(body: unknown): { rows: Raw[]; nextCursor: string | null | undefined } {
  if (!isRaw(body) || !Array.isArray(body.data)) throw badBody('expected { data: array }', body);
  const meta = isRaw(body.meta) ? body.meta : {};
  const next = meta.next_cursor;
  return { rows: body.data.filter(isRaw), nextCursor: typeof next === 'string' && next !== '' ? next : next === null ? null : undefined };
}

/** An id as a string (numbers stringified), or null. */
export const idOf = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : null);

export const strOf = (v: unknown): string | null => (typeof v === 'string' ? v : null);

const FRACTION = /T\d\d:\d\d:\d\d\.\d+/;

/** Epoch ms of an ISO timestamp (whole seconds or fractions, any offset), or null. */
export function timeOf(v: unknown): number | null {
  if (typeof v !== 'string' || !/^\d{4}-\d\d-\d\dT/.test(v)) return null;
  const ms = Date.parse(v);
  return Number.isNaN(ms) ? null : ms;
}

export const isoOf = (v: unknown, fallback?: unknown): string => {
  const ms = timeOf(v) ?? timeOf(fallback);
  if (ms === null) throw badBody('missing or invalid timestamp', v);
  return new Date(ms).toISOString();
};

/** A list page as traversal rows keyed on `timeField`. Rows without an id or a valid timestamp fail the call. */
export function pageOf(body: unknown, timeField: string): UpstreamPage<Raw> {
  const { rows, nextCursor } = list(body);
  let fractional = nextCursor === null || nextCursor === undefined || FRACTION.test(nextCursor);
  const out = rows.map((raw) => {
    const id = idOf(raw.id);
    const ms = timeOf(raw[timeField]);
    if (id === null || ms === null) throw badBody(`list row without id or ${timeField}`, raw);
    if (!FRACTION.test(raw[timeField] as string)) fractional = false;
    return { id, ms, raw };
  });
  return { rows: out, nextCursor, fractional: fractional && out.length > 0 };
}

// ---------------------------------------------------------------------------
// Statuses
// ---------------------------------------------------------------------------

/** Upstream status → portal status key. */
const STATUS_MAP: Record<string, 'open' | 'pending' | 'resolved' | 'closed'> = {
  new: 'open',
  open: 'open',
  in_progress: 'open',
  pending: 'pending',
  resolved: 'resolved',
  closed: 'closed',
};

/** Portal status → the one upstream status that alone means it, when there is one (for a server-side filter). */
export const SINGLE_UPSTREAM_STATUS: Record<string, string> = { pending: 'pending', resolved: 'resolved', closed: 'closed' };

export const PORTAL_STATUSES = ['open', 'pending', 'resolved', 'closed'] as const;

export function mapStatus(raw: unknown, onUnknown: (value: string) => void): string {
  const value = typeof raw === 'string' ? raw : '';
  const mapped = STATUS_MAP[value];
  if (mapped) return mapped;
  // Custom or missing statuses read as open: the customer can still reply.
  onUnknown(value);
  return 'open';
}

// ---------------------------------------------------------------------------
// Records
// ---------------------------------------------------------------------------

export const customerIdOf = (raw: Raw): string => (isRaw(raw.customer) ? idOf(raw.customer.id) : null) ?? idOf(raw.customer_id) ?? '';

export function toTicket(raw: Raw, onUnknownStatus: (value: string) => void): BackendTicket {
  const id = idOf(raw.id);
  if (id === null) throw badBody('ticket without id', raw);
  const number = typeof raw.number === 'number' && Number.isFinite(raw.number) ? raw.number : typeof raw.number === 'string' && raw.number ? raw.number : null;
  return {
    id,
    customerId: customerIdOf(raw),
    number,
    title: strOf(raw.subject) ?? '',
    status: mapStatus(raw.status, onUnknownStatus),
    // Priority is the agents' triage, not shown to customers on this backend.
    priority: null,
    messageCount: null,
    createdAt: isoOf(raw.created_at),
    updatedAt: isoOf(raw.updated_at, raw.created_at),
  };
}

export const isDeleted = (raw: Raw): boolean => raw.deleted_at !== undefined && raw.deleted_at !== null && raw.deleted_at !== false;

export const ticketDescription = (raw: Raw): string =>
  readBody({ plain: [raw.description, raw.description_text], rich: [raw.description], html: [raw.description_html] });

export const conversationBody = (raw: Raw): string =>
  readBody({ plain: [raw.content_text, raw.content], rich: [raw.content], html: [raw.content_html] });

export const articleBody = (raw: Raw): string => readBody({ plain: [raw.body, raw.content_text], rich: [raw.content], html: [raw.content_html] });

/** Conversation types a customer may see: REST's `reply` and the model's replies sent over each channel. */
const PUBLIC_TYPES = new Set(['reply', 'comment', 'email', 'sms']);

export interface ClassifyContext {
  ticketId: string;
  customer: { id: string; email: string; userId: string | null };
  /** Conversation ids this gateway posted for the customer on this ticket. */
  mine: Set<string>;
  showSystem: boolean;
  agentName: (fullName: string | null) => string | null;
  /** Names of users by id, for conversations without an `author` object. */
  userNames: Map<string, string | null>;
  body: (raw: Raw) => string;
}

/**
 * A conversation as a portal message, classified by an allowlist (fail
 * closed): public only when `internal` is exactly false, the type is a reply
 * kind, it isn't deleted and it belongs to this ticket. `system` records are
 * public only when configured.
 */
export function toMessage(raw: Raw, c: ClassifyContext): BackendMessage {
  const id = idOf(raw.id);
  if (id === null) throw badBody('conversation without id', raw);
  const ticketId = idOf(raw.ticket_id) ?? '';
  const type = typeof raw.type === 'string' ? raw.type : '';
  const system = type === 'system';
  const listed = PUBLIC_TYPES.has(type) || (system && c.showSystem);
  const visible = raw.internal === false && listed && !isDeleted(raw) && ticketId === c.ticketId;
  const author = isRaw(raw.author) ? raw.author : null;
  const authorId = idOf(raw.author_id) ?? (author ? idOf(author.id) : null);
  const authorEmail = author && typeof author.email === 'string' ? author.email.trim().toLowerCase() : null;
  const byCustomer =
    c.mine.has(id) ||
    (authorEmail !== null && authorEmail === c.customer.email) ||
    (authorId !== null && (authorId === c.customer.id || authorId === c.customer.userId));
  const who: MessageAuthor = byCustomer ? 'customer' : system ? 'system' : 'staff';
  const fullName = author && typeof author.name === 'string' && author.name.trim() ? author.name.trim() : authorId ? (c.userNames.get(authorId) ?? null) : null;
  return {
    id,
    ticketId,
    visibility: visible ? 'public' : 'internal',
    author: who,
    authorName: who === 'staff' ? c.agentName(fullName) : null,
    body: c.body(raw),
    createdAt: isoOf(raw.created_at),
  };
}

/** Staff ids whose conversations carry no author name (for `GET /users/{id}`). */
export function unnamedAuthors(rows: Raw[]): string[] {
  const ids = new Set<string>();
  for (const raw of rows) {
    const author = isRaw(raw.author) ? raw.author : null;
    if (author && typeof author.name === 'string' && author.name.trim()) continue;
    const id = idOf(raw.author_id);
    if (id) ids.add(id);
  }
  return [...ids];
}
