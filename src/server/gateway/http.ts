import type { BackendError } from './backend';
import { BlobTooLargeError, concatBytes, pump } from './blobs';

export interface FieldError {
  field: string;
  message: string;
}

/**
 * An answer to the browser in the portal's error envelope
 * (`{ message, code, errors? }`). Messages are the gateway's own words, never
 * upstream text.
 */
export class GatewayError extends Error {
  override name = 'GatewayError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly errors?: FieldError[],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const JSON_TYPE = 'application/json; charset=utf-8';

export const notFound = (what = 'Ticket', code = 'TICKET_NOT_FOUND') => new GatewayError(404, code, `${what} was not found.`);
export const notSupported = (what: string) =>
  new GatewayError(404, 'NOT_SUPPORTED', `${what} is not supported by this help desk.`);
export const invalid = (errors: FieldError[], code = 'VALIDATION_ERROR') =>
  new GatewayError(400, code, errors.map((e) => e.message).join(' '), errors);

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': JSON_TYPE, 'cache-control': 'no-store', ...headers } });
}

export function errorResponse(e: GatewayError): Response {
  return json(e.status, { message: e.message, code: e.code, ...(e.errors?.length ? { errors: e.errors } : {}) }, e.headers);
}

/** Status, code and message for each {@link BackendError} kind; the cause stays server-side. */
export function fromBackendError(e: BackendError, retryAfterSeconds: number): GatewayError {
  switch (e.kind) {
    case 'not_found':
      return notFound();
    case 'invalid': {
      const errors = e.fieldErrors.map((f) => ({ field: f.field, message: `${f.field} is not valid.` }));
      return new GatewayError(400, e.code ?? 'VALIDATION_ERROR', 'The help desk refused this request as invalid.', errors);
    }
    case 'conflict':
      return new GatewayError(409, e.code ?? 'CONFLICT', 'This conflicts with the ticket’s current state.');
    case 'refused':
      return new GatewayError(409, e.code ?? 'REFUSED', 'The help desk does not allow this for this ticket.');
    case 'forbidden':
      return new GatewayError(403, e.code ?? 'FORBIDDEN', 'This account may not use support right now.');
    case 'unauthorized':
      return new GatewayError(502, 'UPSTREAM_AUTH', 'Support is temporarily unavailable.');
    case 'misconfigured':
      return new GatewayError(502, 'UPSTREAM_CONFIG', 'Support is temporarily unavailable.');
    case 'rate_limited':
      return new GatewayError(503, 'UPSTREAM_BUSY', 'Support is busy. Please try again shortly.', undefined, {
        'retry-after': String(Math.max(1, Math.min(e.retryAfter ?? retryAfterSeconds, 300))),
      });
    default:
      return new GatewayError(502, 'UPSTREAM_UNAVAILABLE', 'Support is temporarily unavailable. Please try again.');
  }
}

/**
 * Reads the request body as JSON, refusing it as soon as it passes `maxBytes`
 * (before reading it all) and answering the portal's errors for malformed
 * JSON. An empty body is `undefined` (the vendor UI's confirm sends none).
 */
export async function readJsonBody(request: Request, maxBytes: number): Promise<unknown> {
  const tooLarge = () => new GatewayError(413, 'PAYLOAD_TOO_LARGE', `The request body is larger than ${maxBytes} bytes.`);
  const declared = Number(request.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge();
  if (!request.body) return undefined;
  const chunks: Uint8Array[] = [];
  let size: number;
  try {
    size = await pump(request.body, maxBytes, (chunk) => void chunks.push(chunk));
  } catch (e) {
    throw e instanceof BlobTooLargeError ? tooLarge() : e;
  }
  const bytes = concatBytes(chunks, size);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new GatewayError(400, 'INVALID_JSON', 'The request body is not valid UTF-8 JSON.');
  }
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new GatewayError(400, 'INVALID_JSON', 'The request body is not valid JSON.');
  }
}

export const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Canonical JSON (sorted keys) for comparing request bodies. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isRecord(value)) {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  let out = '';
  for (const b of new Uint8Array(digest)) out += b.toString(16).padStart(2, '0');
  return out;
}

/** Random bytes fetched in batches (one Web Crypto call per 256 ids); each byte is handed out once. */
let pool = new Uint8Array(0);
let poolAt = 0;
function randomBytes(n: number): Uint8Array {
  if (poolAt + n > pool.length) {
    pool = crypto.getRandomValues(new Uint8Array(4096));
    poolAt = 0;
  }
  const out = pool.subarray(poolAt, poolAt + n);
  poolAt += n;
  return out;
}

/** A random id with a prefix (`req_…`, `upl_…`): 96 random bits, URL-safe. */
export function randomId(prefix: string): string {
  const bytes = randomBytes(16);
  let out = '';
  for (const b of bytes) out += b.toString(36).padStart(2, '0');
  return `${prefix}_${out.slice(0, 24)}`;
}
