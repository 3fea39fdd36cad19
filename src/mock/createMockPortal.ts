import type { Hono } from 'hono';
import { createApp } from './app';
import { issuePortalToken, type AppEnv, type MockContext } from './context';
import { DEFAULT_VARIANTS, MockFaults } from './faults';
import { inProcessFetch } from './http';
import { IdempotencyStore, RateLimiter } from './limits';
import { Pager } from './paging';
import { SEED, seedStore } from './seed';
import { MockStore } from './store';
import type { MockOutboxEntry, MockPortalOptions, MockRequestRecord, MockVariants, PortalTokenResponse } from './types';
import { MockWebhooks } from './webhooks';

export interface MockPortal {
  /** The Hono app. Drop-after-commit and outage responses carry a private marker here; prefer {@link fetch} or an adapter. */
  readonly app: Hono<AppEnv>;
  /**
   * A `fetch` that answers in-process, for any origin (`https://api.test/v1/...`).
   * A dropped response (fault injection, outage) rejects with a `TypeError`, like a real network failure.
   *
   * @example
   * const portal = new PortalClient({ baseUrl: 'https://api.test/v1', fetch: mock.fetch, token });
   */
  readonly fetch: (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;
  /** The in-memory data. Change it directly in tests (e.g. `mock.store.addComment(...)`). */
  readonly store: MockStore;
  /** The same switches as `/__mock/*`. */
  readonly faults: MockFaults;
  /** Magic links "sent" through `POST /brands/{brandId}/portal/magic-link`, newest first. */
  readonly outbox: readonly MockOutboxEntry[];
  /**
   * Signed webhook deliveries to your app (off until configured): set the
   * target, read the deliveries, wait for them to finish.
   *
   * @example
   * mock.webhooks.configure({ url: 'http://localhost:3000/api/portal/webhooks/dispatch', secret: process.env.DISPATCH_WEBHOOK_SECRET! });
   * await mock.webhooks.idle(); // every delivery so far answered (or given up)
   */
  readonly webhooks: MockWebhooks;
  /** Back to the seed: data, faults, outbox, idempotency keys, rate-limit counters, the webhook log. Tokens and the webhook target stay. */
  reset(): void;
  /**
   * Mints a portal token in-process (as `POST /brands/{brandId}/portal/token` would), creating the customer if missing.
   *
   * @example
   * const { token } = await mock.issuePortalToken({ email: 'jane@example.com' });
   */
  issuePortalToken(input: { email: string; name?: string; brandId?: string }): Promise<PortalTokenResponse>;
  /**
   * Calls `listener` after each request the mock answers (every adapter: HTTP,
   * MSW, `mock.fetch`), with the JSON body it sent. Returns an unsubscribe function.
   *
   * @example
   * const stop = mock.onRequest(({ method, path, status }) => console.log(method, path, status));
   */
  onRequest(listener: (record: MockRequestRecord) => void): () => void;
}

/** Default HMAC secrets. Fixed so tokens printed by `npm run mock` survive a restart; pass your own to isolate instances. */
const DEFAULT_JWT_SECRET = 'dispatch-mock-portal-jwt-secret';
const DEFAULT_STORAGE_SECRET = 'dispatch-mock-storage-secret';

/**
 * Creates a mock Dispatch Tickets portal API with its own in-memory store.
 * Runs in browsers and Node (Web Crypto only). Cheap to create: the large
 * seed dataset is generated on first use.
 *
 * @example
 * const mock = createMockPortal({ now: () => clock });
 * const res = await mock.fetch('https://api.test/v1/portal/tickets', {
 *   headers: { Authorization: `Bearer ${(await mock.issuePortalToken({ email: 'jane@example.com' })).token}` },
 * });
 */
export function createMockPortal(options: MockPortalOptions = {}): MockPortal {
  const now = options.now ?? (() => Date.now());
  const seedTime = options.seedTime ?? now();
  const variants: MockVariants = {
    ...DEFAULT_VARIANTS,
    showSystemComments: options.showSystemComments ?? false,
    replyOnClosed: options.replyOnClosed ?? 'reject',
    reopenWindowDays: options.reopenWindowDays ?? null,
    ...options.variants,
  };
  const store = new MockStore(now);
  const faults = new MockFaults(now, { variants, rateLimit: options.rateLimit ?? { limit: 1000, windowSeconds: 60 } });
  const ctx: MockContext = {
    store,
    faults,
    pager: new Pager(now),
    rate: new RateLimiter(now, () => faults.rateLimit),
    idempotency: new IdempotencyStore(now),
    now,
    listeners: new Set(),
    webhooks: new MockWebhooks(now, options.webhooks ?? null),
    options: {
      tokenTtlSeconds: options.tokenTtlSeconds ?? 3600,
      urlTtlSeconds: options.urlTtlSeconds ?? 900,
      jwtSecret: options.jwtSecret ?? DEFAULT_JWT_SECRET,
      storageSecret: options.storageSecret ?? DEFAULT_STORAGE_SECRET,
      allowLocalhostOrigins: options.allowLocalhostOrigins ?? true,
    },
  };

  const seed = () => {
    store.clear();
    seedStore(store, { seedTime, portalOrigins: options.portalOrigins ?? [], data: options.seed ?? true });
  };
  const resetAll = () => {
    seed();
    ctx.pager.clear();
    ctx.idempotency.clear();
    ctx.webhooks.reset();
    faults.reset();
  };
  faults.onReset = () => ctx.rate.clear();
  seed();

  const app = createApp(ctx, resetAll);

  return {
    app,
    fetch: inProcessFetch((request) => app.fetch(request), 'Dispatch mock'),
    store,
    faults,
    webhooks: ctx.webhooks,
    get outbox() {
      return [...store.outbox].reverse();
    },
    reset: resetAll,
    onRequest(listener) {
      ctx.listeners.add(listener);
      return () => void ctx.listeners.delete(listener);
    },
    async issuePortalToken({ email, name, brandId = SEED.brandId }) {
      const brand = store.brands.get(brandId);
      if (!brand) throw new Error(`issuePortalToken: unknown brand ${brandId}`);
      const customer = store.upsertCustomer(brand.id, { email, name: name ?? null });
      return issuePortalToken(ctx, brand, customer);
    },
  };
}
