import { jwtClaims } from '../../../client/jwt';
import { BackendError, isBackendError } from '../../gateway/backend';
import { createUpstream } from '../../gateway/upstream';
import { asRaw, normalizeKeys, text } from './dto';

/**
 * The service login: one representative JWT for the whole tenant, cached
 * until shortly before its `exp`, renewed single-flight (concurrent calls
 * share one login) on expiry or when AnswerPal answers 401. AnswerPal has no
 * refresh endpoint, so renewing means logging in again. The credentials live
 * in this closure only; errors carry the status and nothing of the request.
 */

export interface SessionOptions {
  baseUrl: string;
  username: string;
  password: string;
  hostname: string;
  fetch?: typeof fetch | undefined;
  timeoutMs?: number | undefined;
  now: () => number;
}

export interface Session {
  /** `Authorization` for the next call (logs in first when needed). */
  headers(): Promise<Record<string, string>>;
  /** For `upstream.onUnauthorized`: renews unless someone already did since `rejected` was sent. */
  onUnauthorized(rejected: Record<string, string>): Promise<boolean>;
  /** Drops the cached token (next call logs in). */
  invalidate(): void;
}

/** Renew this long before `exp`, so a token never expires in flight. */
const EXPIRY_MARGIN_MS = 60_000;
/** Without `exp`, re-login after this long anyway (401s renew it earlier). */
const NO_EXP_LIFETIME_MS = 30 * 60_000;

function expiryOf(jwt: string): number | null {
  const { exp } = jwtClaims(jwt);
  return typeof exp === 'number' && Number.isFinite(exp) ? exp * 1000 : null;
}

export function createSession(options: SessionOptions): Session {
  const { username, password, hostname, now } = options;
  // Login is safe to repeat: reads-style retries apply.
  const upstream = createUpstream({
    baseUrl: options.baseUrl,
    timeoutMs: options.timeoutMs,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  let current: { token: string; renewAt: number } | null = null;
  let inflight: Promise<string> | null = null;

  async function login(): Promise<string> {
    let data: unknown;
    try {
      ({ data } = await upstream.json({ method: 'POST', path: 'Auth/login', body: { username, password, hostname }, idempotent: true }));
    } catch (e) {
      if (!isBackendError(e)) throw e;
      const status = (e.cause as { status?: number } | undefined)?.status;
      // The login's own failures, without the upstream body (it could echo what was sent).
      if (e.kind === 'rate_limited' || e.kind === 'unavailable') throw new BackendError(e.kind, { retryAfter: e.retryAfter ?? undefined, safeToRetry: true, cause: { step: 'login', status } });
      throw new BackendError('unauthorized', { code: 'UPSTREAM_LOGIN_FAILED', cause: { step: 'login', status } });
    }
    const token = text(asRaw(normalizeKeys(data))?.token);
    if (!token) throw new BackendError('unavailable', { cause: { step: 'login', reason: 'no token in the login response' } });
    const exp = expiryOf(token);
    const issued = now();
    const renewAt = exp === null ? issued + NO_EXP_LIFETIME_MS : Math.max(issued, exp - Math.min(EXPIRY_MARGIN_MS, (exp - issued) / 5));
    current = { token, renewAt };
    return token;
  }

  function renew(): Promise<string> {
    inflight ??= login().finally(() => {
      inflight = null;
    });
    return inflight;
  }

  async function token(): Promise<string> {
    if (inflight) return inflight;
    if (current && now() < current.renewAt) return current.token;
    return renew();
  }

  return {
    async headers() {
      return { Authorization: `Bearer ${await token()}` };
    },
    async onUnauthorized(rejected) {
      const sent = rejected.Authorization?.replace(/^Bearer\s+/i, '');
      // Another call already renewed since this one was sent: just replay with the new token.
      if (inflight) await inflight;
      else if (!current || current.token === sent) {
        current = null;
        await renew();
      }
      return true;
    },
    invalidate() {
      current = null;
    },
  };
}
