import { Hono } from 'hono';
import type { AppEnv, MockContext, RequestKind, RequestState } from './context';
import { randomId } from './crypto';
import { routePathOf } from './faults';
import { ALLOWED_HEADERS, ApiError, DROP_HEADER, errorResponse, EXPOSED_HEADERS, jsonResponse, sleep } from './http';
import { registerAdminRoutes } from './routes/admin';
import { registerControlRoutes } from './routes/control';
import { registerPortalRoutes } from './routes/portal';
import { injectedStorageFailure, registerStorageRoutes, STORAGE_PREFIX } from './storage';

const LOCALHOST_ORIGIN = /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/;

function classify(pathname: string): RequestKind {
  if (pathname === '/__mock' || pathname.startsWith('/__mock/')) return 'mock';
  if (pathname.startsWith(STORAGE_PREFIX)) return 'storage';
  if (pathname === '/v1' || pathname.startsWith('/v1/')) return 'api';
  // Older SDKs (< 0.8.1) dropped `/v1` : the API answers both.
  if (/^\/(portal|brands)(\/|$)/.test(pathname)) return 'api';
  return 'other';
}

const codeForStatus = (status: number): string =>
  ({ 400: 'BAD_REQUEST', 401: 'UNAUTHORIZED', 403: 'FORBIDDEN', 404: 'NOT_FOUND', 409: 'CONFLICT', 429: 'RATE_LIMITED', 503: 'SERVICE_UNAVAILABLE' })[
    status
  ] ?? (status >= 500 ? 'INTERNAL_ERROR' : 'ERROR');

/** A response the adapters turn into a network failure. */
const dropped = () => new Response(null, { status: 599, headers: { [DROP_HEADER]: '1' } });

/**
 * The one Hono app behind every way the mock is served. The first middleware
 * is the "network" in front of the routes: request ids, outage, latency,
 * injected failures, the 429 storm, CORS, rate-limit headers and
 * drop-after-commit.
 */
export function createApp(ctx: MockContext, reset: () => void): Hono<AppEnv> {
  const app = new Hono<AppEnv>({ strict: false });
  const { faults, store, options } = ctx;

  /** Portal CORS: the brand's `portalOrigins`; with no brand known yet, any brand's. */
  const portalOriginAllowed = (origin: string, brandId: string | null) => {
    if (options.allowLocalhostOrigins && LOCALHOST_ORIGIN.test(origin)) return true;
    if (brandId) return store.brands.get(brandId)?.portalOrigins.includes(origin) ?? false;
    for (const brand of store.brands.values()) if (brand.portalOrigins.includes(origin)) return true;
    return false;
  };

  const finalize = (res: Response, rc: RequestState, origin: string | null) => {
    const h = res.headers;
    h.set('x-request-id', rc.requestId);
    h.append('vary', 'Origin');
    if (rc.kind === 'api') {
      const rate = rc.rate ?? ctx.rate.peek('anon');
      if (!h.has('x-ratelimit-limit')) {
        h.set('x-ratelimit-limit', String(rate.limit));
        h.set('x-ratelimit-remaining', String(rate.remaining));
        h.set('x-ratelimit-reset', String(rate.reset));
      }
    }
    if (!origin) return;
    const isAdmin = rc.kind === 'api' && /^\/brands(\/|$)/.test(rc.routePath);
    // Admin, storage (a permissive bucket) and /__mock: any origin. Portal: the brand's portalOrigins.
    const allowed = rc.kind !== 'api' || isAdmin || portalOriginAllowed(origin, rc.brandId);
    if (!allowed) return;
    h.set('access-control-allow-origin', origin);
    h.set('access-control-expose-headers', rc.kind === 'storage' ? `${EXPOSED_HEADERS}, etag` : EXPOSED_HEADERS);
  };

  const preflight = (rc: RequestState, request: Request): Response => {
    // A preflight carries no token, so it cannot be tied to a brand: answer permissively.
    const requested = request.headers.get('access-control-request-headers');
    const allowHeaders = rc.kind === 'api' ? ALLOWED_HEADERS : requested || 'Content-Type';
    const methods = rc.kind === 'storage' ? 'GET, HEAD, PUT' : 'GET, POST, PUT, PATCH, DELETE, OPTIONS';
    return new Response(null, {
      status: 204,
      headers: {
        'access-control-allow-origin': request.headers.get('origin') ?? '*',
        'access-control-allow-methods': methods,
        'access-control-allow-headers': allowHeaders,
        'access-control-max-age': '600',
      },
    });
  };

  /** Tells `onRequest` listeners; a listener that throws never breaks the response. */
  const notify = async (rc: RequestState, method: string, res: Response | null) => {
    if (ctx.listeners.size === 0) return;
    const json = res && /^application\/json/.test(res.headers.get('content-type') ?? '');
    const body: unknown = json ? await res.clone().json().catch(() => undefined) : undefined;
    const record = { method, path: rc.routePath, kind: rc.kind, status: res?.status ?? 0, requestId: rc.requestId, body };
    for (const listener of [...ctx.listeners]) {
      try {
        listener(record);
      } catch {
        // A test's listener is not the mock's problem.
      }
    }
  };

  app.use('*', async (c, next) => {
    const url = new URL(c.req.url);
    const kind = classify(url.pathname);
    const routePath = kind === 'api' ? routePathOf(url.pathname) : url.pathname;
    const rc: RequestState = { requestId: randomId('req', 16), kind, routePath, brandId: null, rate: null };
    c.set('rc', rc);
    const method = c.req.method;
    const origin = c.req.header('origin') ?? null;
    const variant = faults.variants.errorBody;

    let early: Response | null = null;
    if (kind === 'api' && faults.outage) {
      if (faults.outage.mode === 'drop') {
        await notify(rc, method, null);
        return dropped();
      }
      early = errorResponse(variant, new ApiError(503, 'SERVICE_UNAVAILABLE', 'The API is temporarily unavailable.', { headers: { 'retry-after': '5' } }));
    } else if (method === 'OPTIONS') {
      early = preflight(rc, c.req.raw);
    } else if (kind === 'api' || kind === 'storage') {
      const delay = faults.latencyFor(method, routePath, kind === 'api');
      if (delay > 0) await sleep(delay);
      const storm = kind === 'api' ? faults.takeStorm() : null;
      if (storm) {
        const reset = Math.ceil((ctx.now() + storm.retryAfterSeconds * 1000) / 1000);
        rc.rate = { limit: faults.rateLimit.limit, remaining: 0, reset, retryAfter: storm.retryAfterSeconds };
        early = errorResponse(
          variant,
          new ApiError(429, 'RATE_LIMITED', `Rate limit exceeded. Retry in ${storm.retryAfterSeconds} s.`, {
            headers: { 'retry-after': String(storm.retryAfterSeconds) },
          }),
        );
      } else {
        const failure = faults.takeFailure(method, routePath);
        if (failure) {
          const headers = failure.retryAfterSeconds !== undefined ? { 'retry-after': String(failure.retryAfterSeconds) } : undefined;
          early =
            kind === 'storage'
              ? injectedStorageFailure(failure.status, failure.message)
              : errorResponse(
                  variant,
                  new ApiError(failure.status, failure.code ?? codeForStatus(failure.status), failure.message ?? `Injected failure (${failure.status}).`, {
                    ...(headers ? { headers } : {}),
                  }),
                );
          if (headers) for (const [k, v] of Object.entries(headers)) early.headers.set(k, v);
        }
      }
    }

    if (early) {
      finalize(early, rc, origin);
      await notify(rc, method, early);
      return early;
    }
    await next();
    const res = c.res;
    if (kind !== 'mock' && kind !== 'other' && faults.takeDrop(method, routePath)) {
      // Commit then drop: the route has run; the adapter loses the response.
      res.headers.set(DROP_HEADER, '1');
      await notify(rc, method, null);
      return;
    }
    finalize(res, rc, origin);
    await notify(rc, method, res);
  });

  registerControlRoutes(app, ctx, reset);
  registerStorageRoutes(app, ctx);
  for (const base of ['/v1', '']) {
    registerPortalRoutes(app, ctx, base);
    registerAdminRoutes(app, ctx, base);
  }

  app.notFound((c) =>
    errorResponse(
      c.get('rc')?.kind === 'mock' ? 'default' : faults.variants.errorBody,
      new ApiError(404, 'NOT_FOUND', `Cannot ${c.req.method} ${new URL(c.req.url).pathname}`),
    ),
  );

  app.onError((err, c) => {
    const variant = c.get('rc')?.kind === 'mock' ? 'default' : faults.variants.errorBody;
    if (err instanceof ApiError) return errorResponse(variant, err);
    // A client that cancels an upload aborts its request body: expected, not a mock bug.
    const aborted = c.req.raw.signal.aborted || (err as { code?: string }).code === 'ECONNRESET';
    if (!aborted) console.error('[dispatch mock] unexpected error', err);
    return jsonResponse(500, { message: 'Internal server error in the mock.', code: 'INTERNAL_ERROR' });
  });

  return app;
}
