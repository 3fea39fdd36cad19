import type { GatewayStore } from './store';
import { GatewayError, canonicalJson, json, sha256 } from './http';

export interface RateState {
  limit: number;
  remaining: number;
  /** Unix seconds. */
  reset: number;
}

/**
 * Fixed-window rate limit per bucket (a customer, or a client address for
 * calls without a token), counted in the shared store so every instance sees
 * the same count. Refused requests are counted too: hammering doesn't help.
 */
export async function consumeRate(
  store: GatewayStore,
  bucket: string,
  limit: number,
  windowSeconds: number,
  now: number,
): Promise<RateState & { exceeded: boolean; retryAfter: number }> {
  const windowMs = windowSeconds * 1000;
  const start = Math.floor(now / windowMs) * windowMs;
  const { count } = await store.increment(`rl:${bucket}:${start}`, windowMs + 1000);
  const reset = Math.ceil((start + windowMs) / 1000);
  return {
    limit,
    remaining: Math.max(0, limit - count),
    reset,
    exceeded: count > limit,
    retryAfter: Math.max(1, Math.ceil((start + windowMs - now) / 1000)),
  };
}

/**
 * At most `max` upstream calls at once per customer on this instance, so one
 * customer's burst can't use up the helpdesk's quota for everyone. Further
 * calls queue; past `maxQueue` waiting, the request is refused with 429.
 */
export function createConcurrency(max: number, maxQueue = 64) {
  const lanes = new Map<string, { active: number; queue: (() => void)[] }>();
  return async function run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    let lane = lanes.get(key);
    if (!lane) lanes.set(key, (lane = { active: 0, queue: [] }));
    const l = lane;
    if (l.active >= max) {
      if (l.queue.length >= maxQueue) {
        throw new GatewayError(429, 'RATE_LIMITED', 'Too many requests at once. Please try again shortly.', undefined, { 'retry-after': '1' });
      }
      await new Promise<void>((resolve) => l.queue.push(resolve));
    }
    l.active++;
    try {
      return await fn();
    } finally {
      l.active--;
      const next = l.queue.shift();
      if (next) next();
      else if (l.active === 0) lanes.delete(key);
    }
  };
}

interface IdemRecord {
  state: 'pending' | 'done';
  fp: string;
  status?: number;
  body?: unknown;
}

type Answer = { status: number; body: unknown };

const PENDING_TTL_MS = 120_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const ok = (r: Answer | null | undefined): r is Answer => !!r && r.status >= 200 && r.status < 300;
const replay = (r: { status?: number; body?: unknown }) => json(r.status ?? 200, r.body, { 'x-idempotent-replayed': 'true' });

/**
 * `X-Idempotency-Key` for every backend (none offers it upstream): the same
 * key and body replays the stored answer; another body is 409; a duplicate
 * that arrives while the first is still running waits for it rather than
 * calling the helpdesk a second time. Only successes are kept, so a request
 * that failed (nothing committed) can be corrected and sent again.
 *
 * The "pending" marker is claimed atomically (`SET NX`) before the helpdesk is
 * called. It expires after two minutes, so an instance that dies mid-request
 * doesn't lock the key for a day.
 *
 * Once the helpdesk has committed, the key must not run again even if the
 * answer can't be stored (the store down at that moment): the marker is kept,
 * the caller still gets its answer, and the save is retried in the background.
 * Until it lands, a retry on this instance replays the answer from memory; one
 * on another instance waits, then gets 503 `IDEMPOTENCY_IN_PROGRESS`. A 503,
 * not a 409: the kit's client retries it by itself (a reply also looks for its
 * copy on the thread before saying "not sent"), and shows "try again in a
 * moment", where a 409 would read as "sent with different content".
 */
export function createIdempotency(store: GatewayStore, ttlMs: number, onSaveError: (operation: string, error: unknown) => void, waitMs = 30_000) {
  /** This instance's requests in flight, and its answers not stored yet. */
  const local = new Map<string, Promise<Answer>>();

  /** Retries a failed save for about four minutes (past the marker's life: a retry after it must replay too). */
  async function keepSaving(mine: string, id: string, record: string) {
    for (let n = 0; n < 12; n++) {
      await new Promise((r) => (setTimeout(r, Math.min(1000 * 2 ** n, 30_000)) as { unref?: () => void }).unref?.());
      if (await store.set(id, record, { ttlMs }).catch(() => false)) break;
    }
    local.delete(mine);
  }

  return async function idempotent(scope: string, key: string | null, operation: string, body: unknown, run: () => Promise<Answer>): Promise<Response> {
    if (key === null) {
      const r = await run();
      return json(r.status, r.body);
    }
    if (key.length > 255 || !/^[\x21-\x7e]+$/.test(key)) {
      throw new GatewayError(400, 'VALIDATION_ERROR', 'X-Idempotency-Key must be 1–255 visible ASCII characters.', [
        { field: 'X-Idempotency-Key', message: 'Use 1–255 visible ASCII characters.' },
      ]);
    }
    const id = `idem:${scope}:${await sha256(key)}`;
    const fp = await sha256(`${operation}\n${canonicalJson(body ?? null)}`);
    const deadline = Date.now() + waitMs;
    // This instance's own attempt with this key and body, running or not yet stored.
    const mine = id + fp;
    for (let delay = 20; ; delay = Math.min(delay * 2, 250)) {
      // Checked before claiming: the marker may have expired while the answer waits to be stored.
      const first = await local.get(mine)?.catch(() => null);
      if (ok(first)) return replay(first);
      if (await store.set(id, JSON.stringify({ state: 'pending', fp } satisfies IdemRecord), { ttlMs: PENDING_TTL_MS, ifAbsent: true })) {
        const work = (async () => {
          try {
            const r = await run();
            if (ok(r)) {
              const record = JSON.stringify({ state: 'done', fp, status: r.status, body: r.body } satisfies IdemRecord);
              await store.set(id, record, { ttlMs }).then(
                () => local.delete(mine),
                (error: unknown) => {
                  // Committed upstream: the marker stays, so no retry runs it again.
                  onSaveError(operation, error);
                  void keepSaving(mine, id, record);
                },
              );
            } else {
              local.delete(mine);
              await store.delete(id);
            }
            return r;
          } catch (e) {
            // Nothing was committed (or the adapter can't tell): let a retry run again.
            local.delete(mine);
            await store.delete(id).catch(() => {});
            throw e;
          }
        })();
        local.set(mine, work);
        const r = await work;
        return json(r.status, r.body);
      }
      if (first === undefined) {
        // Another instance's: read its record, or wait for it.
        const raw = await store.get(id);
        if (raw === null) continue;
        let rec: IdemRecord;
        try {
          rec = JSON.parse(raw) as IdemRecord;
        } catch {
          await store.delete(id);
          continue;
        }
        if (rec.fp !== fp) {
          throw new GatewayError(409, 'IDEMPOTENCY_CONFLICT', 'This idempotency key was already used with a different request.');
        }
        if (rec.state === 'done') return replay(rec);
        if (Date.now() >= deadline) {
          throw new GatewayError(503, 'IDEMPOTENCY_IN_PROGRESS', 'The same request is still being processed. Try again in a moment.', undefined, {
            'retry-after': '1',
          });
        }
        await sleep(delay);
      }
    }
  };
}
