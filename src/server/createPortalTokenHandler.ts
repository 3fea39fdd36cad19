import { resolveAdminConfig, type AdminApiOptions, type AdminConfig } from './adminRequest';
import { PortalTokenError, isPortalTokenError } from './errors';
import { cleanCustomer, mintPortalToken, type PortalCustomer, type PortalTokenResponse } from './issuePortalToken';
import { createTokenCache } from './tokenCache';
import { gatewayMint, type TokenIssuer } from './gateway/tokenIssuer';
import { tokenLifetime } from '../client/jwt';

type MaybePromise<T> = T | Promise<T>;

/**
 * What `getCustomer` may return: your session's user as it comes, so a
 * session type whose `email` is optional or `string | null | undefined`
 * (Auth.js, NextAuth, Clerk's primary address) needs no cast. `null` or `undefined`
 * means nobody is signed in (401); a user without a usable email answers 500
 * and reports kind `customer_lookup`.
 */
export type SignedInCustomer = Omit<PortalCustomer, 'email'> & { email?: string | null };

export interface PortalTokenHandlerOptions<Context = unknown> extends AdminApiOptions {
  /**
   * Your own session lookup: who is signed in to *your* app? Return `null` (or
   * `undefined`) when nobody is; the browser then gets 401. The second argument
   * is whatever your framework passed as the handler's second argument (Hono's
   * `c`, `{ req, res }` from {@link toNodeHandler}, Next.js's route context).
   * Throwing answers 500 and reports kind `customer_lookup`.
   *
   * @example
   * getCustomer: async (request) => {
   *   const user = await getUserFromSessionCookie(request.headers.get('cookie'));
   *   return user ? { email: user.email, name: user.fullName } : null;
   * }
   * @example
   * // Auth.js: `session.user.email` is `string | null | undefined`, which is accepted as is.
   * getCustomer: async () => (await auth())?.user ?? null
   */
  getCustomer: (request: Request, context: Context | undefined) => MaybePromise<SignedInCustomer | null | undefined>;
  /**
   * Upper bound, in seconds, on how long one customer's token is reused.
   * `0` turns caching off (simultaneous requests still share one call).
   * Default: no bound beyond the refresh rule (see {@link refreshMarginSeconds}).
   * @example cacheSeconds: 30 * 60
   */
  cacheSeconds?: number;
  /**
   * A cached token is replaced once 80 % of its lifetime has passed or once
   * fewer than this many seconds are left, whichever comes first: 48 minutes
   * for the usual one-hour token. Default 600.
   * @example refreshMarginSeconds: 15 * 60
   */
  refreshMarginSeconds?: number;
  /**
   * Most customers whose tokens are kept; the least recently used go first. Default 1000.
   * @example maxCacheEntries: 10_000
   */
  maxCacheEntries?: number;
  /**
   * `?fresh=1` (what the kit sends after the API rejected a token) skips the
   * cache at most once per customer within this many seconds; further fresh
   * requests inside the window get the token that fresh request minted. A
   * looping or hostile client can then cost the API key one token call per
   * customer per window, not one per request. Default 10.
   * @example freshIntervalSeconds: 30
   */
  freshIntervalSeconds?: number;
  /**
   * Receives every failure as a typed {@link PortalTokenError}, with the request it
   * happened on, for your logger. The helper itself never logs. Called once per
   * failed request (including `not_signed_in`: return early if that is noise to
   * you); errors it throws or rejects with are ignored.
   *
   * @example
   * onError: (error) => {
   *   if (error.kind === 'not_signed_in') return;
   *   logger.error({ kind: error.kind, upstreamStatus: error.upstreamStatus, requestId: error.requestId }, error.message);
   * }
   */
  onError?: (error: PortalTokenError, request: Request) => MaybePromise<void>;
  /**
   * Clock in epoch ms, for tests. Default `Date.now`.
   * @example now: () => clock.now()
   */
  now?: () => number;
}

/**
 * The same handler in front of a portal gateway: tokens come from
 * `gateway.issueToken` (no Dispatch API key involved), so a host's token route
 * looks the same in both modes.
 *
 * @example
 * const handler = createPortalTokenHandler({ gateway, getCustomer: async () => currentUser() });
 */
export interface PortalTokenHandlerGatewayOptions<Context = unknown>
  extends Omit<PortalTokenHandlerOptions<Context>, keyof AdminApiOptions> {
  /** A gateway from `createPortalGateway` (anything with its `issueToken`). */
  gateway: TokenIssuer;
}

/** A fetch-style route handler: `(Request) => Promise<Response>`, plus cache control. */
export interface PortalTokenHandler<Context = unknown> {
  (request: Request, context?: Context): Promise<Response>;
  /**
   * Forgets a customer's cached token (e.g. after sign-out or when their name
   * changes), or every cached token when called without an argument.
   * @example handler.invalidate({ email: user.email });
   */
  invalidate(customer?: Pick<PortalCustomer, 'email'>): void;
}

const BODIES: Record<number, { code: string; message: string }> = {
  401: { code: 'NOT_SIGNED_IN', message: 'Sign in to use support.' },
  405: { code: 'METHOD_NOT_ALLOWED', message: 'Use GET or POST.' },
  500: { code: 'INTERNAL_ERROR', message: 'Support is unavailable right now.' },
};
const UNAVAILABLE = { code: 'SUPPORT_UNAVAILABLE', message: 'Support is temporarily unavailable. Please try again later.' };

const respond = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      // A token is per user and short-lived: no browser, CDN or proxy may keep it.
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      ...headers,
    },
  });

/** Cache key: one entry per customer identity (an email can't contain the separator). */
const keyOf = (c: PortalCustomer) =>
  [c.email.toLowerCase(), c.name ?? '', c.companyName ?? '', c.sourceOrgId ?? ''].join('\n');

/**
 * Creates your backend's portal-token endpoint: a fetch-style
 * `(request: Request) => Promise<Response>` handler for Next.js route
 * handlers, Hono, Remix, Cloudflare Workers, Deno and Bun (and Express or
 * plain `node:http` through {@link toNodeHandler}).
 *
 * On `GET` or `POST` it asks your `getCustomer` who is signed in, issues a portal
 * token for that customer with your API key (`POST /brands/{brandId}/portal/token`), and answers
 * `{ token, expiresAt, customerId, email, name? }` with `Cache-Control: no-store`,
 * which is what the kit's `getToken` expects.
 *
 * - **Caching**: one token per customer, reused until 80 % of its lifetime has
 *   passed or {@link PortalTokenHandlerOptions.refreshMarginSeconds} before expiry,
 *   whichever is first; simultaneous requests for a customer share one API call;
 *   at most `maxCacheEntries` customers are kept (least recently used go first).
 * - **Errors**: the browser only ever gets a generic JSON body
 *   (`{ code, message }`, 401 / 500 / 502 / 503 / 504; 405 for other methods),
 *   never the API's text or your key. Details go to `onError` as a
 *   {@link PortalTokenError}.
 * - **`?fresh=1`** skips the cache, at most once per customer per
 *   {@link PortalTokenHandlerOptions.freshIntervalSeconds} (10 s).
 * - **Configuration**: `apiKey`, `brandId`, `baseUrl`, `timeoutMs` and `fetch`
 *   are checked on the first request, not at import, so `next build` and
 *   Docker builds work without the secrets. A missing one answers 500 and
 *   reaches `onError` as a `config` {@link PortalTokenError} naming the option.
 *   A missing `getCustomer` or a bad cache option throws at creation.
 *
 * @example
 * // Next.js App Router: app/api/support/token/route.ts
 * import { createPortalTokenHandler } from '@dispatchtickets/react/server';
 * import { auth } from '@/auth';
 *
 * const handler = createPortalTokenHandler({
 *   apiKey: process.env.DISPATCH_API_KEY!,
 *   brandId: process.env.DISPATCH_BRAND_ID!,
 *   getCustomer: async () => {
 *     const user = (await auth())?.user;
 *     return user ? { email: user.email, name: user.name } : null;
 *   },
 *   onError: (error) => {
 *     if (error.kind !== 'not_signed_in') console.error(error);
 *   },
 * });
 *
 * export const dynamic = 'force-dynamic';
 * export { handler as GET, handler as POST };
 *
 * @example
 * // Hono (also Cloudflare Workers, Deno, Bun)
 * import type { Context } from 'hono';
 *
 * const handler = createPortalTokenHandler<Context>({
 *   apiKey: env.DISPATCH_API_KEY,
 *   brandId: env.DISPATCH_BRAND_ID,
 *   getCustomer: (_request, c) => {
 *     const user = c?.get('user');
 *     return user ? { email: user.email, name: user.name } : null;
 *   },
 * });
 * app.on(['GET', 'POST'], '/api/support/token', (c) => handler(c.req.raw, c));
 *
 * @example
 * // Express: see toNodeHandler
 * app.get('/api/support/token', toNodeHandler(handler));
 *
 * @example
 * // In the browser
 * <PortalProvider getToken={() => fetch('/api/support/token', { method: 'POST' }).then((r) => {
 *   if (!r.ok) throw new Error(`token endpoint answered ${r.status}`);
 *   return r.json();
 * })} />
 */
export function createPortalTokenHandler<Context = unknown>(
  options: PortalTokenHandlerOptions<Context> | PortalTokenHandlerGatewayOptions<Context>,
): PortalTokenHandler<Context> {
  const caller = 'createPortalTokenHandler';
  const gateway = options && typeof options === 'object' && 'gateway' in options ? options.gateway : undefined;
  const {
    getCustomer,
    onError,
    cacheSeconds = Infinity,
    refreshMarginSeconds = 600,
    maxCacheEntries = 1000,
    freshIntervalSeconds = 10,
    now = Date.now,
  } = options ?? ({} as Partial<PortalTokenHandlerOptions<Context>>);
  const fail = (message: string) => new PortalTokenError({ kind: 'config', message: `${caller}: ${message}` });
  // Code, not deployment secrets: these fail at creation, where a typo belongs.
  if (typeof getCustomer !== 'function') {
    throw fail('`getCustomer` is missing. Pass a function that returns the signed-in customer ({ email, name? }) or null.');
  }
  if (!(cacheSeconds >= 0)) throw fail('`cacheSeconds` must be 0 or more.');
  if (!(refreshMarginSeconds >= 0)) throw fail('`refreshMarginSeconds` must be 0 or more.');
  if (!(maxCacheEntries >= 1)) throw fail('`maxCacheEntries` must be at least 1.');
  if (!(freshIntervalSeconds >= 0)) throw fail('`freshIntervalSeconds` must be 0 or more.');

  // Secrets and endpoints are checked on the first request: a build that imports
  // this module without them set (next build, Docker) must not fail.
  let minter: ((customer: PortalCustomer) => Promise<PortalTokenResponse>) | undefined;
  const configured = () =>
    (minter ??= gateway
      ? gatewayMint(gateway, caller)
      : ((config: AdminConfig) => (customer: PortalCustomer) => mintPortalToken(config, customer))(
          resolveAdminConfig(options as PortalTokenHandlerOptions<Context>, caller),
        ));
  /** When each customer's last honoured `fresh` happened (ms), oldest first. */
  const freshAt = new Map<string, number>();

  const cache = createTokenCache<PortalTokenResponse>({
    maxEntries: maxCacheEntries,
    now,
    ttl: (token, at) => {
      // The browser client's lifetime rule (the JWT's exp − iat caps a host clock
      // running behind the API's), and never past what expiresAt says on our clock:
      // "80 %" is of what is left from when the token arrived.
      const lifetime = Math.min(tokenLifetime(token.token, token.expiresAt, at) ?? 0, Date.parse(token.expiresAt) - at);
      return Math.min(lifetime * 0.8, lifetime - refreshMarginSeconds * 1000, cacheSeconds * 1000);
    },
  });

  const report = (error: PortalTokenError, request: Request) => {
    if (!onError) return;
    try {
      // The host's logger must never turn a handled failure into an unhandled rejection or a crash.
      Promise.resolve(onError(error, request)).catch(() => {});
    } catch {
      // Same for a synchronous throw.
    }
  };

  /** Evicts the customer's cached token unless a fresh one was minted for them within the interval. */
  const honourFresh = (key: string) => {
    const at = now();
    const last = freshAt.get(key);
    if (last !== undefined && at - last < freshIntervalSeconds * 1000) return;
    freshAt.delete(key);
    freshAt.set(key, at);
    for (const k of freshAt.keys()) {
      if (freshAt.size <= maxCacheEntries) break;
      freshAt.delete(k);
    }
    cache.evict(key);
  };

  const handler = async (request: Request, context?: Context): Promise<Response> => {
    if (request.method !== 'GET' && request.method !== 'POST') {
      return respond(405, BODIES[405], { Allow: 'GET, POST' });
    }
    try {
      let found: SignedInCustomer | null | undefined;
      try {
        found = await getCustomer(request, context);
      } catch (cause) {
        throw new PortalTokenError({ kind: 'customer_lookup', message: `${caller}: getCustomer() threw`, cause });
      }
      if (found == null) {
        throw new PortalTokenError({ kind: 'not_signed_in', message: `${caller}: getCustomer() returned no customer (not signed in)` });
      }
      const customer = cleanCustomer(found);
      if (!customer) {
        throw new PortalTokenError({
          kind: 'customer_lookup',
          message: `${caller}: getCustomer() returned a customer without a valid \`email\``,
        });
      }
      const mint = configured();
      const key = keyOf(customer);
      // The kit asks with ?fresh=1 after the API rejected a token (its getToken
      // reason is 'rejected'): a cached token may have been revoked early.
      if (new URL(request.url).searchParams.has('fresh')) honourFresh(key);
      // Deliberately not tied to request.signal: a mint shared by several requests must outlive any one of them.
      const token = await cache.get(key, () => mint(customer));
      return respond(200, token);
    } catch (e) {
      const error = isPortalTokenError(e)
        ? e
        : new PortalTokenError({ kind: 'upstream', status: 500, message: `${caller}: unexpected failure`, cause: e });
      report(error, request);
      const headers: Record<string, string> = error.retryAfter !== null && error.status === 503 ? { 'Retry-After': String(error.retryAfter) } : {};
      return respond(error.status, BODIES[error.status] ?? UNAVAILABLE, headers);
    }
  };

  return Object.assign(handler, {
    invalidate(customer?: Pick<PortalCustomer, 'email'>) {
      const prefix = customer ? `${String(customer.email ?? '').trim().toLowerCase()}\n` : '';
      cache.drop((key) => key.startsWith(prefix));
      for (const key of freshAt.keys()) if (key.startsWith(prefix)) freshAt.delete(key);
    },
  });
}
