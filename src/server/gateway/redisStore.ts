import type { GatewayStore } from './store';

export interface RedisStoreOptions {
  /**
   * `redis://[user:password@]host:port[/db]` (or `rediss://` for TLS).
   * @example url: process.env.REDIS_URL
   */
  url?: string;
  /**
   * Prefix for every key and channel, so several gateways (or apps) can share
   * one Redis. Default `dtgw:`.
   */
  prefix?: string;
  /** Options passed on to the `redis` package's `createClient` (TLS, timeouts, …). */
  clientOptions?: Record<string, unknown>;
}

/** The parts of a `redis` 6 client this store uses (typed here so hosts without the package still compile). */
interface Client {
  connect(): Promise<unknown>;
  quit?(): Promise<unknown>;
  close?(): Promise<unknown>;
  destroy?(): void;
  duplicate(): Client;
  on(event: 'error', listener: (error: unknown) => void): unknown;
  get(key: string): Promise<string | null>;
  set(key: string, value: string, options?: Record<string, unknown>): Promise<string | null>;
  del(key: string): Promise<number>;
  sAdd(key: string, member: string): Promise<number>;
  sMembers(key: string): Promise<string[]>;
  pExpire(key: string, ms: number): Promise<unknown>;
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  publish(channel: string, message: string): Promise<number>;
  subscribe(channel: string, listener: (message: string) => void): Promise<unknown>;
  unsubscribe(channel: string, listener?: (message: string) => void): Promise<unknown>;
}

// INCR then PEXPIRE only on creation, atomically: the window never slides.
const INCREMENT = `local c = redis.call('INCR', KEYS[1])
if c == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local t = redis.call('PTTL', KEYS[1])
if t < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); t = tonumber(ARGV[1]) end
return {c, t}`;

/**
 * A {@link GatewayStore} on Redis, for hosts that run the gateway on several
 * instances or as serverless functions: a retried create or a rate limit is
 * then counted once, whichever instance a request lands on. Needs the `redis`
 * package (`npm install redis`), loaded on first use, so nothing changes for
 * hosts that don't use it. Idempotency uses `SET NX` with an expiry, rate
 * limits an atomic counter, live updates Redis pub/sub.
 *
 * Connects on first use; a missing `url` or package fails then, with a
 * message saying what to do.
 *
 * @example
 * import { createPortalGateway, redisStore } from '@dispatchtickets/react/server';
 * const gateway = createPortalGateway({ backend, secret, store: redisStore({ url: process.env.REDIS_URL }) });
 */
export function redisStore(options: RedisStoreOptions): GatewayStore {
  const prefix = options.prefix ?? 'dtgw:';
  const k = (key: string) => prefix + key;
  let client: Promise<Client> | null = null;
  let subscriber: Promise<Client> | null = null;
  const listeners = new Map<string, Set<(message: string) => void>>();

  async function open(): Promise<Client> {
    if (!options.url) {
      throw new Error('redisStore: `url` is missing. Pass the Redis URL, e.g. redisStore({ url: "redis://localhost:6379" }).');
    }
    let mod: { createClient(o: Record<string, unknown>): Client };
    try {
      // Imported on first use: `redis` is an optional peer dependency.
      mod = (await import(/* @vite-ignore */ /* webpackIgnore: true */ 'redis' as string)) as typeof mod;
    } catch (cause) {
      throw new Error('redisStore: the `redis` package is not installed. Run `npm install redis` (version 6).', { cause });
    }
    const c = mod.createClient({ ...options.clientOptions, url: options.url });
    // Without a listener, a dropped connection would crash the process; the client reconnects by itself.
    c.on('error', () => {});
    await c.connect();
    return c;
  }
  const get = () => {
    client ??= open().catch((e: unknown) => {
      client = null;
      throw e;
    });
    return client;
  };
  const getSubscriber = () => {
    subscriber ??= get()
      .then(async (c) => {
        const s = c.duplicate();
        s.on('error', () => {});
        await s.connect();
        return s;
      })
      .catch((e: unknown) => {
        subscriber = null;
        throw e;
      });
    return subscriber;
  };
  const shut = async (c: Promise<Client> | null) => {
    const conn = await c?.catch(() => null);
    if (!conn) return;
    if (conn.close) await conn.close().catch(() => conn.destroy?.());
    else await conn.quit?.().catch(() => conn.destroy?.());
  };

  return {
    async get(key) {
      return (await get()).get(k(key));
    },
    async set(key, value, o = {}) {
      const args: Record<string, unknown> = {};
      if (o.ttlMs !== undefined) args.expiration = { type: 'PX', value: Math.max(1, Math.ceil(o.ttlMs)) };
      if (o.ifAbsent) args.condition = 'NX';
      return (await (await get()).set(k(key), value, args)) === 'OK';
    },
    async delete(key) {
      await (await get()).del(k(key));
    },
    async increment(key, ttlMs) {
      const r = (await (await get()).eval(INCREMENT, { keys: [k(key)], arguments: [String(Math.max(1, Math.ceil(ttlMs)))] })) as [number, number];
      return { count: Number(r[0]), ttlMs: Math.max(0, Number(r[1])) };
    },
    async addToSet(key, member, ttlMs) {
      const c = await get();
      await c.sAdd(k(key), member);
      if (ttlMs !== undefined) await c.pExpire(k(key), Math.max(1, Math.ceil(ttlMs)));
    },
    async members(key) {
      return (await get()).sMembers(k(key));
    },
    async publish(channel, message) {
      await (await get()).publish(k(channel), message);
    },
    async subscribe(channel, listener) {
      const s = await getSubscriber();
      let set = listeners.get(channel);
      const own = (m: string) => listener(m);
      if (!set) {
        const fresh = new Set<(m: string) => void>();
        listeners.set(channel, (set = fresh));
        await s.subscribe(k(channel), (m) => {
          for (const l of [...fresh]) {
            try {
              l(m);
            } catch {
              // One broken subscriber must not stop the others.
            }
          }
        });
      }
      set.add(own);
      return async () => {
        set.delete(own);
        if (set.size === 0 && listeners.get(channel) === set) {
          listeners.delete(channel);
          await s.unsubscribe(k(channel)).catch(() => {});
        }
      };
    },
    async close() {
      const [c, s] = [client, subscriber];
      client = subscriber = null;
      await Promise.all([shut(s), shut(c)]);
    },
  };
}
