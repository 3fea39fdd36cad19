import { invalidResponse, isObject } from './errors';
import type {
  Comment,
  PortalTokenResponse,
  Ticket,
  TicketBrand,
  TicketDetail,
  TicketPage,
  TicketRating,
} from './types';
import { readTokenResponse } from './tokenResponse';

type Obj = Record<string, unknown>;

const obj = (v: unknown, what: string): Obj => {
  if (!isObject(v)) throw invalidResponse(`Expected ${what} object in the response`);
  return v;
};
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const lower = (v: unknown): string | null => str(v)?.toLowerCase() ?? null;
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/**
 * Display label for a ticket number (docs/portal-api.md#ticket-number): a value with a non-digit
 * is already formatted and shown as is; a bare number gets `prefix-n`, or
 * `#n` without a prefix.
 * @example ticketLabel(1001, 'ACME') // "ACME-1001"
 * @example ticketLabel('TKT-1001', 'ACME') // "TKT-1001"
 */
export function ticketLabel(number: unknown, prefix?: string | null): string {
  const value = num(number) !== null ? String(number) : (str(number)?.trim() ?? '');
  if (!/^\d+$/.test(value)) return value;
  const p = prefix?.trim().replace(/-+$/, '');
  return p ? `${p}-${value}` : `#${value}`;
}

export function normalizeTicket(raw: unknown, ticketPrefix?: string | null): Ticket {
  const o = obj(raw, 'a ticket');
  const b = isObject(o.brand) ? o.brand : null;
  const brand: TicketBrand | null = b && { name: str(b.name), ticketPrefix: str(b.ticketPrefix) };
  const n = o.ticketNumber;
  const number = typeof n === 'string' || num(n) !== null ? (n as string | number) : null;
  const createdAt = str(o.createdAt) ?? '';
  // A label as `statusLabel`, or the name on a status object (`statusRef`, as Dispatch's admin shape has it).
  const statusLabel = str(o.statusLabel)?.trim() || (isObject(o.statusRef) ? str(o.statusRef.name)?.trim() : '');
  return {
    id: str(o.id) ?? '',
    number,
    label: ticketLabel(number, brand?.ticketPrefix || ticketPrefix),
    title: str(o.title) ?? '',
    status: lower(o.status) ?? '',
    ...(statusLabel ? { statusLabel } : {}),
    priority: lower(o.priority),
    commentCount: num(o.commentCount),
    createdAt,
    updatedAt: str(o.updatedAt) ?? createdAt,
    brand,
  };
}

export function normalizeComment(raw: unknown): Comment {
  const o = obj(raw, 'a comment');
  const type = str(o.authorType)?.toUpperCase();
  return {
    id: str(o.id) ?? '',
    body: str(o.body) ?? '',
    authorType: type === 'CUSTOMER' ? 'customer' : type === 'SYSTEM' ? 'system' : 'staff',
    authorName: str(o.authorName) || null,
    authorId: str(o.authorId) || null,
    createdAt: str(o.createdAt) ?? '',
  };
}

export function normalizeTicketDetail(
  raw: unknown,
  ticketPrefix?: string | null,
  readRating?: (raw: unknown) => TicketRating,
): TicketDetail {
  const o = obj(raw, 'a ticket');
  const comments = list(o.comments).map(normalizeComment);
  // Stable sort: entries whose times do not parse keep their place (NaN || 0).
  comments.sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt) || 0);
  const detail: TicketDetail = { ...normalizeTicket(o, ticketPrefix), body: str(o.body) ?? '', comments };
  // Gateway extensions: present only when the server sent them. The rating's
  // reader is gateway code, which the client loads when a rating came.
  if ('rating' in o) detail.rating = isObject(o.rating) && readRating ? readRating(o.rating) : null;
  if ('canRate' in o) detail.canRate = o.canRate === true;
  return detail;
}

export function normalizeTicketPage(raw: unknown, ticketPrefix?: string | null): TicketPage {
  const o = obj(raw, 'a ticket page');
  const p = isObject(o.pagination) ? o.pagination : o;
  // The portal sends `nextCursor`, the admin shape `cursor`.
  const nextCursor = str(p.nextCursor) || str(p.cursor) || null;
  return {
    tickets: list(o.data).map((t) => normalizeTicket(t, ticketPrefix)),
    // hasMore without a cursor would restart from page 1 forever.
    hasMore: p.hasMore === true && nextCursor !== null,
    nextCursor,
  };
}

/** The token answer of `portal/refresh` and `portal/verify` (the client reads it through the gateway code). */
export const normalizeTokenResponse = (raw: unknown): PortalTokenResponse => readTokenResponse(raw, invalidResponse);
