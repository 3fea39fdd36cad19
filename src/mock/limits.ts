import type { MockRateLimit } from './types';

export interface RateInfo {
  limit: number;
  remaining: number;
  /** Unix seconds when the window resets. */
  reset: number;
  /** Whole seconds until the reset (at least 1), for `Retry-After`. */
  retryAfter: number;
}

/**
 * Fixed-window rate limiter, one window per bucket: a portal customer
 * (`portal:<brand>:<customer>`), an API key (`key:<key>`), or `anon` for
 * requests without a valid credential.
 *
 * Buckets are per customer rather than per token string so that refreshing a
 * token does not reset the quota, which is how per-user limits usually behave.
 */
export class RateLimiter {
  readonly #buckets = new Map<string, { start: number; count: number }>();
  readonly #now: () => number;
  readonly #config: () => MockRateLimit;

  constructor(now: () => number, config: () => MockRateLimit) {
    this.#now = now;
    this.#config = config;
  }

  clear(): void {
    this.#buckets.clear();
  }

  #bucket(key: string) {
    const now = this.#now();
    const windowMs = this.#config().windowSeconds * 1000;
    let bucket = this.#buckets.get(key);
    if (!bucket || now >= bucket.start + windowMs) {
      bucket = { start: now, count: 0 };
      this.#buckets.set(key, bucket);
    }
    return bucket;
  }

  #info(bucket: { start: number; count: number }): RateInfo {
    const { limit, windowSeconds } = this.#config();
    const resetMs = bucket.start + windowSeconds * 1000;
    return {
      limit,
      remaining: Math.max(0, limit - bucket.count),
      reset: Math.ceil(resetMs / 1000),
      retryAfter: Math.max(1, Math.ceil((resetMs - this.#now()) / 1000)),
    };
  }

  /** Counts one request; `exceeded` when the bucket was already empty (the request is refused and not counted). */
  consume(key: string): RateInfo & { exceeded: boolean } {
    const bucket = this.#bucket(key);
    const { limit } = this.#config();
    if (bucket.count >= limit) return { ...this.#info(bucket), exceeded: true };
    bucket.count++;
    return { ...this.#info(bucket), exceeded: false };
  }

  peek(key: string): RateInfo {
    return this.#info(this.#bucket(key));
  }
}

interface IdempotencyRecord {
  fingerprint: string;
  status: number;
  body: unknown;
  createdAt: number;
}

export type IdempotencyLookup =
  | { kind: 'miss' }
  | { kind: 'replay'; status: number; body: unknown }
  | { kind: 'conflict' };

const IDEMPOTENCY_TTL_MS = 24 * 3600_000;

/**
 * `X-Idempotency-Key` records (docs/portal-api.md#retries): scoped to the caller
 * (customer or API key); the fingerprint is the route plus the canonical body.
 * Only successful responses are stored, so a request that failed validation
 * can be corrected and retried with the same key.
 */
export class IdempotencyStore {
  readonly #records = new Map<string, IdempotencyRecord>();
  readonly #now: () => number;

  constructor(now: () => number) {
    this.#now = now;
  }

  clear(): void {
    this.#records.clear();
  }

  lookup(scope: string, key: string, fingerprint: string): IdempotencyLookup {
    const id = `${scope}\n${key}`;
    const record = this.#records.get(id);
    if (!record) return { kind: 'miss' };
    if (this.#now() - record.createdAt >= IDEMPOTENCY_TTL_MS) {
      this.#records.delete(id);
      return { kind: 'miss' };
    }
    if (record.fingerprint !== fingerprint) return { kind: 'conflict' };
    return { kind: 'replay', status: record.status, body: record.body };
  }

  save(scope: string, key: string, fingerprint: string, status: number, body: unknown): void {
    this.#records.set(`${scope}\n${key}`, { fingerprint, status, body, createdAt: this.#now() });
  }
}
