import { PortalApiError, isAbortError, isPortalApiError, isTransientError } from './errors';
import { race } from './http';
import { tokenLifetime } from './jwt';
import type { GetTokenContext, PortalSession, SessionSnapshot, TokenResult } from './types';

export interface TokenManagerConfig {
  token?: string;
  getToken?: (context: GetTokenContext) => TokenResult | Promise<TokenResult>;
  /** `POST /portal/refresh` with the given token; used when there is no `getToken`. */
  refresh: (token: string) => Promise<TokenResult>;
  timeoutMs: number;
  onSessionExpired?: (error: PortalApiError) => void;
}

export interface TokenManager {
  /** A usable token, renewing first when due. Throws the session error while expired. */
  get(signal?: AbortSignal): Promise<string>;
  /** After a 401 with `used`: renew once (unless someone already did) or expire the session. */
  unauthorized(used: string, signal?: AbortSignal): Promise<void>;
  /** Ends the session (once per episode) and returns its error. */
  expire(cause: unknown): PortalApiError;
  session: PortalSession;
  dispose(): void;
}

const MARGIN_MS = 5 * 60_000;
const RETRY_RENEWAL_MS = 30_000;

/** A renewal that failed for these reasons says nothing about the session: it never ends it. */
const transient = (e: unknown) => isTransientError(e) || (isPortalApiError(e) && (e.status ?? 0) >= 500);

export function createTokenManager(config: TokenManagerConfig): TokenManager {
  const { getToken, refresh, timeoutMs, onSessionExpired } = config;
  let token: string | null = null;
  // Local epoch ms, measured from when the token arrived (so clock skew cannot move them).
  let deadline = Infinity;
  let renewAt = Infinity;
  let customer: SessionSnapshot['customer'] = null;
  let error: PortalApiError | null = null;
  let expired: PortalApiError | null = null;
  let inflight: Promise<void> | null = null;
  let epoch = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let disposed = false;
  const listeners = new Set<() => void>();
  let snapshot: SessionSnapshot;

  const emit = () => {
    snapshot = {
      status: inflight ? 'renewing' : expired ? 'expired' : token ? 'ready' : 'idle',
      customer,
      expiresAt: deadline === Infinity ? null : deadline,
      error: expired ?? error,
    };
    listeners.forEach((l) => l());
  };

  const schedule = () => {
    clearTimeout(timer);
    if (disposed || expired || renewAt === Infinity) return;
    // Background renewal keeps an idle page's session warm. Timers stall while
    // the machine sleeps, which is why get() also checks the wall clock.
    timer = setTimeout(() => void renew('expiring').catch(() => {}), Math.min(Math.max(0, renewAt - Date.now()), 2 ** 31 - 1));
    (timer as { unref?: () => void }).unref?.();
  };

  const apply = (result: TokenResult) => {
    const r = typeof result === 'string' ? { token: result } : result;
    if (!r || typeof r.token !== 'string' || !r.token) {
      throw new PortalApiError({ kind: 'invalid_response', code: 'INVALID_TOKEN', message: 'getToken() returned no token' });
    }
    const now = Date.now();
    const lifetime = tokenLifetime(r.token, r.expiresAt, now);
    const same = r.token === token;
    token = r.token;
    deadline = lifetime === null ? Infinity : now + lifetime;
    // 80 % of the lifetime or 5 min before the end, whichever is earlier (docs/portal-api.md#tokens), but
    // never before half-life: a token shorter than 5 min would otherwise be due on arrival.
    renewAt = lifetime === null ? Infinity : now + Math.max(lifetime / 2, Math.min(lifetime * 0.8, lifetime - MARGIN_MS));
    // A backend that caches tokens may hand back the same one: don't ask again on every call.
    if (same) renewAt = Math.max(renewAt, now + RETRY_RENEWAL_MS);
    customer =
      typeof result === 'string' ? null : { id: result.customerId ?? null, email: result.email ?? null, name: result.name ?? null };
    expired = null;
    error = null;
    schedule();
  };

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

  const expire = (cause: unknown): PortalApiError => {
    if (!expired) {
      expired = new PortalApiError({
        kind: 'session',
        code: 'SESSION_EXPIRED',
        status: isPortalApiError(cause) && cause.status === 401 ? 401 : null,
        message: 'The portal session has expired',
        cause,
      });
      clearTimeout(timer);
      emit();
      try {
        onSessionExpired?.(expired);
      } catch (e) {
        // A throwing callback must not break the request flow, nor vanish.
        queueMicrotask(() => {
          throw e;
        });
      }
    }
    return expired;
  };

  /** After a failed renewal: a dead (or rejected) token ends the session; a still-valid one carries on. */
  const settle = (e: unknown, rejected: boolean) =>
    expired ?? (token && !transient(e) && (rejected || Date.now() >= deadline) ? expire(e) : toError(e));

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
    if (inflight) return inflight;
    const mine = epoch;
    const current = token;
    inflight = (async () => {
      try {
        const result = await (getToken ? withTimeout(Promise.resolve({ reason }).then(getToken)) : refresh(current ?? ''));
        if (epoch === mine) apply(result);
      } catch (e) {
        // setToken() during the renewal wins over its outcome.
        if (epoch === mine) {
          error = toError(e);
          renewAt = Date.now() + RETRY_RENEWAL_MS;
          if (token && Date.now() >= deadline && !transient(e)) expire(e);
          else schedule();
        }
        throw e;
      } finally {
        inflight = null;
        emit();
      }
    })();
    emit();
    return inflight;
  };

  const rethrowAbort = (signal?: AbortSignal) => (e: unknown) => {
    if (signal?.aborted && isAbortError(e)) throw e;
  };

  async function get(signal?: AbortSignal): Promise<string> {
    if (inflight) await race(inflight, signal).catch(rethrowAbort(signal));
    if (expired) throw expired;
    const now = Date.now();
    // Compare against the wall clock on every call: after a sleep, timers are late.
    if (!token || now >= deadline) {
      await race(renew(token ? 'expiring' : 'initial'), signal).catch((e) => {
        rethrowAbort(signal)(e);
        throw settle(e, false);
      });
    } else if (now >= renewAt) {
      // Ahead of expiry the current token still works, so a failed renewal is not fatal.
      await race(renew('expiring'), signal).catch(rethrowAbort(signal));
    }
    if (expired) throw expired;
    // A renewal that did not throw has installed a token.
    return token as string;
  }

  async function unauthorized(used: string, signal?: AbortSignal) {
    if (expired) throw expired;
    if (token === used || inflight) {
      await race(renew('rejected'), signal).catch((e) => {
        rethrowAbort(signal)(e);
        // A token installed meanwhile (setToken) is not the rejected one: replay with it.
        if (!expired && token !== used) return;
        throw settle(e, true);
      });
    }
    if (expired) throw expired;
  }

  if (config.token) apply(config.token);
  emit();

  return {
    get,
    unauthorized,
    expire,
    session: {
      getSnapshot: () => snapshot,
      subscribe(listener) {
        listeners.add(listener);
        return () => void listeners.delete(listener);
      },
      renew: () =>
        renew(token ? 'expiring' : 'initial').catch((e) => {
          throw settle(e, false);
        }),
      setToken(result) {
        epoch++;
        apply(result);
        emit();
      },
    },
    dispose() {
      disposed = true;
      clearTimeout(timer);
      listeners.clear();
    },
  };
}
