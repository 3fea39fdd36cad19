export interface TokenCacheOptions<T> {
  /** Most entries kept; the least recently used go first. */
  maxEntries: number;
  now: () => number;
  /** How long (ms) a value just loaded may be reused; ≤ 0 means "don't keep it". */
  ttl: (value: T, now: number) => number;
}

export interface TokenCache<T> {
  /** A fresh cached value, the load already in flight for `key`, or a new load. */
  get(key: string, load: () => Promise<T>): Promise<T>;
  /** Forgets matching entries and lets loads in flight for them finish uncached. */
  drop(match: (key: string) => boolean): void;
  /** Forgets the stored value for `key` (a load in flight is fresh already, so it stays). */
  evict(key: string): void;
  readonly size: number;
}

/**
 * A small LRU of values with an expiry, plus single flight: concurrent `get`s
 * for one key share one load. Failed loads are not kept, so the next request
 * tries again.
 */
export function createTokenCache<T>({ maxEntries, now, ttl }: TokenCacheOptions<T>): TokenCache<T> {
  // A Map iterates in insertion order: re-inserting on use makes the first key the least recently used.
  const entries = new Map<string, { value: T; until: number }>();
  const loading = new Map<string, Promise<T>>();

  return {
    get(key, load) {
      const hit = entries.get(key);
      if (hit) {
        entries.delete(key);
        if (now() < hit.until) {
          entries.set(key, hit);
          return Promise.resolve(hit.value);
        }
      }
      const inflight = loading.get(key);
      if (inflight) return inflight;
      const promise: Promise<T> = Promise.resolve()
        .then(load)
        .then((value) => {
          // Dropped while loading (sign-out, invalidate): hand the value to its waiters, keep nothing.
          if (loading.get(key) === promise) {
            const at = now();
            const ms = ttl(value, at);
            if (ms > 0) {
              entries.set(key, { value, until: at + ms });
              for (const k of entries.keys()) {
                if (entries.size <= maxEntries) break;
                entries.delete(k);
              }
            }
          }
          return value;
        })
        .finally(() => {
          if (loading.get(key) === promise) loading.delete(key);
        });
      loading.set(key, promise);
      return promise;
    },
    evict(key) {
      entries.delete(key);
    },
    drop(match) {
      for (const key of entries.keys()) if (match(key)) entries.delete(key);
      for (const key of loading.keys()) if (match(key)) loading.delete(key);
    },
    get size() {
      return entries.size;
    },
  };
}
