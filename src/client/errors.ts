export type PortalErrorKind =
  | 'http'
  | 'network'
  | 'timeout'
  | 'aborted'
  | 'session'
  | 'invalid_response'
  | 'invalid_input';

/**
 * `PortalApiError.code`: one the kit sets itself, or whatever code the server
 * sent (UPPER_SNAKE by convention, e.g. `TICKET_NOT_FOUND`), hence the open end.
 */
export type PortalErrorCode =
  // Derived from the HTTP status when the server sent no code.
  | 'VALIDATION_ERROR'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'PAYLOAD_TOO_LARGE'
  | 'RATE_LIMITED'
  | 'SERVER_ERROR'
  | 'HTTP_ERROR'
  // No response, or none we could use.
  | 'NETWORK_ERROR'
  | 'TIMEOUT'
  | 'ABORTED'
  | 'INVALID_RESPONSE'
  | 'INVALID_INPUT'
  // The session.
  | 'SESSION_EXPIRED'
  | 'INVALID_TOKEN'
  | 'TOKEN_RENEWAL_FAILED'
  // A file refused before upload (`details.reason` holds the uploader's code).
  | 'FILE_EMPTY'
  | 'FILE_TOO_LARGE'
  | 'FILE_TYPE_NOT_ALLOWED'
  | (string & {});

export interface FieldError {
  field: string;
  message: string;
}

export interface PortalApiErrorInit {
  kind: PortalErrorKind;
  message: string;
  status?: number | null;
  code?: PortalErrorCode;
  requestId?: string | null;
  fieldErrors?: FieldError[];
  retryAfter?: number | null;
  details?: unknown;
  cause?: unknown;
}

const STATUS_CODES: Record<number, PortalErrorCode> = {
  400: 'VALIDATION_ERROR',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  422: 'VALIDATION_ERROR',
  429: 'RATE_LIMITED',
};

/**
 * The one error type the client throws for anything that went wrong with a
 * call. `message` is for developers; show users text chosen by `code`/`kind`.
 */
export class PortalApiError extends Error {
  override name = 'PortalApiError';
  // `declare`: assigned in the constructor, so no field initialisers are emitted.
  declare readonly kind: PortalErrorKind;
  /** HTTP status, or null when no response arrived. */
  declare readonly status: number | null;
  /** The server's code when it sent one, else derived from status/kind (`NOT_FOUND`, `TIMEOUT`, …). */
  declare readonly code: PortalErrorCode;
  declare readonly requestId: string | null;
  declare readonly fieldErrors: FieldError[];
  /** Seconds from `Retry-After`, or null. */
  declare readonly retryAfter: number | null;
  /** The server's `details`, else the parsed error body, else null. */
  declare readonly details: unknown;

  constructor(init: PortalApiErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    const status = init.status ?? null;
    this.kind = init.kind;
    this.status = status;
    this.code =
      init.code ??
      (status != null
        ? (STATUS_CODES[status] ?? (status >= 500 ? 'SERVER_ERROR' : 'HTTP_ERROR'))
        : // NETWORK_ERROR, TIMEOUT, ABORTED, SESSION_EXPIRED, INVALID_RESPONSE, INVALID_INPUT
          init.kind === 'session'
          ? 'SESSION_EXPIRED'
          : init.kind.toUpperCase() + (init.kind === 'network' || init.kind === 'http' ? '_ERROR' : ''));
    this.requestId = init.requestId ?? null;
    this.fieldErrors = init.fieldErrors ?? [];
    this.retryAfter = init.retryAfter ?? null;
    this.details = init.details ?? null;
  }
}

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The error for a non-2xx response. Its body is read by code loaded with the
 * first failure; if that code can't load (offline), the status alone still
 * makes a usable error (401 renewal, 404 extensions, retries all go by it).
 */
export const errorFromResponse = (
  status: number,
  statusText: string,
  text: string,
  header: (name: string) => string | null,
): Promise<PortalApiError> =>
  import('./errorBody').then(
    (m) => new PortalApiError(m.readErrorResponse(status, statusText, text, header)),
    (cause: unknown) => new PortalApiError({ kind: 'http', status, message: statusText || `Request failed with status ${status}`, cause }),
  );

/**
 * Code loaded with its first use, once (again after a failure). A chunk that
 * can't be fetched (offline) fails the call like the network would: a
 * retryable network error.
 */
export function onDemand<T>(load: () => Promise<T>, what: string): () => Promise<T> {
  let loading: Promise<T> | null = null;
  return () =>
    (loading ??= load().catch((cause: unknown) => {
      loading = null;
      throw new PortalApiError({ kind: 'network', message: `The ${what} could not be loaded`, cause });
    }));
}

export const abortError = (signal?: AbortSignal) =>
  new PortalApiError({ kind: 'aborted', message: 'The request was aborted', cause: signal?.reason });

export const invalidResponse = (message: string, cause?: unknown) =>
  new PortalApiError({ kind: 'invalid_response', message, cause });

export const isPortalApiError = (error: unknown): error is PortalApiError => error instanceof PortalApiError;

const RETRY_STATUSES = [429, 502, 503, 504];

/**
 * Failures that say nothing about the request or the session: the network,
 * a timeout, a rate limit, a gateway. Retried (docs/portal-api.md#retries); never end a session.
 * A bare TypeError is what `fetch` throws when offline.
 */
export const isTransientError = (e: unknown): boolean =>
  e instanceof TypeError ||
  (isPortalApiError(e) && (e.kind === 'network' || e.kind === 'timeout' || RETRY_STATUSES.includes(e.status ?? 0)));

const has =
  (test: (e: PortalApiError) => boolean) =>
  (error: unknown): error is PortalApiError =>
    isPortalApiError(error) && test(error);

/** The session ended: sign the user in again (or call `session.renew()`). */
export const isSessionExpiredError = has((e) => e.code === 'SESSION_EXPIRED');
export const isNotFoundError = has((e) => e.status === 404);
/** 400 or 422 from the server; read `fieldErrors`. */
export const isValidationError = has((e) => e.status === 400 || e.status === 422);
export const isConflictError = has((e) => e.status === 409);
/** 429; `retryAfter` holds the seconds to wait when the server said. */
export const isRateLimitError = has((e) => e.status === 429);
export const isNetworkError = has((e) => e.kind === 'network');
export const isTimeoutError = has((e) => e.kind === 'timeout');
export const isAbortError = has((e) => e.kind === 'aborted');
