import { PortalApiError, isAbortError, isPortalApiError, isTransientError, onDemand } from './errors';
import { race } from './http';
import { tokenLifetime } from './jwt';
import type { renewal as Renewal } from './renewal';
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

/**
 * The session state, shared with the renewal code (./renewal), which loads
 * on its own and gets its runtime needs from here.
 */
export interface TokenState {
  config: TokenManagerConfig;
  token: string | null;
  // Local epoch ms, measured from when the token arrived (so clock skew cannot move them).
  deadline: number;
  renewAt: number;
  error: PortalApiError | null;
  expired: PortalApiError | null;
  inflight: Promise<void> | null;
  /** Bumped by setToken(): a renewal started before it must not overwrite its token. */
  epoch: number;
  emit(): void;
  apply(result: TokenResult): void;
  schedule(): void;
  race: typeof race;
  errors: {
    PortalApiError: typeof PortalApiError;
    isPortalApiError: typeof isPortalApiError;
    isTransientError: typeof isTransientError;
    isAbortError: typeof isAbortError;
  };
}

const MARGIN_MS = 5 * 60_000;
const RETRY_RENEWAL_MS = 30_000;

export function createTokenManager(config: TokenManagerConfig): TokenManager {
  let customer: SessionSnapshot['customer'] = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let disposed = false;
  const listeners = new Set<() => void>();
  let snapshot: SessionSnapshot;

  const s: TokenState = {
    config,
    token: null,
    deadline: Infinity,
    renewAt: Infinity,
    error: null,
    expired: null,
    inflight: null,
    epoch: 0,
    race,
    errors: { PortalApiError, isPortalApiError, isTransientError, isAbortError },

    emit() {
      snapshot = {
        status: s.inflight ? 'renewing' : s.expired ? 'expired' : s.token ? 'ready' : 'idle',
        customer,
        expiresAt: s.deadline === Infinity ? null : s.deadline,
        error: s.expired ?? s.error,
      };
      listeners.forEach((l) => l());
    },

    schedule() {
      clearTimeout(timer);
      if (disposed || s.expired || s.renewAt === Infinity) return;
      // Background renewal keeps an idle page's session warm. Timers stall while
      // the machine sleeps, which is why get() also checks the wall clock.
      timer = setTimeout(
        () =>
          void renewal().then(
            (m) => m.renew('expiring').catch(() => {}),
            // The renewal code could not load (offline): try again later, as after a failed renewal.
            () => {
              s.renewAt = Date.now() + RETRY_RENEWAL_MS;
              s.schedule();
            },
          ),
        Math.min(Math.max(0, s.renewAt - Date.now()), 2 ** 31 - 1),
      );
      (timer as { unref?: () => void }).unref?.();
    },

    apply(result) {
      const r = typeof result === 'string' ? { token: result } : result;
      if (!r || typeof r.token !== 'string' || !r.token) {
        throw new PortalApiError({ kind: 'invalid_response', code: 'INVALID_TOKEN', message: 'getToken() returned no token' });
      }
      const now = Date.now();
      const lifetime = tokenLifetime(r.token, r.expiresAt, now);
      const same = r.token === s.token;
      s.token = r.token;
      s.deadline = lifetime === null ? Infinity : now + lifetime;
      // 80 % of the lifetime or 5 min before the end, whichever is earlier (docs/portal-api.md#tokens), but
      // never before half-life: a token shorter than 5 min would otherwise be due on arrival.
      s.renewAt = lifetime === null ? Infinity : now + Math.max(lifetime / 2, Math.min(lifetime * 0.8, lifetime - MARGIN_MS));
      // A backend that caches tokens may hand back the same one: don't ask again on every call.
      if (same) s.renewAt = Math.max(s.renewAt, now + RETRY_RENEWAL_MS);
      customer =
        typeof result === 'string' ? null : { id: result.customerId ?? null, email: result.email ?? null, name: result.name ?? null };
      s.expired = null;
      s.error = null;
      s.schedule();
    },
  };

  // Renewing (the first token included), its failures and the 401 handshake: a chunk of its own,
  // outside the entry. A chunk that can't load fails the call as a retryable network error.
  let loaded: ReturnType<typeof Renewal> | undefined;
  const renewal = onDemand(() => import('./renewal').then((m) => (loaded = m.renewal(s))), 'session code');
  /** Runs `use` on the renewal code: at once when loaded (same timing as if it were here), else once it is. */
  const withRenewal = <T>(use: (m: ReturnType<typeof Renewal>) => Promise<T>, signal?: AbortSignal) =>
    loaded ? use(loaded) : race(renewal(), signal).then(use);
  // Every session renews soon (a provider at once): start loading now.
  renewal().catch(() => {});

  if (config.token) s.apply(config.token);
  s.emit();

  return {
    get(signal) {
      const now = Date.now();
      // The common case, a current token, needs no renewal code.
      return !s.inflight && !s.expired && s.token && now < s.renewAt && now < s.deadline
        ? Promise.resolve(s.token)
        : withRenewal((m) => m.get(signal), signal);
    },
    unauthorized: (used, signal) => withRenewal((m) => m.unauthorized(used, signal), signal),
    // Only called after unauthorized(), which loaded the renewal code; else the cause stands.
    expire: (cause) => loaded?.expire(cause) ?? s.expired ?? (cause as PortalApiError),
    session: {
      getSnapshot: () => snapshot,
      subscribe(listener) {
        listeners.add(listener);
        return () => void listeners.delete(listener);
      },
      renew() {
        // A setToken() while the code loads wins, as it does over a running renewal.
        const epoch = s.epoch;
        return withRenewal(async (m) => (s.epoch === epoch ? m.renewSession() : undefined));
      },
      setToken(result) {
        s.epoch++;
        s.apply(result);
        s.emit();
      },
    },
    dispose() {
      disposed = true;
      clearTimeout(timer);
      listeners.clear();
    },
  };
}
