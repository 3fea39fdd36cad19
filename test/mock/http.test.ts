import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { beforeAll, describe, expect, it } from 'vitest';
import { createMockPortal } from '../../src/mock';
import { startMockServer } from '../../src/mock/node';
import { createClock, json, SEED, sdk, useMockServer } from './helpers';

const clock = createClock();
// Strict origins, as the real API checks them.
const h = useMockServer({ now: clock.now, portalOrigins: ['https://app.customer.example'], allowLocalhostOrigins: false });
// The defaults an adopter gets from `startMockServer({ port })` and the CLI.
const dev = useMockServer();
let jane = '';

beforeAll(async () => {
  jane = await h.token();
});

const EXPOSED = ['x-request-id', 'x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset', 'retry-after'];

describe('HTTP conventions', () => {
  it('every API response is JSON (utf-8) with x-request-id and the three rate-limit headers', async () => {
    const responses = [
      await sdk(h.base, '/portal/tickets', { token: jane }),
      await sdk(h.base, '/portal/tickets'),
      await sdk(h.base, `/portal/tickets/${SEED.tickets.bob}`, { token: jane }),
      await sdk(h.base, '/portal/tickets', { method: 'POST', token: jane, body: {} }),
      await sdk(h.base, '/portal/nothing-here', { token: jane }),
      await sdk(h.base, `/brands/${SEED.brandId}`, { token: 'sk_test_wrong' }),
      await sdk(h.base, `/brands/${SEED.brandId}`, { token: SEED.apiKey }),
    ];
    const ids = new Set<string>();
    for (const res of responses) {
      expect(res.headers.get('content-type'), res.url).toBe('application/json; charset=utf-8');
      const id = res.headers.get('x-request-id');
      expect(id).toMatch(/^req_\w+$/);
      ids.add(id ?? '');
      expect(Number(res.headers.get('x-ratelimit-limit'))).toBeGreaterThan(0);
      expect(res.headers.get('x-ratelimit-remaining')).toMatch(/^\d+$/);
      expect(Number(res.headers.get('x-ratelimit-reset'))).toBeGreaterThan(clock.t / 1000 - 1);
      expect(Number.isInteger(Number(res.headers.get('x-ratelimit-reset')))).toBe(true);
      await res.arrayBuffer();
    }
    expect(ids.size).toBe(responses.length);
  });

  it('creating POSTs answer 201, reads and confirms 200', async () => {
    const created = await sdk(h.base, '/portal/tickets', { method: 'POST', token: jane, body: { title: 'Status codes' } });
    expect(created.status).toBe(201);
    const ticket = await json(created);
    expect((await sdk(h.base, `/portal/tickets/${ticket.id}/comments`, { method: 'POST', token: jane, body: { body: 'hi' } })).status).toBe(201);
    expect((await sdk(h.base, `/portal/tickets/${ticket.id}`, { token: jane })).status).toBe(200);
  });

  it('unknown routes are JSON 404s; /__mock is never under /v1', async () => {
    const res = await sdk(h.base, '/__mock/health');
    expect(res.status).toBe(404);
    expect(await json(res)).toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('rate limits', () => {
  it('counts down per customer and answers 429 with an integer Retry-After, then recovers after the window', async () => {
    expect((await h.control('rate-limit', { limit: 3, windowSeconds: 60 })).status).toBe(200);
    try {
      const bob = await h.token(SEED.customers.bob.email);
      const remaining: string[] = [];
      for (let i = 0; i < 3; i++) {
        const res = await sdk(h.base, '/portal/tickets', { token: jane });
        expect(res.status).toBe(200);
        remaining.push(res.headers.get('x-ratelimit-remaining') ?? '');
      }
      expect(remaining).toEqual(['2', '1', '0']);
      const limited = await sdk(h.base, '/portal/tickets', { token: jane });
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
      expect(await json(limited)).toMatchObject({ code: 'RATE_LIMITED' });
      // Another customer has their own bucket.
      expect((await sdk(h.base, '/portal/tickets', { token: bob })).status).toBe(200);
      clock.advance(60_000);
      expect((await sdk(h.base, '/portal/tickets', { token: jane })).status).toBe(200);
    } finally {
      clock.advance(-60_000);
      await h.control('reset', {});
    }
  });

  it('limits per API key on the admin API', async () => {
    await h.control('rate-limit', { limit: 2 });
    try {
      const calls = [];
      for (let i = 0; i < 3; i++) calls.push((await sdk(h.base, `/brands/${SEED.brandId}`, { token: SEED.apiKey })).status);
      expect(calls).toEqual([200, 200, 429]);
      expect((await sdk(h.base, `/brands/${SEED.otherBrandId}`, { token: SEED.otherApiKey })).status).toBe(200);
    } finally {
      await h.control('reset', {});
    }
  });
});

describe('CORS', () => {
  const portal = (origin: string, token = jane) => sdk(h.base, '/portal/tickets', { token, headers: { Origin: origin } });

  it('answers preflights permissively with the allowed headers', async () => {
    const res = await fetch(`${h.base}/portal/tickets`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://unknown.example', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,content-type,x-idempotency-key' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://unknown.example');
    const allowed = (res.headers.get('access-control-allow-headers') ?? '').toLowerCase().split(/,\s*/);
    expect(allowed).toEqual(expect.arrayContaining(['authorization', 'content-type', 'x-idempotency-key']));
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
    expect(res.headers.get('x-request-id')).toBeTruthy();
  });

  it('allows a listed origin on the real request and exposes the client-readable headers', async () => {
    for (const origin of ['https://app.customer.example', ...SEED.demoPortalOrigins]) {
      const res = await portal(origin);
      expect(res.status).toBe(200);
      expect(res.headers.get('access-control-allow-origin')).toBe(origin);
      const exposed = (res.headers.get('access-control-expose-headers') ?? '').toLowerCase().split(/,\s*/);
      expect(exposed).toEqual(expect.arrayContaining(EXPOSED));
      expect(res.headers.get('vary')).toContain('Origin');
    }
  });

  it('with allowLocalhostOrigins: false, sends no allow-origin header to a disallowed origin (exact match, no near misses)', async () => {
    for (const origin of ['https://evil.example', 'http://localhost:5173', 'https://app.customer.example:8443', 'https://help.globex.example']) {
      const res = await portal(origin);
      expect(res.headers.get('access-control-allow-origin'), origin).toBeNull();
    }
  });

  it('checks the origins of the token\'s brand', async () => {
    const globex = await h.token(SEED.customers.janeAtGlobex.email, SEED.otherBrandId, SEED.otherApiKey);
    expect((await portal('https://help.globex.example', globex)).headers.get('access-control-allow-origin')).toBe('https://help.globex.example');
    expect((await portal('https://app.customer.example', globex)).headers.get('access-control-allow-origin')).toBeNull();
  });

  it('lets the client read a 401 for an expired token from its own origin', async () => {
    const token = await h.token();
    clock.advance(3600_000);
    try {
      const res = await portal('https://app.customer.example', token);
      expect(res.status).toBe(401);
      expect(res.headers.get('access-control-allow-origin')).toBe('https://app.customer.example');
    } finally {
      clock.advance(-3600_000);
    }
  });

  it('follows PATCH /brands portalOrigins changes', async () => {
    const patch = await h.admin(`/brands/${SEED.brandId}`, { method: 'PATCH', body: { portalOrigins: ['https://new.customer.example/'] } });
    expect(patch.status).toBe(200);
    try {
      expect((await portal('https://new.customer.example')).headers.get('access-control-allow-origin')).toBe('https://new.customer.example');
      expect((await portal('https://app.customer.example')).headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await h.control('reset', {});
    }
  });

  it('admin, storage and /__mock answer any origin (a demo staff console runs in a browser)', async () => {
    const admin = await sdk(h.base, `/brands/${SEED.brandId}`, { token: SEED.apiKey, headers: { Origin: 'https://staff.example' } });
    expect(admin.headers.get('access-control-allow-origin')).toBe('https://staff.example');
    const control = await fetch(`${h.url}/__mock/health`, { headers: { Origin: 'https://staff.example' } });
    expect(control.headers.get('access-control-allow-origin')).toBe('https://staff.example');
  });

  it('by default any http://localhost:*, 127.0.0.1:* or [::1]:* origin passes (a Next.js app on :3000 works at once)', async () => {
    const token = await dev.token();
    for (const origin of ['http://localhost:3000', 'http://localhost:51234', 'http://127.0.0.1:3000', 'http://[::1]:5173']) {
      const res = await sdk(dev.base, '/portal/tickets', { token, headers: { Origin: origin } });
      expect(res.headers.get('access-control-allow-origin')).toBe(origin);
    }
    for (const origin of ['https://localhost.evil.example', 'http://localhost.evil.example:3000', 'https://evil.example']) {
      const res = await sdk(dev.base, '/portal/tickets', { token, headers: { Origin: origin } });
      expect(res.headers.get('access-control-allow-origin'), origin).toBeNull();
    }
  });

  it('in-process (createMockPortal, MSW) allows localhost by default too', async () => {
    const mock = createMockPortal();
    const { token } = await mock.issuePortalToken({ email: SEED.customers.jane.email });
    const res = await mock.fetch('http://localhost:4010/v1/portal/tickets', { headers: { Authorization: `Bearer ${token}`, Origin: 'http://localhost:3000' } });
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
  });
});

describe('where the server listens', () => {
  it('binds to 127.0.0.1 unless told otherwise, and says localhost in its URL', async () => {
    const server = await startMockServer({ port: 0 });
    try {
      expect(server.hostname).toBe('127.0.0.1');
      expect(server.baseUrl).toBe(`http://localhost:${server.port}/v1`);
      expect((await fetch(`${server.url}/__mock/health`)).status).toBe(200);
      // Reachable on loopback only: another interface of this machine is refused.
      const external = Object.values(networkInterfaces())
        .flat()
        .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
      if (external) {
        const refused = await new Promise<boolean>((resolve) => {
          const socket = connect(server.port, external);
          socket.once('connect', () => (socket.destroy(), resolve(false)));
          socket.once('error', () => resolve(true));
        });
        expect(refused, `connecting via ${external}`).toBe(true);
      }
    } finally {
      await server.close();
    }
  });

  it('binds all interfaces when asked (hostname: 0.0.0.0, e.g. in a container)', async () => {
    const server = await startMockServer({ port: 0, hostname: '0.0.0.0' });
    try {
      expect(server.hostname).toBe('0.0.0.0');
      expect((await fetch(`http://127.0.0.1:${server.port}/__mock/health`)).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});

describe('request body size', () => {
  const LIMIT = 1_048_576;

  /** An endless JSON-ish body that counts what the server pulled. */
  function endlessBody() {
    const chunk = new TextEncoder().encode(`"${'x'.repeat(64 * 1024 - 2)}",`);
    const state = { pulled: 0, cancelled: false };
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        state.pulled += chunk.byteLength;
        controller.enqueue(chunk);
      },
      cancel() {
        state.cancelled = true;
      },
    });
    return { stream, state };
  }

  it('refuses a body as soon as it passes 1 MiB (413), without reading the rest (in-process)', async () => {
    const mock = createMockPortal();
    const { token } = await mock.issuePortalToken({ email: SEED.customers.jane.email });
    const { stream, state } = endlessBody();
    const res = await mock.fetch('https://api.test/v1/portal/tickets', {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: 'The request body is larger than the 1,048,576-byte limit.' });
    expect(state.cancelled).toBe(true);
    // An endless body: the mock stopped within a couple of chunks past the limit.
    expect(state.pulled).toBeLessThan(LIMIT + 4 * 64 * 1024);
  });

  it('over HTTP, answers 413 for a declared 10 MB body before the client has sent it', async () => {
    const token = await dev.token();
    const url = new URL(`${dev.base}/portal/tickets`);
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        { host: '127.0.0.1', port: url.port, path: url.pathname, method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'Content-Length': String(10 * 1024 * 1024) } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
          req.destroy();
        },
      );
      req.on('error', (e) => (req.destroyed ? undefined : reject(e)));
      // Only the first 64 KB are ever written; the answer must not wait for the other 9.9 MB.
      req.write('{"title":"' + 'x'.repeat(64 * 1024));
    });
    expect(status).toBe(413);
  });

  it('over HTTP, a chunked body without Content-Length is refused once it passes the limit', async () => {
    const token = await dev.token();
    const url = new URL(`${dev.base}/portal/tickets`);
    let written = 0;
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        { host: '127.0.0.1', port: url.port, path: url.pathname, method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
          req.destroy();
        },
      );
      req.on('error', (e) => (req.destroyed ? undefined : reject(e)));
      const chunk = 'x'.repeat(64 * 1024);
      // Keeps writing while the server reads; never ends the request.
      const pump = () => {
        while (!req.destroyed && written < 50 * LIMIT) {
          written += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
      };
      pump();
    });
    expect(status).toBe(413);
    expect(written).toBeLessThan(50 * LIMIT);
  });

  it('a body just under the limit is read and validated as usual', async () => {
    const token = await dev.token();
    const res = await sdk(dev.base, '/portal/tickets', { method: 'POST', token, body: { title: 'x', body: 'y'.repeat(LIMIT - 100) } });
    expect(res.status).toBe(400);
    expect((await json(res)).code).toBe('VALIDATION_ERROR');
  });
});

describe('idempotency', () => {
  const create = (key: string, body: unknown, token = jane) =>
    sdk(h.base, '/portal/tickets', { method: 'POST', token, body, headers: { 'X-Idempotency-Key': key } });

  it('replays the original status and body for the same key and body, creating one ticket', async () => {
    const count = () => h.server.mock.store.tickets.size;
    const before = count();
    const first = await create('draft-1', { title: 'Once', body: 'only once' });
    const second = await create('draft-1', { body: 'only once', title: 'Once' });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(await json(second)).toEqual(await json(first));
    expect(second.headers.get('x-idempotent-replayed')).toBe('true');
    expect(count()).toBe(before + 1);
  });

  it('409 IDEMPOTENCY_CONFLICT for the same key with a different body', async () => {
    await create('draft-2', { title: 'A' });
    const res = await create('draft-2', { title: 'B' });
    expect(res.status).toBe(409);
    expect(await json(res)).toMatchObject({ code: 'IDEMPOTENCY_CONFLICT' });
  });

  it('scopes keys per customer and per route', async () => {
    const bob = await h.token(SEED.customers.bob.email);
    const a = await json(await create('shared-key', { title: 'Same' }));
    const b = await json(await create('shared-key', { title: 'Same' }, bob));
    expect(a.id).not.toBe(b.id);
    const comment = await sdk(h.base, `/portal/tickets/${a.id}/comments`, { method: 'POST', token: jane, body: { title: 'Same' }, headers: { 'X-Idempotency-Key': 'shared-key' } });
    expect(comment.status).toBe(409);
  });

  it('replays comments too', async () => {
    const send = () => sdk(h.base, `/portal/tickets/${SEED.tickets.pending}/comments`, { method: 'POST', token: jane, body: { body: 'retry me' }, headers: { 'X-Idempotency-Key': 'reply-1' } });
    const first = await json(await send());
    const second = await json(await send());
    expect(second.id).toBe(first.id);
    const detail = await json(await sdk(h.base, `/portal/tickets/${SEED.tickets.pending}`, { token: jane }));
    expect(detail.comments.filter((c: { body: string }) => c.body === 'retry me')).toHaveLength(1);
  });

  it('does not store failures: a corrected retry with the same key succeeds', async () => {
    expect((await create('fix-me', { title: '' })).status).toBe(400);
    expect((await create('fix-me', { title: 'Fixed' })).status).toBe(201);
  });

  it('forgets keys after 24 hours', async () => {
    const first = await json(await create('day-old', { title: 'Yesterday' }));
    clock.advance(24 * 3600_000);
    try {
      const token = await h.token();
      const again = await json(await create('day-old', { title: 'Yesterday' }, token));
      expect(again.id).not.toBe(first.id);
    } finally {
      clock.advance(-24 * 3600_000);
    }
  });
});

describe('mock.onRequest', () => {
  it('tells listeners about every answered request with its status and JSON body, until unsubscribed', async () => {
    const mock = createMockPortal();
    const { token } = await mock.issuePortalToken({ email: SEED.customers.jane.email });
    const seen: { method: string; path: string; status: number; kind: string; body: unknown }[] = [];
    const stop = mock.onRequest(({ method, path, status, kind, body }) => seen.push({ method, path, status, kind, body }));
    const auth = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
    await mock.fetch('https://api.test/v1/portal/tickets', { method: 'POST', headers: auth, body: JSON.stringify({ title: 'Hi', body: 'There' }) });
    await mock.fetch('https://api.test/v1/portal/tickets/nope', { headers: auth });
    mock.faults.dropAfterCommit({ path: '/portal/tickets' });
    await expect(mock.fetch('https://api.test/v1/portal/tickets', { method: 'POST', headers: auth, body: JSON.stringify({ title: 'a', body: 'b' }) })).rejects.toThrow(TypeError);
    stop();
    await mock.fetch('https://api.test/v1/portal/tickets', { headers: auth });

    expect(seen).toEqual([
      { method: 'POST', path: '/portal/tickets', status: 201, kind: 'api', body: expect.objectContaining({ title: 'Hi' }) },
      { method: 'GET', path: '/portal/tickets/nope', status: 404, kind: 'api', body: expect.objectContaining({ code: expect.any(String) }) },
      // Dropped after commit: the ticket exists, the client saw a network error.
      { method: 'POST', path: '/portal/tickets', status: 0, kind: 'api', body: undefined },
    ]);
  });
});
