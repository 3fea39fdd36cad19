import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPortalGateway, memoryBlobStore, redisStore, type GatewayStore } from '../../../src/server';
import { memoryBackend, runConformance } from '../../../src/server/testing';
import { SECRET } from './helpers';
import { startRedisServer as startRedis } from '../../utils/redisServer';

let redis: Awaited<ReturnType<typeof startRedis>>;
const stores: GatewayStore[] = [];
const open = (prefix = `t${Math.random().toString(36).slice(2, 8)}:`) => {
  const s = redisStore({ url: redis.url, prefix });
  stores.push(s);
  return s;
};

beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await Promise.all(stores.map((s) => s.close?.()));
  await redis?.stop();
});

const post = (gw: { fetch(r: Request): Promise<Response> }, path: string, token: string, body: unknown, headers: Record<string, string> = {}) =>
  gw.fetch(
    new Request(`http://gw.test${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    }),
  );

describe('redisStore on a real redis-server', () => {
  it('set if absent, get, delete, expiry', async () => {
    const s = open();
    expect(await s.set('k', 'one', { ifAbsent: true })).toBe(true);
    expect(await s.set('k', 'two', { ifAbsent: true })).toBe(false);
    expect(await s.get('k')).toBe('one');
    await s.delete('k');
    expect(await s.get('k')).toBeNull();
    await s.set('short', 'x', { ttlMs: 30 });
    await expect.poll(() => s.get('short'), { timeout: 2000 }).toBeNull();
  });

  it('counts atomically with a fixed expiry, across clients', async () => {
    const prefix = `c${Math.random().toString(36).slice(2, 8)}:`;
    const a = open(prefix);
    const b = open(prefix);
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).increment('n', 60_000)));
    expect(results.map((r) => r.count).sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(results.every((r) => r.ttlMs > 0 && r.ttlMs <= 60_000)).toBe(true);
  });

  it('keeps sets and fans messages out to subscribers of other clients', async () => {
    const prefix = `p${Math.random().toString(36).slice(2, 8)}:`;
    const a = open(prefix);
    const b = open(prefix);
    await a.addToSet('s', 'x');
    await b.addToSet('s', 'y');
    expect((await a.members('s')).sort()).toEqual(['x', 'y']);
    const got: string[] = [];
    const unsubscribe = await b.subscribe('events:cus_1', (m) => got.push(m));
    await a.publish('events:cus_1', 'hello');
    await expect.poll(() => got).toEqual(['hello']);
    await unsubscribe();
    await a.publish('events:cus_1', 'after');
    await a.publish('events:other', 'x');
    const canary: string[] = [];
    await (await b.subscribe('events:cus_1', (m) => canary.push(m)))();
    expect(got).toEqual(['hello']);
  });

  it('fails on first use with a fix-it message when the URL is missing', async () => {
    await expect(redisStore({}).get('x')).rejects.toThrow(/`url` is missing/);
  });

  describe('two gateway instances sharing one Redis', () => {
    it('a create retried on instance B after A committed it makes exactly one ticket', async () => {
      const backend = memoryBackend();
      const prefix = `idem${Math.random().toString(36).slice(2, 8)}:`;
      // Two instances: each its own Redis connection, one key space.
      const a = createPortalGateway({ backend, secret: SECRET, store: open(prefix), blobs: memoryBlobStore() });
      const b = createPortalGateway({ backend, secret: SECRET, store: open(prefix), blobs: memoryBlobStore() });
      const { token } = await a.issueToken({ email: 'ada@example.com' });
      const headers = { 'x-idempotency-key': 'retry-after-timeout' };
      const first = await post(a, '/portal/tickets', token, { title: 'Exactly once' }, headers);
      expect(first.status).toBe(201);
      const retried = await post(b, '/portal/tickets', token, { title: 'Exactly once' }, headers);
      expect(retried.status).toBe(201);
      expect((await retried.json()).id).toBe((await first.json()).id);
      expect(backend.calls.createTicket).toBe(1);
    });

    it('a create whose answer A could not store (Redis refusing the write) is replayed on B, never made twice', async () => {
      const backend = memoryBackend();
      const prefix = `idemfail${Math.random().toString(36).slice(2, 8)}:`;
      const real = open(prefix);
      let down = true;
      let refused = 0;
      // A's connection refuses the write of the finished answer until "Redis is back".
      const flaky: GatewayStore = {
        ...real,
        set: (key, value, options) => {
          if (down && value.includes('"state":"done"')) {
            refused++;
            return Promise.reject(new Error('Connection is closed.'));
          }
          return real.set(key, value, options);
        },
      };
      const a = createPortalGateway({ backend, secret: SECRET, store: flaky, blobs: memoryBlobStore() });
      const b = createPortalGateway({ backend, secret: SECRET, store: open(prefix), blobs: memoryBlobStore() });
      const { token } = await a.issueToken({ email: 'ada@example.com' });
      const headers = { 'x-idempotency-key': 'store-down-at-commit' };
      const first = await post(a, '/portal/tickets', token, { title: 'Exactly once' }, headers);
      expect(first.status).toBe(201);
      const retried = post(b, '/portal/tickets', token, { title: 'Exactly once' }, headers);
      await expect.poll(() => refused, { timeout: 5000 }).toBeGreaterThanOrEqual(2);
      down = false;
      const res = await retried;
      expect(res.status).toBe(201);
      expect((await res.json()).id).toBe((await first.json()).id);
      expect(backend.calls.createTicket).toBe(1);
    });

    it('a rate limit counts requests on both instances', async () => {
      const backend = memoryBackend();
      const prefix = `rl${Math.random().toString(36).slice(2, 8)}:`;
      const limits = { rateLimit: { limit: 4, windowSeconds: 60 } };
      const a = createPortalGateway({ backend, secret: SECRET, store: open(prefix), limits });
      const b = createPortalGateway({ backend, secret: SECRET, store: open(prefix), limits });
      const { token } = await a.issueToken({ email: 'ada@example.com' });
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) {
        const res = await (i % 2 ? b : a).fetch(new Request('http://gw.test/portal/tickets', { headers: { authorization: `Bearer ${token}` } }));
        statuses.push(res.status);
      }
      expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
    });

    it('passes the whole conformance and attack suite with zero leaks', async () => {
      const prefix = `conf${Math.random().toString(36).slice(2, 8)}:`;
      const report = await runConformance({ fixture: () => memoryBackend().fixture(), store: open(prefix), instances: 2 });
      expect(report.failures).toEqual([]);
      expect(report.leaks).toBe(0);
    }, 120_000);
  });
});
