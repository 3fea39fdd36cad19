/**
 * Reading AnswerPal payloads. Keys are read case-insensitively (camelCase
 * with `ID` suffixes today, PascalCase on older deployments), dates with or
 * without an offset (none means UTC), booleans only when they really are
 * booleans: a flag that is missing or odd is "unknown", which the
 * visibility rules treat as hidden.
 */

export type Raw = { [key: string]: unknown };

const isObject = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Lower-cases every key, recursively. Free-form `customFieldsData` is dropped: nothing here may read or pass it on. */
export function normalizeKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalizeKeys);
  if (!isObject(value)) return value;
  const out: Raw = {};
  for (const [k, v] of Object.entries(value)) {
    const key = k.toLowerCase();
    if (key === 'customfieldsdata') continue;
    out[key] = normalizeKeys(v);
  }
  return out;
}

export const asRaw = (v: unknown): Raw | null => (isObject(v) ? v : null);

export const int = (v: unknown): number | null => (typeof v === 'number' && Number.isSafeInteger(v) ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : null);
export const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);
/** `true` only for a real `true`. */
export const yes = (v: unknown): boolean => v === true;
/** A boolean, or null when missing or not a boolean. */
export const flag = (v: unknown): boolean | null => (typeof v === 'boolean' ? v : null);

/** Epoch ms of an ISO 8601 value; without an offset it is UTC; .NET's 7 fraction digits are fine. */
export function parseDate(v: unknown): number | null {
  if (typeof v !== 'string' || !v.trim()) return null;
  let s = v.trim().replace(/(\.\d{3})\d+/, '$1');
  if (/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?$/.test(s)) s += 'Z';
  const ms = Date.parse(s);
  return Number.isNaN(ms) ? null : ms;
}

export const iso = (ms: number): string => new Date(ms).toISOString();

/** `PaginatedResult<T>`: items plus whether a next page exists (from `totalPages`, else a full page). */
export function readPage(data: unknown, pageNumber: number, pageSize: number): { items: Raw[]; hasMore: boolean } | null {
  const page = asRaw(normalizeKeys(data));
  if (!page || !Array.isArray(page.items)) return null;
  const items = page.items.filter(isObject);
  const totalPages = int(page.totalpages);
  const hasMore = totalPages !== null ? pageNumber < totalPages : items.length >= pageSize;
  return { items, hasMore };
}

// ---------------------------------------------------------------------------
// Records
// ---------------------------------------------------------------------------

export interface UpTicket {
  id: number;
  subject: string;
  status: string;
  isClosed: boolean;
  isSpam: boolean;
  uid: string | null;
  endUserId: number | null;
  createdAt: number;
  lastMessageAt: number | null;
  repName: string | null;
}

export function readTicket(raw: Raw): UpTicket | null {
  const id = int(raw.ticketid);
  if (id === null) return null;
  const createdAt = parseDate(raw.datecreated);
  return {
    id,
    subject: text(raw.subject) ?? '',
    status: text(raw.status) ?? '',
    isClosed: yes(raw.isclosed),
    isSpam: yes(raw.isspam),
    uid: text(raw.uid),
    endUserId: int(raw.enduserid),
    createdAt: createdAt ?? parseDate(raw.lastmessagedate) ?? 0,
    lastMessageAt: parseDate(raw.lastmessagedate),
    repName: text(raw.customerrepname),
  };
}

export interface UpMessage {
  id: number;
  ticketId: number | null;
  isIncoming: boolean | null;
  body: string;
  responseText: string | null;
  isDraft: boolean | null;
  isSent: boolean | null;
  isForward: boolean | null;
  isAiGenerated: boolean | null;
  toAddress: string | null;
  uid: string | null;
  createdAt: number | null;
  sentAt: number | null;
}

export function readMessage(raw: Raw): UpMessage | null {
  const id = int(raw.ticketmessageid) ?? int(raw.messageid) ?? int(raw.id);
  if (id === null) return null;
  return {
    id,
    ticketId: int(raw.ticketid),
    isIncoming: flag(raw.isincoming),
    body: text(raw.body) ?? '',
    responseText: text(raw.responsetext),
    isDraft: flag(raw.isdraft),
    isSent: flag(raw.issent),
    isForward: flag(raw.isforward),
    isAiGenerated: flag(raw.isaigenerated),
    toAddress: text(raw.toaddress),
    uid: text(raw.uid),
    createdAt: parseDate(raw.datecreated),
    sentAt: parseDate(raw.datesent),
  };
}

export interface UpAttachment {
  id: number;
  messageId: number | null;
  fileName: string;
  contentType: string;
  size: number;
  createdAt: number | null;
  isEndUserProvided: boolean;
  isCustomerRepProvided: boolean;
  contentId: string | null;
  /** The public download token: server-side only, never in a record. */
  accessToken: string | null;
}

export function readAttachment(raw: Raw): UpAttachment | null {
  const id = int(raw.ticketmessageattachmentid) ?? int(raw.id);
  if (id === null) return null;
  return {
    id,
    messageId: int(raw.messageid),
    fileName: text(raw.filename)?.trim() || 'download.bin',
    contentType: text(raw.contenttype)?.trim() || 'application/octet-stream',
    size: int(raw.filesizebytes) ?? 0,
    createdAt: parseDate(raw.createddatetime),
    isEndUserProvided: yes(raw.isenduserprovided),
    isCustomerRepProvided: yes(raw.iscustomerrepprovided),
    contentId: text(raw.contentid),
    accessToken: text(raw.accesstoken),
  };
}

export interface UpEndUser {
  id: number;
  name: string | null;
  uids: { uid: string; uidType: string; isPrimary: boolean }[];
}

export function readEndUser(raw: Raw): UpEndUser | null {
  const id = int(raw.enduserid) ?? int(raw.id);
  if (id === null) return null;
  const uids = Array.isArray(raw.uids)
    ? raw.uids.filter(isObject).flatMap((u) => {
        const uid = text(u.uid);
        return uid ? [{ uid, uidType: text(u.uidtype) ?? '', isPrimary: yes(u.isprimary) }] : [];
      })
    : [];
  const joined = [text(raw.firstname), text(raw.lastname)].filter(Boolean).join(' ');
  return { id, name: text(raw.name)?.trim() || joined || null, uids };
}

/** Email/UID comparison key: trimmed, lower-cased. */
export const uidKey = (uid: string): string => uid.trim().toLowerCase();
