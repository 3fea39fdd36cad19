import { beforeAll, describe, expect, it } from 'vitest';
import { createClock, json, SEED, sdk, useMockServer } from './helpers';

const clock = createClock();
const h = useMockServer({ now: clock.now, portalOrigins: ['https://app.customer.example'] });
const dev = useMockServer({ allowLocalhostOrigins: true });
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

  it('sends no allow-origin header to a disallowed origin (exact match: no localhost by default, no near misses)', async () => {
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

  it('allowLocalhostOrigins lets any http://localhost:* and 127.0.0.1:* origin through', async () => {
    const token = await dev.token();
    for (const origin of ['http://localhost:51234', 'http://127.0.0.1:3000']) {
      const res = await sdk(dev.base, '/portal/tickets', { token, headers: { Origin: origin } });
      expect(res.headers.get('access-control-allow-origin')).toBe(origin);
    }
    const res = await sdk(dev.base, '/portal/tickets', { token, headers: { Origin: 'https://localhost.evil.example' } });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
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
