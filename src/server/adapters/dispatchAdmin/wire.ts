import { BackendError, type JsonValue } from '../../gateway/backend';

/**
 * Tolerant readers of the Dispatch admin API's responses. The SDK, the
 * vendor's admin UI and the docs disagree on several shapes (ids under
 * `attachment.id`, `attachmentId` or `id`; `nextCursor` or `cursor`; bare
 * arrays or `{ data }`; `UPLOADED` or `CONFIRMED`), so each reader accepts
 * every variant and nothing else: a shape it can't read is a failed upstream
 * call, never a guess.
 */

export type Rec = Record<string, unknown>;

export const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
export const rec = (v: unknown): Rec => (isRec(v) ? v : {});
export const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
/** Numbers and digit strings, as upstream ids and ticket numbers come as either. */
export const idOf = (v: unknown): string | null => (typeof v === 'number' && Number.isFinite(v) ? String(v) : str(v));

/** ISO 8601 from an ISO string or epoch ms, or null. */
export function isoOf(v: unknown): string | null {
  if (typeof v !== 'string' && typeof v !== 'number') return null;
  const t = typeof v === 'number' ? v : Date.parse(v);
  return Number.isFinite(t) ? new Date(t).toISOString() : null;
}

/** A response that can't be read: the call failed, whatever the status said. */
export const badBody = (what: string, body?: unknown) =>
  new BackendError('unavailable', { cause: { reason: `unreadable ${what} from the Dispatch admin API`, body } });

/** A list that comes bare or as `{ data: [...] }`. */
export function listOf(body: unknown, what: string): unknown[] {
  if (Array.isArray(body)) return body;
  if (isRec(body) && Array.isArray(body.data)) return body.data;
  throw badBody(what, body);
}

/** `pagination.nextCursor` (portal, UI) or `pagination.cursor` (admin SDK), and `hasMore`. */
export function pageOf(body: unknown): { rows: unknown[]; hasMore: boolean; cursor: string | null } {
  const rows = listOf(body, 'ticket list');
  const p = rec(rec(body).pagination);
  const cursor = str(p.nextCursor) ?? str(p.cursor);
  // Never trust `hasMore` without a cursor to continue from (an endless first page otherwise).
  return { rows, hasMore: p.hasMore === true && cursor !== null, cursor };
}

/** True only for an explicit "no": anything else that is set counts as yes, so unclear flags fail closed. */
export const flagSet = (v: unknown): boolean => v !== undefined && v !== null && v !== false;

/** JSON-safe copy (drops functions, undefined, non-finite numbers). */
export function jsonOf(v: unknown, depth = 0): JsonValue | undefined {
  if (depth > 8) return undefined;
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (Array.isArray(v)) return v.map((x) => jsonOf(x, depth + 1)).filter((x): x is JsonValue => x !== undefined);
  if (isRec(v)) {
    const out: Record<string, JsonValue> = {};
    for (const [k, x] of Object.entries(v)) {
      const j = jsonOf(x, depth + 1);
      if (j !== undefined) out[k] = j;
    }
    return out;
  }
  return undefined;
}

/** The attachment id of an initiate response: `attachment.id`, else `attachmentId`, else `id`. */
export const initiatedId = (body: unknown): string | null => {
  const b = rec(body);
  return idOf(rec(b.attachment).id) ?? idOf(b.attachmentId) ?? idOf(b.id);
};

/** Ready upstream means `UPLOADED` (SDK) or `CONFIRMED` (vendor UI). */
export const isReadyStatus = (v: unknown): boolean => typeof v === 'string' && /^(uploaded|confirmed)$/i.test(v);

/** Attachment metadata: from `attachment` when nested, else the top level. */
export const attachmentRecord = (body: unknown): Rec => (isRec(rec(body).attachment) ? rec(rec(body).attachment) : rec(body));

/**
 * When a download URL stops working: `expiresAt`, else `expiresIn` seconds,
 * else the documented 15 minutes, whichever is known first.
 */
export function downloadExpiry(body: unknown, now: number): string {
  const b = rec(body);
  const at = isoOf(b.expiresAt);
  if (at) return at;
  const inS = typeof b.expiresIn === 'number' && b.expiresIn > 0 ? b.expiresIn : 15 * 60;
  return new Date(now + inS * 1000).toISOString();
}

/** Field errors of a 400/422 body (V4 `errors`, or nested under `error.details` / `details`). */
export function upstreamFieldErrors(body: unknown): { field: string; message: string }[] {
  const b = rec(body);
  const list = Array.isArray(b.errors) ? b.errors : Array.isArray(rec(b.details).errors) ? rec(b.details).errors : rec(rec(b.error).details).errors;
  if (!Array.isArray(list)) return [];
  return list.map(rec).flatMap((e) => (str(e.field) ? [{ field: e.field as string, message: str(e.message) ?? '' }] : []));
}

/** The error code in any of the envelopes (flat `code`, nested `error.code`). */
export const upstreamCode = (body: unknown): string | null => str(rec(body).code) ?? str(rec(rec(body).error).code);

/** Status and body an upstream failure carried (see upstream.ts), for mapping known refusals. */
export function causeOf(e: unknown): { status: number | null; body: unknown } {
  const cause = rec(e instanceof Error ? e.cause : undefined);
  return { status: typeof cause.status === 'number' ? cause.status : null, body: cause.body };
}
