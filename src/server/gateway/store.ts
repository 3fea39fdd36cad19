/**
 * The gateway's only state: idempotency records, rate-limit counters, pending
 * uploads, ratings, used magic links, adapters' durable facts, and (for live
 * updates) a publish/subscribe channel. A handful of primitives, so a host can
 * back it with whatever it runs (Redis via {@link redisStore}, or its own).
 *
 * Values are strings (the gateway stores JSON). Every operation must be atomic
 * on its own: two gateway instances may call it for the same key at once.
 */
export interface GatewayStore {
  get(key: string): Promise<string | null>;
  /**
   * Stores `value`. With `ifAbsent`, only when the key does not exist (Redis
   * `SET NX`); resolves false when it did and nothing was written.
   */
  set(key: string, value: string, options?: { ttlMs?: number; ifAbsent?: boolean }): Promise<boolean>;
  delete(key: string): Promise<void>;
  /**
   * Adds 1 to a counter, creating it at 1 with a `ttlMs` expiry when missing
   * (the expiry is not extended by later increments). Resolves the new count
   * and the milliseconds left until it expires.
   */
  increment(key: string, ttlMs: number): Promise<{ count: number; ttlMs: number }>;
  /** Adds a member to a set, created if missing; `ttlMs` (re)sets its expiry. */
  addToSet(key: string, member: string, ttlMs?: number): Promise<void>;
  members(key: string): Promise<string[]>;
  /** Fans a message out to every subscriber of `channel`, on every instance. */
  publish(channel: string, message: string): Promise<void>;
  /** Resolves once subscribed, with a function that unsubscribes. */
  subscribe(channel: string, listener: (message: string) => void): Promise<() => Promise<void>>;
  /** Releases connections (tests, shutdown). */
  close?(): Promise<void>;
}

interface Entry {
  value: string | Set<string>;
  /** Epoch ms, or Infinity. */
  expiresAt: number;
}

export interface MemoryStoreOptions {
  /** Clock in epoch ms, for tests. Default `Date.now`. */
  now?: () => number;
  /** Most keys kept; the oldest-written go first. Default 100 000. */
  maxKeys?: number;
}

/**
 * The default store: one process's memory. Right for a single server, tests
 * and the demo; with several instances or serverless functions use a shared
 * store such as {@link redisStore}, or a retried create may land on an
 * instance that never saw the first one.
 *
 * @example
 * createPortalGateway({ backend, secret, store: memoryStore() });
 */
export function memoryStore(options: MemoryStoreOptions = {}): GatewayStore {
  const { now = Date.now, maxKeys = 100_000 } = options;
  const map = new Map<string, Entry>();
  const channels = new Map<string, Set<(message: string) => void>>();

  const live = (key: string): Entry | undefined => {
    const entry = map.get(key);
    if (entry && entry.expiresAt <= now()) {
      map.delete(key);
      return undefined;
    }
    return entry;
  };
  const put = (key: string, entry: Entry) => {
    map.delete(key);
    map.set(key, entry);
    // Bounded: a flood of keys (say, idempotency keys) can't exhaust memory.
    while (map.size > maxKeys) map.delete(map.keys().next().value as string);
  };
  const expiry = (ttlMs?: number) => (ttlMs === undefined ? Infinity : now() + ttlMs);

  return {
    async get(key) {
      const v = live(key)?.value;
      return typeof v === 'string' ? v : null;
    },
    async set(key, value, o = {}) {
      if (o.ifAbsent && live(key)) return false;
      put(key, { value, expiresAt: expiry(o.ttlMs) });
      return true;
    },
    async delete(key) {
      map.delete(key);
    },
    async increment(key, ttlMs) {
      const entry = live(key);
      if (!entry || typeof entry.value !== 'string') {
        put(key, { value: '1', expiresAt: now() + ttlMs });
        return { count: 1, ttlMs };
      }
      entry.value = String(Number(entry.value) + 1);
      return { count: Number(entry.value), ttlMs: Math.max(0, entry.expiresAt - now()) };
    },
    async addToSet(key, member, ttlMs) {
      const entry = live(key);
      if (entry && entry.value instanceof Set) {
        entry.value.add(member);
        if (ttlMs !== undefined) entry.expiresAt = now() + ttlMs;
      } else put(key, { value: new Set([member]), expiresAt: expiry(ttlMs) });
    },
    async members(key) {
      const v = live(key)?.value;
      return v instanceof Set ? [...v] : [];
    },
    async publish(channel, message) {
      for (const listener of [...(channels.get(channel) ?? [])]) {
        try {
          listener(message);
        } catch {
          // One broken subscriber must not stop the others.
        }
      }
    },
    async subscribe(channel, listener) {
      let set = channels.get(channel);
      if (!set) channels.set(channel, (set = new Set()));
      const own = (m: string) => listener(m);
      set.add(own);
      return async () => {
        set.delete(own);
        if (set.size === 0) channels.delete(channel);
      };
    },
  };
}
