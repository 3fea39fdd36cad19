/**
 * What went wrong, from the host's point of view:
 *
 * - `config`: the helper was set up wrongly (missing `apiKey`/`brandId`, a bad
 *   `baseUrl` or `portalUrl`). Thrown at creation, or before any request is sent.
 * - `not_signed_in`: `getCustomer` returned `null`: nobody is signed in.
 * - `customer_lookup`: `getCustomer` threw, or returned a customer without a usable email.
 * - `invalid_input`: `sendMagicLink` was given an empty or malformed email.
 * - `upstream`: the Dispatch Tickets API answered with a non-2xx status (bad API
 *   key, key without access to the brand, unknown brand, rate limit, outage …) or
 *   with a body that is not a usable answer.
 * - `network`: no answer at all (DNS, refused or dropped connection).
 * - `timeout`: no answer within `timeoutMs`.
 */
export type PortalTokenErrorKind =
  | 'config'
  | 'not_signed_in'
  | 'customer_lookup'
  | 'invalid_input'
  | 'upstream'
  | 'network'
  | 'timeout';

export interface PortalTokenErrorInit {
  kind: PortalTokenErrorKind;
  message: string;
  status?: number;
  upstreamStatus?: number | null;
  upstreamCode?: string | null;
  upstreamMessage?: string | null;
  requestId?: string | null;
  retryAfter?: number | null;
  cause?: unknown;
}

const STATUS: Record<PortalTokenErrorKind, number> = {
  config: 500,
  not_signed_in: 401,
  customer_lookup: 500,
  invalid_input: 400,
  upstream: 502,
  network: 503,
  timeout: 504,
};

/**
 * The one error type of `@dispatchtickets/react/server`: passed to the handler's
 * `onError`, thrown by `issuePortalToken` and `sendMagicLink`.
 *
 * It is meant for **your logs**, not for browsers. `message` never holds the API
 * key, a token or the customer's email. `upstreamMessage` is the API's own text,
 * which may quote what was sent (an email, say): log it only where customer
 * data may go.
 *
 * @example
 * createPortalTokenHandler({
 *   // …
 *   onError: (error) => {
 *     if (error.kind === 'not_signed_in') return;
 *     logger.warn({ kind: error.kind, upstreamStatus: error.upstreamStatus, requestId: error.requestId }, error.message);
 *   },
 * });
 */
export class PortalTokenError extends Error {
  override name = 'PortalTokenError';
  readonly kind: PortalTokenErrorKind;
  /**
   * The HTTP status the token handler answers the browser with for this error
   * (401, 500, 502, 503 or 504; 400 for `invalid_input`). Use it when you write
   * your own route around `issuePortalToken` or `sendMagicLink`.
   */
  readonly status: number;
  /** The Dispatch Tickets API's HTTP status, or null when it never answered. */
  readonly upstreamStatus: number | null;
  /** The API's error `code` (e.g. `UNAUTHORIZED`, `FORBIDDEN`, `BRAND_NOT_FOUND`), when it sent one. */
  readonly upstreamCode: string | null;
  /** The API's error text. May quote customer data; never show it to end users. */
  readonly upstreamMessage: string | null;
  /** The API's `x-request-id`: quote it when you contact Dispatch Tickets support. */
  readonly requestId: string | null;
  /** Seconds from the API's `Retry-After` (429 / 503), or null. */
  readonly retryAfter: number | null;

  constructor(init: PortalTokenErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.kind = init.kind;
    this.status = init.status ?? STATUS[init.kind];
    this.upstreamStatus = init.upstreamStatus ?? null;
    this.upstreamCode = init.upstreamCode ?? null;
    this.upstreamMessage = init.upstreamMessage ?? null;
    this.requestId = init.requestId ?? null;
    this.retryAfter = init.retryAfter ?? null;
  }
}

/**
 * Narrows an unknown error to {@link PortalTokenError}.
 *
 * @example
 * try {
 *   await sendMagicLink({ apiKey, brandId, email, portalUrl });
 * } catch (error) {
 *   if (isPortalTokenError(error) && error.kind === 'invalid_input') return Response.json({ code: 'INVALID_EMAIL' }, { status: 400 });
 *   throw error;
 * }
 */
export const isPortalTokenError = (error: unknown): error is PortalTokenError => error instanceof PortalTokenError;
