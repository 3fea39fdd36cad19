/*
 * The wait before a retry. Loaded with the first retry (most sessions never
 * retry), so it imports nothing the entry holds: `race` is handed over.
 */
import type { PortalApiError } from './errors';
import type { race as Race } from './http';
import type { RetryOptions } from './types';

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
