import type { PortalTokenResponse } from '../issuePortalToken';
import type { BackendCustomer } from './backend';
import { TOKEN_TTL_S, type Call, type Gateway, type Ready } from './context';
import { GatewayError, invalid, isRecord, json, randomId, readJsonBody } from './http';
import { consumeRate } from './limits';
import { GatewayConfigError } from './options';

// Who is calling: portal tokens (issued, refreshed, verified), magic links,
// and the rate limit every call is counted against.

const MAGIC_TTL_S = 900;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const defaultAddress = (request: Request) => request.headers.get('x-forwarded-for')?.split(',')[0]?.trim() || null;

export function createAuth({ options, store, limits, now, ctxBase }: Pick<Gateway, 'options' | 'store' | 'limits' | 'now' | 'ctxBase'>) {
  async function signPortalToken(r: Ready, c: BackendCustomer): Promise<PortalTokenResponse> {
    const token = await r.signer.sign('portal', { email: c.email, name: c.name }, TOKEN_TTL_S, { subject: c.id, jti: randomId('tok') });
    const expiresAt = new Date((Math.floor(now() / 1000) + TOKEN_TTL_S) * 1000).toISOString();
    return { token, expiresAt, customerId: c.id, email: c.email, ...(c.name ? { name: c.name } : {}) };
  }

  function cleanIdentity(input: { email: string; name?: string | null }) {
    const email = typeof input?.email === 'string' ? input.email.trim().toLowerCase() : '';
    if (!EMAIL.test(email) || email.length > 254) throw new TypeError('issueToken: `email` is missing or not an email address.');
    const name = typeof input.name === 'string' && input.name.trim() ? input.name.trim().slice(0, 200) : null;
    return { email, name };
  }

  async function issue(r: Ready, input: { email: string; name?: string | null }, requestId: string, signal?: AbortSignal) {
    const identity = cleanIdentity(input);
    const ctx = ctxBase(requestId, signal ? AbortSignal.any([signal, AbortSignal.timeout(limits.upstreamTimeoutMs)]) : AbortSignal.timeout(limits.upstreamTimeoutMs), `${r.tenant}:${r.backend.name}`);
    const found = await r.backend.resolveCustomer(ctx, identity);
    // The helpdesk's record decides the id; the email is the one the host vouched for.
    return signPortalToken(r, { id: String(found.id), email: identity.email, name: found.name ?? identity.name });
  }

  async function authenticate(call: Call): Promise<BackendCustomer> {
    const header = call.request.headers.get('authorization') ?? '';
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    const unauthorized = (message: string) =>
      new GatewayError(401, 'UNAUTHORIZED', message, undefined, { 'www-authenticate': 'Bearer error="invalid_token"' });
    if (!m) throw unauthorized('Missing portal token: send Authorization: Bearer <token>.');
    const v = await call.ready.signer.verify('portal', m[1] as string);
    if (!v.ok) throw unauthorized(v.reason === 'expired' ? 'Portal token has expired.' : 'Invalid portal token.');
    const { sub, email, name } = v.claims;
    if (typeof sub !== 'string' || !sub || typeof email !== 'string') throw unauthorized('Invalid portal token.');
    return { id: sub, email, name: typeof name === 'string' ? name : null };
  }

  async function limitRate(call: Call): Promise<void> {
    const bucket = call.customer ? `c:${call.ready.tenant}:${call.customer.id}` : `a:${(options.clientAddress ?? defaultAddress)(call.request) ?? 'unknown'}`;
    const r = await consumeRate(store, bucket, limits.rateLimit.limit, limits.rateLimit.windowSeconds, now());
    call.rate = { limit: r.limit, remaining: r.remaining, reset: r.reset };
    if (r.exceeded) {
      throw new GatewayError(429, 'RATE_LIMITED', `Too many requests. Try again in ${r.retryAfter} s.`, undefined, { 'retry-after': String(r.retryAfter) });
    }
  }

  async function sendMagicLink(r: Ready, { email, portalUrl }: { email: string; portalUrl: string }) {
    if (!options.sendEmail) throw new GatewayConfigError('createPortalGateway: `sendEmail` is missing; magic links need it to send the email.');
    const identity = cleanIdentity({ email });
    let url: URL;
    try {
      url = new URL(portalUrl);
    } catch {
      throw new TypeError('sendMagicLink: `portalUrl` must be an absolute http(s) URL.');
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new TypeError('sendMagicLink: `portalUrl` must be an absolute http(s) URL.');
    const token = await r.signer.sign('magic', { email: identity.email }, MAGIC_TTL_S, { jti: randomId('ml') });
    url.searchParams.set('token', token);
    const expiresAt = new Date((Math.floor(now() / 1000) + MAGIC_TTL_S) * 1000).toISOString();
    await options.sendEmail({ to: identity.email, url: url.href, expiresAt });
  }

  /** `POST /portal/verify` (a magic link, once) and `POST /portal/refresh`. */
  const handlers = {
    async verify(call: Call): Promise<Response> {
      const body = await readJsonBody(call.request, 8192);
      const token = isRecord(body) ? body.token : undefined;
      if (typeof token !== 'string' || token === '') throw invalid([{ field: 'token', message: 'token is required.' }]);
      const refused = () => new GatewayError(401, 'INVALID_MAGIC_LINK', 'This sign-in link is invalid, expired or already used. Request a new one.');
      const v = await call.ready.signer.verify('magic', token);
      if (!v.ok || typeof v.claims.email !== 'string' || typeof v.claims.jti !== 'string') throw refused();
      const ttlMs = Math.max(1000, (Number(v.claims.exp) + 10) * 1000 - now());
      if (!(await store.set(`magic:${v.claims.jti}`, '1', { ttlMs, ifAbsent: true }))) throw refused();
      return json(200, await issue(call.ready, { email: v.claims.email, name: null }, call.requestId, call.request.signal));
    },

    async refresh(call: Call): Promise<Response> {
      const c = call.customer as BackendCustomer;
      return json(200, await signPortalToken(call.ready, c));
    },
  };

  return { issue, authenticate, limitRate, sendMagicLink, handlers };
}
