/*
 * Reads a non-2xx response into the fields of a PortalApiError. Loaded with
 * the first failed response (most sessions never see one), so it imports
 * nothing at runtime: the caller builds the error from what this returns.
 */
import type { FieldError, PortalApiErrorInit } from './errors';

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

const toFieldErrors = (v: unknown): FieldError[] | undefined =>
  Array.isArray(v)
    ? v.map((e) =>
        isObject(e)
          ? {
              field: str(e.field) ?? str(e.property) ?? (Array.isArray(e.path) ? e.path.join('.') : (str(e.path) ?? '')),
              message: str(e.message) ?? '',
            }
          : { field: '', message: String(e) },
      )
    : undefined;

/**
 * The error for a non-2xx response, tolerating every body the API is
 * known to send (docs/portal-api.md#error-bodies): a nested `error` object, a
 * flat `message` (a string or an array), an `error` string, an `errors` array
 * (or `details.errors`), and non-JSON bodies such as a gateway's HTML page.
 */
export function readErrorResponse(
  status: number,
  statusText: string,
  text: string,
  header: (name: string) => string | null,
): PortalApiErrorInit {
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  const top: Obj = isObject(body) ? body : {};
  const src = isObject(top.error) ? top.error : top;
  const details = src.details ?? top.details;
  const message =
    str(src.message) ??
    (Array.isArray(src.message) ? src.message.join('; ') : undefined) ??
    str(top.error) ??
    (statusText || `Request failed with status ${status}`);
  const retry = header('retry-after')?.trim();
  return {
    kind: 'http',
    status,
    code: str(src.code) ?? str(top.code),
    message,
    requestId: header('x-request-id') ?? str(top.requestId) ?? str(src.requestId) ?? null,
    fieldErrors:
      toFieldErrors(src.errors) ?? toFieldErrors(top.errors) ?? (isObject(details) ? toFieldErrors(details.errors) : undefined),
    // Integer seconds only; an HTTP-date would need a trustworthy local clock.
    retryAfter: retry && /^\d+$/.test(retry) ? Number(retry) : null,
    details: details ?? body ?? null,
  };
}
