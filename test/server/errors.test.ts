import { afterEach, describe, expect, it, vi } from 'vitest';
import { startMockServer } from '../../src/mock/node';
import {
  createPortalTokenHandler,
  isPortalTokenError,
  PortalTokenError,
  type PortalTokenHandlerOptions,
} from '../../src/server';
import { customerFromHeader, recordingFetch, SEED, tokenRequest, useMockServer } from './helpers';

const h = useMockServer();
const SECRET_KEY = 'sk_test_this_key_is_wrong_0123456789';
const { jane } = SEED.customers;

function setup(options: Partial<PortalTokenHandlerOptions> = {}) {
  const rec = recordingFetch(options.fetch);
  const onError = vi.fn<(error: PortalTokenError, request: Request) => void>();
  const handler = createPortalTokenHandler({
    apiKey: SEED.apiKey,
    brandId: SEED.brandId,
    baseUrl: h.base,
    getCustomer: customerFromHeader,
    onError,
    ...options,
    fetch: rec.fetch,
  });
  return { handler, rec, onError, lastError: () => onError.mock.calls.at(-1)?.[0] };
}

const UNAVAILABLE = { code: 'SUPPORT_UNAVAILABLE', message: 'Support is temporarily unavailable. Please try again later.' };

/** Everything a browser sees, as one string, to search for leaks. */
async function browserView(res: Response): Promise<{ status: number; text: string; body: unknown }> {
  const text = await res.text();
  return { status: res.status, text: `${[...res.headers].map(([k, v]) => `${k}: ${v}`).join('\n')}\n${text}`, body: JSON.parse(text) };
}

afterEach(async () => {
  await h.control('reset', {});
});

describe('not signed in', () => {
  it.each([null, undefined])('getCustomer → %s: 401 with a generic body, no upstream call', async (value) => {
    const { handler, rec, onError, lastError } = setup({ getCustomer: async () => value });
    const res = await handler(tokenRequest());
    expect(res.status).toBe(401);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toEqual({ code: 'NOT_SIGNED_IN', message: 'Sign in to use support.' });
    expect(rec.calls).toHaveLength(0);
    expect(onError).toHaveBeenCalledTimes(1);
    expect(lastError()).toMatchObject({ name: 'PortalTokenError', kind: 'not_signed_in', status: 401, upstreamStatus: null });
    expect(onError.mock.calls[0]?.[1]).toBeInstanceOf(Request);
  });
});

describe('getCustomer failures', () => {
  it('throwing → 500 generic, kind customer_lookup with the cause', async () => {
    const boom = new Error('session store down: redis://user:pw@cache');
    const { handler, rec, lastError } = setup({
      getCustomer: () => {
        throw boom;
      },
    });
    const view = await browserView(await handler(tokenRequest()));
    expect(view.status).toBe(500);
    expect(view.body).toEqual({ code: 'INTERNAL_ERROR', message: expect.any(String) });
    expect(view.text).not.toContain('redis');
    expect(lastError()).toMatchObject({ kind: 'customer_lookup', status: 500 });
    expect(lastError()?.cause).toBe(boom);
    expect(rec.calls).toHaveLength(0);
  });

  it.each([{ email: '' }, { email: 'not-an-email' }, { name: 'No Email' }, 'jane@example.com'])(
    'a customer without a usable email (%j) → 500, customer_lookup, no upstream call',
    async (customer) => {
      const { handler, rec, lastError } = setup({ getCustomer: () => customer as never });
      const view = await browserView(await handler(tokenRequest()));
      expect(view.status).toBe(500);
      expect(lastError()?.kind).toBe('customer_lookup');
      expect(lastError()?.message).not.toContain('not-an-email');
      expect(rec.calls).toHaveLength(0);
    },
  );
});

describe('upstream refusals: generic 502, typed error for the host', () => {
  it('a bad API key never reaches the browser, nor does the API’s text', async () => {
    const { handler, lastError } = setup({ apiKey: SECRET_KEY });
    const view = await browserView(await handler(tokenRequest()));
    expect(view.status).toBe(502);
    expect(view.body).toEqual(UNAVAILABLE);
    for (const leak of [SECRET_KEY, 'Invalid API key', 'UNAUTHORIZED', 'x-request-id', jane.email]) expect(view.text).not.toContain(leak);

    const error = lastError();
    expect(isPortalTokenError(error)).toBe(true);
    expect(error).toMatchObject({
      kind: 'upstream',
      status: 502,
      upstreamStatus: 401,
      upstreamCode: 'UNAUTHORIZED',
      upstreamMessage: 'Invalid API key.',
      requestId: expect.stringMatching(/.+/),
    });
    expect(error?.message).toMatch(/401 UNAUTHORIZED \(check `apiKey`\)/);
    // The host's log line holds neither the key nor the customer's email.
    const logged = `${String(error)} ${error?.stack} ${JSON.stringify(error)}`;
    expect(logged).not.toContain(SECRET_KEY);
    expect(logged).not.toContain(jane.email);
  });

  it('a key for another brand → 502, upstream 403 FORBIDDEN', async () => {
    const { handler, lastError } = setup({ apiKey: SEED.otherApiKey });
    const view = await browserView(await handler(tokenRequest()));
    expect(view.status).toBe(502);
    expect(view.body).toEqual(UNAVAILABLE);
    expect(view.text).not.toContain(SEED.otherApiKey);
    expect(view.text).not.toContain('does not have access');
    expect(lastError()).toMatchObject({ kind: 'upstream', upstreamStatus: 403, upstreamCode: 'FORBIDDEN' });
  });

  it('an unknown brand → 502, upstream 404 BRAND_NOT_FOUND', async () => {
    const { handler, lastError } = setup({ brandId: 'br_nope' });
    const view = await browserView(await handler(tokenRequest()));
    expect(view.status).toBe(502);
    expect(view.text).not.toContain('br_nope');
    expect(lastError()).toMatchObject({ upstreamStatus: 404, upstreamCode: 'BRAND_NOT_FOUND' });
    expect(lastError()?.message).toContain('check `brandId` and `baseUrl`');
  });

  it.each([
    ['V1', { upstreamCode: 'UNAUTHORIZED', upstreamMessage: 'Invalid API key.' }],
    ['V3', { upstreamMessage: 'Invalid API key.' }],
    ['V5', { upstreamMessage: 'Invalid API key.' }],
  ] as const)('reads the %s error envelope', async (errorBody, expected) => {
    await h.control('variants', { errorBody });
    const { handler, lastError } = setup({ apiKey: SECRET_KEY });
    const view = await browserView(await handler(tokenRequest()));
    expect(view.body).toEqual(UNAVAILABLE);
    expect(lastError()).toMatchObject({ upstreamStatus: 401, ...expected });
  });

  it('an empty or non-numeric Retry-After upstream is no hint: none is passed on', async () => {
    for (const value of ['', 'soon']) {
      const upstream: typeof fetch = async () =>
        new Response(JSON.stringify({ message: 'busy' }), { status: 503, headers: { 'content-type': 'application/json', 'retry-after': value } });
      const { handler, onError } = setup({ fetch: upstream });
      const res = await handler(tokenRequest());
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBeNull();
      expect(onError.mock.calls[0]?.[0]).toMatchObject({ retryAfter: null });
    }
  });

  it('a rate limit → 503 with Retry-After, no upstream text', async () => {
    await h.control('failures', {
      path: '/brands/:brandId/portal/token',
      status: 429,
      code: 'RATE_LIMITED',
      message: 'Upstream secret detail',
      retryAfterSeconds: 7,
    });
    const { handler, lastError } = setup();
    const res = await handler(tokenRequest());
    expect(res.headers.get('retry-after')).toBe('7');
    const view = await browserView(res);
    expect(view.status).toBe(503);
    expect(view.body).toEqual(UNAVAILABLE);
    expect(view.text).not.toContain('Upstream secret detail');
    expect(lastError()).toMatchObject({ kind: 'upstream', status: 503, upstreamStatus: 429, retryAfter: 7, upstreamMessage: 'Upstream secret detail' });
  });

  it('an upstream 500 → 502; 503 → 503', async () => {
    await h.control('failures', { path: '/brands/:brandId/portal/token', status: 500, count: 1, message: 'stack trace here' });
    const { handler, lastError } = setup();
    const first = await browserView(await handler(tokenRequest()));
    expect(first.status).toBe(502);
    expect(first.text).not.toContain('stack trace');
    expect(lastError()).toMatchObject({ upstreamStatus: 500 });

    await h.control('outage', { down: true, mode: '503' });
    const second = await browserView(await handler(tokenRequest()));
    expect(second.status).toBe(503);
    expect(second.body).toEqual(UNAVAILABLE);
    expect(lastError()).toMatchObject({ kind: 'upstream', upstreamStatus: 503 });
  });

  it('a 2xx without a usable body → 502', async () => {
    const bodies = ['<html>Gateway</html>', '', '{"token":""}', '{"token":"abc","expiresAt":"soon"}', '[1,2]'];
    for (const text of bodies) {
      const fakeUpstream: typeof fetch = async () => new Response(text, { status: 200, headers: { 'content-type': 'application/json' } });
      const { handler, lastError } = setup({ fetch: fakeUpstream });
      const view = await browserView(await handler(tokenRequest()));
      expect(view.status, text).toBe(502);
      expect(view.body).toEqual(UNAVAILABLE);
      expect(lastError()?.kind).toBe('upstream');
    }
  });
});

describe('upstream unreachable', () => {
  it('API down (connections dropped) → 503, kind network', async () => {
    await h.control('outage', { down: true });
    const { handler, lastError } = setup();
    const view = await browserView(await handler(tokenRequest()));
    expect(view.status).toBe(503);
    expect(view.body).toEqual(UNAVAILABLE);
    expect(lastError()).toMatchObject({ kind: 'network', status: 503, upstreamStatus: null });
    expect(lastError()?.cause).toBeInstanceOf(Error);
  });

  it('nothing listening → 503, kind network', async () => {
    const gone = await startMockServer({ port: 0, hostname: '127.0.0.1' });
    await gone.close();
    const { handler, lastError } = setup({ baseUrl: gone.baseUrl });
    const view = await browserView(await handler(tokenRequest()));
    expect(view.status).toBe(503);
    expect(view.text).not.toContain(gone.baseUrl);
    expect(lastError()?.kind).toBe('network');
  });

  it('no answer within timeoutMs → 504, kind timeout', async () => {
    await h.control('latency', { ms: 2_000, path: '/brands/:brandId/portal/token' });
    const { handler, lastError } = setup({ timeoutMs: 100 });
    const view = await browserView(await handler(tokenRequest()));
    // A 504 proves the wait was cut short: the mock's answer after 2 s would have been a 200.
    expect(view.status).toBe(504);
    expect(view.body).toEqual(UNAVAILABLE);
    expect(lastError()).toMatchObject({ kind: 'timeout', status: 504 });
  });

  it('failures are not cached: the next request tries again and succeeds', async () => {
    await h.control('outage', { down: true });
    const { handler, rec } = setup();
    expect((await handler(tokenRequest())).status).toBe(503);
    await h.control('outage', { down: false });
    expect((await handler(tokenRequest())).status).toBe(200);
    expect(rec.mints).toBe(2);
  });

  it('simultaneous requests share one failing call; each failed request is reported', async () => {
    await h.control('latency', { ms: 100, path: '/brands/:brandId/portal/token' });
    await h.control('failures', { path: '/brands/:brandId/portal/token', status: 503, count: 1 });
    const { handler, rec, onError } = setup();
    const responses = await Promise.all(Array.from({ length: 5 }, () => handler(tokenRequest())));
    expect(responses.map((r) => r.status)).toEqual([503, 503, 503, 503, 503]);
    expect(rec.mints).toBe(1);
    expect(onError).toHaveBeenCalledTimes(5);
  });
});

describe('onError', () => {
  it('a throwing or rejecting onError does not change the answer', async () => {
    const unhandled = vi.fn();
    process.on('unhandledRejection', unhandled);
    try {
      for (const onError of [
        () => {
          throw new Error('logger broke');
        },
        () => Promise.reject(new Error('async logger broke')),
      ]) {
        const handler = createPortalTokenHandler({ apiKey: SECRET_KEY, brandId: SEED.brandId, baseUrl: h.base, getCustomer: customerFromHeader, onError });
        expect((await handler(tokenRequest())).status).toBe(502);
        expect((await handler(tokenRequest({ as: null }))).status).toBe(401);
      }
      // Node reports unhandled rejections once the microtasks of a turn have run: wait one turn.
      await new Promise((r) => setImmediate(r));
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });

  it('is optional', async () => {
    const handler = createPortalTokenHandler({ apiKey: SECRET_KEY, brandId: SEED.brandId, baseUrl: h.base, getCustomer: customerFromHeader });
    expect((await handler(tokenRequest())).status).toBe(502);
  });
});

describe('misconfiguration', () => {
  const base = { apiKey: SEED.apiKey, brandId: SEED.brandId, getCustomer: customerFromHeader };

  it.each([
    ['getCustomer missing', { getCustomer: undefined }, /`getCustomer` is missing/],
    ['cacheSeconds negative', { cacheSeconds: -1 }, /`cacheSeconds`/],
    ['refreshMarginSeconds NaN', { refreshMarginSeconds: Number.NaN }, /`refreshMarginSeconds`/],
    ['maxCacheEntries zero', { maxCacheEntries: 0 }, /`maxCacheEntries`/],
    ['freshIntervalSeconds negative', { freshIntervalSeconds: -5 }, /`freshIntervalSeconds`/],
  ])('in code (%s) throws at creation', (_name, patch, message) => {
    let thrown: unknown;
    try {
      createPortalTokenHandler({ ...base, ...patch } as PortalTokenHandlerOptions);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(PortalTokenError);
    expect(thrown).toMatchObject({ kind: 'config', message: expect.stringMatching(message) });
    expect((thrown as Error).message).toMatch(/^createPortalTokenHandler: /);
  });

  // Secrets are often only present at run time (Docker, CI, `next build`): importing
  // a route module that creates the handler must not throw.
  it.each([
    ['apiKey missing', { apiKey: undefined }, /`apiKey` is missing/],
    ['apiKey blank', { apiKey: '  ' }, /`apiKey` is missing/],
    ['brandId missing', { brandId: undefined }, /`brandId` is missing/],
    ['baseUrl relative', { baseUrl: '/v1' }, /`baseUrl` must be an absolute http\(s\) URL/],
    ['baseUrl not http', { baseUrl: 'ftp://api.example/v1' }, /`baseUrl`/],
    ['timeoutMs zero', { timeoutMs: 0 }, /`timeoutMs`/],
  ])('in the deployment (%s) is reported on the first request, not at creation', async (_name, patch, message) => {
    const onError = vi.fn<(error: PortalTokenError, request: Request) => void>();
    const rec = recordingFetch();
    const handler = createPortalTokenHandler({ ...base, fetch: rec.fetch, onError, ...patch } as PortalTokenHandlerOptions);

    const res = await handler(tokenRequest());
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ code: 'INTERNAL_ERROR', message: 'Support is unavailable right now.' });
    expect(rec.calls).toEqual([]);
    const error = onError.mock.calls[0]?.[0];
    expect(error).toBeInstanceOf(PortalTokenError);
    expect(error).toMatchObject({ kind: 'config', status: 500, message: expect.stringMatching(message) });
    expect(error?.message).toMatch(/^createPortalTokenHandler: /);
    // Never echoes the key, even when another option is the problem.
    expect(error?.message).not.toContain(SEED.apiKey);
    // Every request says so again (a deployment may be fixed by a restart, never silently).
    expect((await handler(tokenRequest())).status).toBe(500);
    expect(onError).toHaveBeenCalledTimes(2);
  });

  it('a visitor who is not signed in still gets 401 from a handler without secrets', async () => {
    const handler = createPortalTokenHandler({ ...base, apiKey: undefined as unknown as string });
    expect((await handler(tokenRequest({ as: null }))).status).toBe(401);
  });

  it('without options at all, getCustomer is what is missing', () => {
    expect(() => createPortalTokenHandler(undefined as never)).toThrow(/`getCustomer` is missing/);
  });
});
