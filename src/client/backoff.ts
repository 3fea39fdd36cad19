/*
 * Retrying a failed send: whether to, and the wait before. Loaded with a
 * send's first failure (most sessions never see one), so it imports nothing
 * the entry holds: what it needs arrives in `RetryCore`.
 */
import type { PortalApiError } from './errors';
import type { HttpConfig, HttpRequest, race as Race } from './http';
import type { RetryOptions } from './types';

/** What the retry loop needs of the entry. */
export interface RetryCore {
  attempt(req: HttpRequest): Promise<unknown>;
  retry: HttpConfig['retry'];
  race: typeof Race;
  abort(signal: AbortSignal): PortalApiError;
  is(e: unknown): e is PortalApiError;
  transient(e: unknown): boolean;
}

/** Waits before retry `n + 1` of a failed send; rethrows `e` when the server asks for too long a wait. */
export function backoff(e: PortalApiError, n: number, retry: RetryOptions, signal: AbortSignal | undefined, race: typeof Race) {
  const { baseDelayMs = 500, maxDelayMs = 8_000, maxRetryAfterMs = 60_000 } = retry;
  let delay: number;
  if (e.retryAfter !== null) {
    delay = e.retryAfter * 1000;
    // Too long to hold a UI on: surface the 429 with retryAfter so it can say "try again in N s".
    if (delay > maxRetryAfterMs) throw e;
  } else {
    const cap = Math.min(maxDelayMs, baseDelayMs * 2 ** n);
    delay = cap / 2 + (Math.random() * cap) / 2;
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  // An abort rejects at once with the abort error.
  return race(new Promise<void>((r) => (timer = setTimeout(r, delay))), signal).finally(() => clearTimeout(timer));
}

/**
 * After a send's first failure `e`: retries while that is safe and useful,
 * else rethrows the last error.
 */
export async function retrySend(e: unknown, req: HttpRequest, c: RetryCore): Promise<unknown> {
  // GETs are safe to repeat; a POST only when the server can de-duplicate it (docs/portal-api.md#retries).
  // A keyed send is retried on a 500 too, and once more: a reply that waits costs less than one to resend by hand.
  const keyed = !!req.idempotencyKey;
  const retry = c.retry === false ? { retries: 0 } : (c.retry ?? {});
  for (let n = 0; ; n++) {
    if (
      (req.method !== 'GET' && !keyed) ||
      !c.is(e) ||
      !(c.transient(e) || (keyed && e.status === 500)) ||
      n >= (retry.retries ?? (keyed ? 3 : 2))
    )
      throw e;
    await backoff(e, n, retry, req.signal, c.race);
    if (req.signal?.aborted) throw c.abort(req.signal);
    try {
      return await c.attempt(req);
    } catch (next) {
      e = next;
    }
  }
}
