import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createPortalTokenHandler, toNodeHandler, type NodeHandlerContext } from '../../src/server';
import { listTickets, SEED, useMockServer, type TokenBody } from './helpers';

const h = useMockServer();

/** What an Express auth middleware would leave on the request. */
type AuthedRequest = IncomingMessage & { user?: { email: string; name: string }; originalUrl?: string };
type Context = NodeHandlerContext<AuthedRequest, ServerResponse>;

describe('toNodeHandler (node:http, Express-style)', () => {
  let server: Server;
  let origin = '';
  const seen: { url: string; method: string; cookie: string | null; hasRes: boolean }[] = [];
  const next = vi.fn();

  beforeAll(async () => {
    const handler = createPortalTokenHandler<Context>({
      apiKey: SEED.apiKey,
      brandId: SEED.brandId,
      baseUrl: h.base,
      getCustomer: (request, ctx) => {
        seen.push({ url: request.url, method: request.method, cookie: request.headers.get('cookie'), hasRes: ctx?.res !== undefined });
        const user = ctx?.req.user;
        return user ? { email: user.email, name: user.name } : null;
      },
    });
    const tokenRoute = toNodeHandler(handler);
    const broken = toNodeHandler<AuthedRequest, ServerResponse>(async () => {
      throw new Error('handler bug');
    });
    server = createServer((req: AuthedRequest, res) => {
      // A stand-in for session middleware, and for Express mounting the route under a prefix.
      const who = req.headers['x-session'];
      if (who === 'bob') req.user = { email: SEED.customers.bob.email, name: 'Bob Martin' };
      if (req.url?.startsWith('/token')) {
        req.originalUrl = `/api/support${req.url}`;
        void tokenRoute(req, res);
      } else if (req.url === '/broken') void broken(req, res);
      else if (req.url === '/broken-next') void broken(req, res, (e) => {
        next(e);
        res.statusCode = 418;
        res.end('handled by next');
      });
      else {
        res.statusCode = 404;
        res.end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('serves a working token to the signed-in user, with the handler’s headers', async () => {
    const res = await fetch(`${origin}/token?x=1`, { headers: { 'x-session': 'bob', cookie: 'sid=abc; theme=dark' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const token = (await res.json()) as TokenBody;
    expect(token).toMatchObject({ email: SEED.customers.bob.email, customerId: SEED.customers.bob.id });
    expect((await listTickets(h.base, token.token)).status).toBe(200);
    expect(seen.at(-1)).toEqual({ url: `${origin}/api/support/token?x=1`, method: 'GET', cookie: 'sid=abc; theme=dark', hasRes: true });
  });

  it('POST works too, with a body the handler ignores', async () => {
    const res = await fetch(`${origin}/token`, { method: 'POST', headers: { 'x-session': 'bob', 'content-type': 'application/json' }, body: '{"x":1}' });
    expect(res.status).toBe(200);
    expect(seen.at(-1)?.method).toBe('POST');
  });

  it('401 generic when nobody is signed in', async () => {
    const res = await fetch(`${origin}/token`);
    expect(res.status).toBe(401);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toEqual({ code: 'NOT_SIGNED_IN', message: 'Sign in to use support.' });
  });

  it('405 with Allow for other methods', async () => {
    const res = await fetch(`${origin}/token`, { method: 'DELETE', headers: { 'x-session': 'bob' } });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, POST');
  });

  it('a throwing handler → bare 500, or next(error) when given', async () => {
    const res = await fetch(`${origin}/broken`);
    expect(res.status).toBe(500);
    expect(await res.text()).toBe('');
    const viaNext = await fetch(`${origin}/broken-next`);
    expect(viaNext.status).toBe(418);
    expect(next).toHaveBeenCalledWith(expect.objectContaining({ message: 'handler bug' }));
  });
});

describe('toNodeHandler request conversion', () => {
  function fakeRes() {
    const res = { statusCode: 0, headers: {} as Record<string, string>, body: undefined as string | undefined };
    return Object.assign(res, {
      setHeader: (name: string, value: string) => void (res.headers[name] = value),
      end: (body?: string) => void (res.body = body),
    });
  }

  it('joins repeated headers, skips HTTP/2 pseudo-headers, keeps https behind TLS', async () => {
    let seen: Request | undefined;
    const adapter = toNodeHandler(async (request) => {
      seen = request;
      return new Response('ok', { status: 201, headers: { 'x-a': '1' } });
    });
    const res = fakeRes();
    await adapter(
      {
        method: 'POST',
        url: '/t?q=1',
        headers: { host: 'app.example', ':path': '/t?q=1', accept: ['application/json', 'text/plain'], 'x-none': undefined },
        socket: { encrypted: true },
      },
      res,
    );
    expect(seen?.url).toBe('https://app.example/t?q=1');
    expect(seen?.method).toBe('POST');
    expect(seen?.headers.get('accept')).toBe('application/json, text/plain');
    expect([...(seen?.headers.keys() ?? [])].sort()).toEqual(['accept', 'host']);
    expect(res).toMatchObject({ statusCode: 201, body: 'ok', headers: { 'x-a': '1' } });
  });

  it('survives a malformed Host header and a missing url', async () => {
    const urls: string[] = [];
    const adapter = toNodeHandler(async (request) => {
      urls.push(request.url);
      return new Response(null, { status: 204 });
    });
    await adapter({ url: '/p', headers: { host: 'bad host^' } }, fakeRes());
    await adapter({ headers: {} }, fakeRes());
    expect(urls).toEqual(['http://localhost/p', 'http://localhost/']);
  });
});

describe('toNodeHandler as a whole node:http listener', () => {
  it('type-checks against createServer without type arguments and serves tokens', async () => {
    const handler = createPortalTokenHandler({
      apiKey: SEED.apiKey,
      brandId: SEED.brandId,
      baseUrl: h.base,
      getCustomer: (request) => (request.headers.get('authorization') === 'Bearer session-jane' ? { email: SEED.customers.jane.email } : null),
    });
    const bare = createServer(toNodeHandler(handler));
    await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(bare.address() as AddressInfo).port}/anything`;
      const res = await fetch(url, { headers: { Authorization: 'Bearer session-jane' } });
      expect(res.status).toBe(200);
      expect(((await res.json()) as TokenBody).email).toBe(SEED.customers.jane.email);
      expect((await fetch(url)).status).toBe(401);
    } finally {
      await new Promise((resolve) => bare.close(resolve));
    }
  });
});

describe('Hono', () => {
  it('mounts with c.req.raw and passes c to getCustomer', async () => {
    const handler = createPortalTokenHandler<{ req: { header(name: string): string | undefined } }>({
      apiKey: SEED.apiKey,
      brandId: SEED.brandId,
      baseUrl: h.base,
      getCustomer: (_request, c) => {
        const email = c?.req.header('x-user');
        return email ? { email } : null;
      },
    });
    const app = new Hono();
    app.on(['GET', 'POST'], '/api/support/token', (c) => handler(c.req.raw, c));
    const res = await app.request('/api/support/token', { method: 'POST', headers: { 'x-user': SEED.customers.jane.email } });
    expect(res.status).toBe(200);
    const token = (await res.json()) as TokenBody;
    expect((await listTickets(h.base, token.token)).status).toBe(200);
    expect((await app.request('/api/support/token')).status).toBe(401);
  });
});
