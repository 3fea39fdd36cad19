/*
 * Getting a token (the first one included), its timeout and failures, the
 * 401 handshake. Loaded with the first renewal; imports nothing the entry
 * holds at runtime: the token manager hands over its state and helpers.
 */
import type { GetTokenContext } from './types';
import type { TokenState } from './tokens';

/** As in ./tokens (a runtime import from there would split the entry). */
const RETRY_RENEWAL_MS = 30_000;

export function renewal(s: TokenState) {
  const {
    config: { getToken, refresh, timeoutMs, onSessionExpired },
    race,
    errors: { PortalApiError, isPortalApiError, isTransientError, isAbortError },
  } = s;

  /** A renewal that failed for these reasons says nothing about the session: it never ends it. */
  const transient = (e: unknown) => isTransientError(e) || (isPortalApiError(e) && (e.status ?? 0) >= 500);

  const toError = (e: unknown) => {
    if (isPortalApiError(e)) return e;
    const offline = transient(e);
    return new PortalApiError({
      kind: offline ? 'network' : 'session',
      code: offline ? undefined : 'TOKEN_RENEWAL_FAILED',
      message: 'getToken() failed',
      cause: e,
    });
  };

  /** Ends the session (once per episode) and returns its error. */
  const expire = (cause: unknown): InstanceType<typeof PortalApiError> => {
    if (!s.expired) {
      s.expired = new PortalApiError({
        kind: 'session',
        code: 'SESSION_EXPIRED',
        status: isPortalApiError(cause) && cause.status === 401 ? 401 : null,
        message: 'The portal session has expired',
        cause,
      });
      s.schedule(); // stops the renewal timer (expired)
      s.emit();
      try {
        onSessionExpired?.(s.expired);
      } catch (e) {
        // A throwing callback must not break the request flow, nor vanish.
        queueMicrotask(() => {
          throw e;
        });
      }
    }
    return s.expired;
  };

  /** After a failed renewal: a dead (or rejected) token ends the session; a still-valid one carries on. */
  const settle = (e: unknown, rejected: boolean) =>
    s.expired ?? (s.token && !transient(e) && (rejected || Date.now() >= s.deadline) ? expire(e) : toError(e));

  const withTimeout = async <T>(promise: Promise<T>): Promise<T> => {
    const controller = new AbortController();
    const t = setTimeout(() => controller.abort(), timeoutMs);
    try {
      return await race(promise, controller.signal);
    } catch (e) {
      if (controller.signal.aborted) throw new PortalApiError({ kind: 'timeout', message: `getToken() took over ${timeoutMs} ms` });
      throw e;
    } finally {
      clearTimeout(t);
    }
  };

  /** Single flight: every caller during a renewal shares one promise. */
  const renew = (reason: GetTokenContext['reason']): Promise<void> => {
    if (s.inflight) return s.inflight;
    const mine = s.epoch;
    const current = s.token;
    s.inflight = (async () => {
      try {
        const result = await (getToken ? withTimeout(Promise.resolve({ reason }).then(getToken)) : refresh(current ?? ''));
        if (s.epoch === mine) s.apply(result);
      } catch (e) {
        // setToken() during the renewal wins over its outcome.
        if (s.epoch === mine) {
          s.error = toError(e);
          s.renewAt = Date.now() + RETRY_RENEWAL_MS;
          if (s.token && Date.now() >= s.deadline && !transient(e)) expire(e);
          else s.schedule();
        }
        throw e;
      } finally {
        s.inflight = null;
        s.emit();
      }
    })();
    s.emit();
    return s.inflight;
  };

  const rethrowAbort = (signal?: AbortSignal) => (e: unknown) => {
    if (signal?.aborted && isAbortError(e)) throw e;
  };

  return {
    renew,
    expire,

    async get(signal?: AbortSignal): Promise<string> {
      if (s.inflight) await race(s.inflight, signal).catch(rethrowAbort(signal));
      if (s.expired) throw s.expired;
      const now = Date.now();
      // Compare against the wall clock on every call: after a sleep, timers are late.
      if (!s.token || now >= s.deadline) {
        await race(renew(s.token ? 'expiring' : 'initial'), signal).catch((e) => {
          rethrowAbort(signal)(e);
          throw settle(e, false);
        });
      } else if (now >= s.renewAt) {
        // Ahead of expiry the current token still works, so a failed renewal is not fatal.
        await race(renew('expiring'), signal).catch(rethrowAbort(signal));
      }
      if (s.expired) throw s.expired;
      // A renewal that did not throw has installed a token.
      return s.token as string;
    },

    async unauthorized(used: string, signal?: AbortSignal) {
      if (s.expired) throw s.expired;
      if (s.token === used || s.inflight) {
        await race(renew('rejected'), signal).catch((e) => {
          rethrowAbort(signal)(e);
          // A token installed meanwhile (setToken) is not the rejected one: replay with it.
          if (!s.expired && s.token !== used) return;
          throw settle(e, true);
        });
      }
      if (s.expired) throw s.expired;
    },

    renewSession: () =>
      renew(s.token ? 'expiring' : 'initial').catch((e) => {
        throw settle(e, false);
      }),
  };
}
