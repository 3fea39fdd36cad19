import type { MockVariants } from './types';

/** Every JSON response carries this exact type (the vendor's SDK only parses `application/json`). */
export const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * Private marker: "the route committed its effect, now lose the response".
 * Each adapter turns it into a real network failure (socket destroyed, MSW
 * `HttpResponse.error()`, a rejected `mock.fetch`). Never reaches a client.
 */
export const DROP_HEADER = 'x-dispatch-mock-drop';

export const EXPOSED_HEADERS = 'x-request-id, x-ratelimit-limit, x-ratelimit-remaining, x-ratelimit-reset, retry-after';
export const ALLOWED_HEADERS = 'Authorization, Content-Type, X-Idempotency-Key';

export interface FieldError {
  field: string;
  message: string;
}

/** Thrown by routes; formatted by the app's error handler in the active error-body variant. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly errors: FieldError[] | undefined;
  readonly details: Record<string, unknown> | undefined;
  readonly headers: Record<string, string>;

  constructor(
    status: number,
    code: string,
    message: string,
    extra: { errors?: FieldError[]; details?: Record<string, unknown>; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.errors = extra.errors;
    this.details = extra.details;
    this.headers = extra.headers ?? {};
  }
}

/** A validation error (400, `VALIDATION_ERROR`) with field errors; the message joins them. */
export function validationError(errors: FieldError[], message?: string): ApiError {
  return new ApiError(400, 'VALIDATION_ERROR', message ?? errors.map((e) => e.message).join('; '), { errors });
}

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': JSON_TYPE, ...headers } });
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

export const statusText = (status: number): string => STATUS_TEXT[status] ?? 'Error';

/** The error body in the chosen envelope (docs/portal-api.md#errors). */
export function errorBody(variant: MockVariants['errorBody'], status: number, error: ApiError): unknown {
  const { code, message, errors, details } = error;
  switch (variant) {
    case 'V1':
      return { error: { code, message, details: errors ? { ...details, errors } : (details ?? null) } };
    case 'V3':
      return { statusCode: status, message, error: statusText(status) };
    case 'V5':
      return {
        statusCode: status,
        message: errors && errors.length > 0 ? errors.map((e) => e.message) : [message],
        error: statusText(status),
      };
    default:
      return {
        message,
        code,
        ...(details ? { details } : {}),
        ...(errors ? { errors } : {}),
      };
  }
}

export function errorResponse(variant: MockVariants['errorBody'], error: ApiError): Response {
  return jsonResponse(error.status, errorBody(variant, error.status, error), error.headers);
}

/**
 * Most bytes a JSON request body may have: 1 MiB, far above the largest valid
 * body (a 20,000-character comment) and what common API servers allow.
 */
export const JSON_BODY_MAX_BYTES = 1_048_576;

const tooLarge = (max: number) =>
  new ApiError(413, 'PAYLOAD_TOO_LARGE', `The request body is larger than the ${max.toLocaleString('en-US')}-byte limit.`, { details: { maxBytes: max } });

/**
 * Reads a body, stopping as soon as it passes `max` bytes: a declared
 * `Content-Length` over the limit before reading anything, a streamed body at
 * the first chunk past it (the rest is never read). With a bandwidth cap it
 * reads no faster than that, which back-pressures the sender like a slow link.
 */
export async function readUpTo(request: Request, max: number, bandwidth: number | null = null): Promise<Uint8Array | 'too-large'> {
  const reader = request.body?.getReader();
  if (!reader) return new Uint8Array();
  if (Number(request.headers.get('content-length') ?? NaN) > max) {
    await reader.cancel().catch(() => undefined);
    return 'too-large';
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      await reader.cancel().catch(() => undefined);
      return 'too-large';
    }
    chunks.push(value);
    if (bandwidth) await sleep((value.byteLength / bandwidth) * 1000);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/** The body's bytes, refused with 413 `PAYLOAD_TOO_LARGE` as soon as they pass `max`. */
export async function readBodyLimited(request: Request, max = JSON_BODY_MAX_BYTES): Promise<Uint8Array> {
  const bytes = await readUpTo(request, max);
  if (bytes === 'too-large') throw tooLarge(max);
  return bytes;
}

/** The body as JSON (at most {@link JSON_BODY_MAX_BYTES}); an empty body (the vendor UI's confirm) reads as `undefined`. */
export async function readJson(request: Request): Promise<unknown> {
  const text = new TextDecoder().decode(await readBodyLimited(request));
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ApiError(400, 'INVALID_JSON', 'The request body is not valid JSON.');
  }
}

/** Canonical JSON (sorted keys) for comparing request bodies. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * A `fetch` answered in-process by a mock's app, for any origin (a bare path
 * gets `origin`). A response marked dropped rejects with a `TypeError`, as a
 * real network failure does.
 */
export function inProcessFetch(
  handle: (request: Request) => Response | Promise<Response>,
  name: string,
  origin = 'http://mock.local',
): (input: RequestInfo | URL, init?: RequestInit) => Promise<Response> {
  return async (input, init) => {
    const request = typeof input === 'string' && input.startsWith('/') ? new Request(`${origin}${input}`, init) : new Request(input, init);
    const res = await handle(request);
    if (res.headers.has(DROP_HEADER)) throw new TypeError(`fetch failed (dropped by the ${name})`);
    return res;
  };
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export const iso = (ms: number): string => new Date(ms).toISOString();
