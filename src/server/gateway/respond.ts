import { BackendError } from './backend';
import { GatewayError, fromBackendError } from './http';
import type { RateState } from './limits';
import { GatewayConfigError, type GatewayErrorEvent, type PortalGatewayOptions } from './options';

// What every answer carries (request id, rate-limit headers, CORS for the
// allowed origins), CORS preflights, and the answer for a failure.

export function createResponder(options: Pick<PortalGatewayOptions, 'allowedOrigins'>) {
  const allowedOrigin = (request: Request) => {
    const origin = request.headers.get('origin');
    return origin && options.allowedOrigins?.includes(origin) ? origin : null;
  };

  function finish(res: Response, requestId: string, rate: RateState | null, request: Request): Response {
    // The gateway's own answers have mutable headers: add to them in place. A response
    // passed through from fetch (immutable headers) is copied once.
    let h = res.headers;
    let copied = false;
    try {
      h.set('x-request-id', requestId);
    } catch {
      h = new Headers(res.headers);
      h.set('x-request-id', requestId);
      copied = true;
    }
    h.set('x-content-type-options', 'nosniff');
    if (rate) {
      h.set('x-ratelimit-limit', String(rate.limit));
      h.set('x-ratelimit-remaining', String(rate.remaining));
      h.set('x-ratelimit-reset', String(rate.reset));
    }
    const origin = allowedOrigin(request);
    if (origin) {
      h.set('access-control-allow-origin', origin);
      h.set('access-control-expose-headers', 'x-request-id, x-ratelimit-limit, x-ratelimit-remaining, x-ratelimit-reset, retry-after');
    }
    if (options.allowedOrigins?.length) h.append('vary', 'Origin');
    return copied ? new Response(res.body, { status: res.status, statusText: res.statusText, headers: h }) : res;
  }

  function preflight(request: Request): Response {
    const origin = allowedOrigin(request);
    return new Response(null, {
      status: 204,
      headers: origin
        ? {
            'access-control-allow-origin': origin,
            'access-control-allow-methods': 'GET, POST, PUT, OPTIONS',
            'access-control-allow-headers': 'Authorization, Content-Type, X-Idempotency-Key, Last-Event-ID',
            'access-control-max-age': '600',
            vary: 'Origin',
          }
        : { vary: 'Origin' },
    });
  }

  return { finish, preflight };
}

/**
 * The browser's answer for a failure: the gateway's own errors as they are,
 * anything else in the kit's words, reported with its cause to `onError`.
 */
export function failureOf(e: unknown, request: Request, report: (kind: GatewayErrorEvent['kind']) => void): GatewayError {
  if (e instanceof GatewayError) return e;
  if (e instanceof BackendError) {
    report('upstream');
    return fromBackendError(e, 5);
  }
  if (e instanceof GatewayConfigError) {
    report('config');
    return new GatewayError(500, 'NOT_CONFIGURED', 'Support is not available right now.');
  }
  if (request.signal.aborted) return new GatewayError(499, 'ABORTED', 'The request was cancelled.');
  report('internal');
  return new GatewayError(500, 'INTERNAL_ERROR', 'Something went wrong. Please try again.');
}
