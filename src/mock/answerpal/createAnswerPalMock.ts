import type { Hono } from 'hono';
import { DEFAULT_VARIANTS, MockFaults } from '../faults';
import { DROP_HEADER } from '../http';
import { RateLimiter } from '../limits';
import { issueToken, type ApContext } from './context';
import { createAnswerPalApp } from './app';
import { AnswerPalFixture } from './fixture';
import { ANSWERPAL_SEED, seedAnswerPal } from './seed';
import { AnswerPalStore } from './store';
import type { AnswerPalMockOptions, AnswerPalSwitches } from './types';

export interface AnswerPalMock {
  /** The Hono app. Drop-after-commit and outage responses carry a private marker here; prefer {@link fetch} or the node server. */
  readonly app: Hono;
  /**
   * A `fetch` that answers in-process for any origin (`https://api.answerpal.test/api/...`).
   * A dropped response (fault injection, outage, cut upload) rejects with a `TypeError`, like a real network failure.
   *
   * @example
   * const backend = answerPal({ baseUrl: 'https://api.answerpal.test', fetch: mock.fetch, ... });
   */
  readonly fetch: (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;
  /** The in-memory data. Change it directly in tests. */
  readonly store: AnswerPalStore;
  /** The contract's switches, live: assign to change behaviour (`mock.switches.tokenTtlS = 5`). */
  readonly switches: AnswerPalSwitches;
  /** Latency, failures, drops, 429 storm, outage, token revocation (`expireAllTokens()` revokes every token issued so far). */
  readonly faults: MockFaults;
  /** Test-harness hooks: plant hidden content, add customers, list forbidden strings. */
  readonly fixture: AnswerPalFixture;
  /** Successful logins (`POST /api/Auth/login`) so far. */
  readonly logins: number;
  /** F2 uploads are cut after `afterBytes` request bytes (the connection drops) for the next `count` uploads (default 1; null = until cleared). */
  cutUploads(afterBytes: number | null, count?: number | null): void;
  /** Back to the seed: data, switches, faults, rate-limit and login counters. Tokens stay valid. */
  reset(): void;
  /**
   * Mints a login JWT in-process (as the login endpoint would) for a representative.
   *
   * @example
   * const token = await mock.login('portal-service');
   */
  login(username?: string): Promise<string>;
}

export const DEFAULT_SWITCHES: AnswerPalSwitches = {
  messageModel: 'combined',
  pipeline: 'off',
  processedDelayMs: 0,
  role: 'Administrator',
  forbiddenAs: 404,
  tokenTtlS: 3600,
  pagedFields: 3,
  casing: 'camel',
  dateFormat: 'z',
  uidMatch: 'case_insensitive',
  duplicateUid: 409,
  errorStyle: 'problem',
  createStatus: 201,
};

const DEFAULT_JWT_SECRET = 'answerpal-mock-jwt-secret';

/**
 * Creates a mock of the AnswerPal API with its own in-memory store. Runs in
 * browsers and Node (Web Crypto only); serve it over HTTP with
 * `startAnswerPalMockServer` from `@dispatchtickets/react/mock/node`.
 *
 * @example
 * const mock = createAnswerPalMock({ switches: { messageModel: 'separate' } });
 * const res = await mock.fetch('https://api.answerpal.test/api/Auth/login', {
 *   method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(ANSWERPAL_SEED.service),
 * });
 */
export function createAnswerPalMock(options: AnswerPalMockOptions = {}): AnswerPalMock {
  const now = options.now ?? (() => Date.now());
  const seedTime = options.seedTime ?? now();
  const initialSwitches: AnswerPalSwitches = { ...DEFAULT_SWITCHES, ...options.switches };
  const store = new AnswerPalStore(now);
  // The Dispatch-specific variants of MockFaults are unused here; AnswerPal's live in `switches`.
  const faults = new MockFaults(now, {
    variants: { ...DEFAULT_VARIANTS },
    rateLimit: options.rateLimit ?? { limit: 1000, windowSeconds: 60 },
  });
  const ctx: ApContext = {
    store,
    faults,
    rate: new RateLimiter(now, () => faults.rateLimit),
    switches: { ...initialSwitches },
    now,
    jwtSecret: options.jwtSecret ?? DEFAULT_JWT_SECRET,
    cutUploads: null,
    logins: 0,
  };
  const seed = () => {
    store.clear();
    seedAnswerPal(store, { seedTime, data: options.seed ?? true });
  };
  const reset = () => {
    seed();
    faults.reset();
    Object.assign(ctx.switches, initialSwitches);
    ctx.cutUploads = null;
    ctx.logins = 0;
  };
  faults.onReset = () => ctx.rate.clear();
  seed();
  const fixture = new AnswerPalFixture(store, now, reset);
  const app = createAnswerPalApp(ctx, fixture, reset);

  const mockFetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = typeof input === 'string' && input.startsWith('/') ? new Request(`http://answerpal.mock${input}`, init) : new Request(input, init);
    const res = await app.fetch(request);
    if (res.headers.has(DROP_HEADER)) throw new TypeError('fetch failed (dropped by the AnswerPal mock)');
    return res;
  };

  return {
    app,
    fetch: mockFetch,
    store,
    switches: ctx.switches,
    faults,
    fixture,
    get logins() {
      return ctx.logins;
    },
    cutUploads(afterBytes, count = 1) {
      ctx.cutUploads = afterBytes === null ? null : { afterBytes, remaining: count };
    },
    reset,
    async login(username = ANSWERPAL_SEED.service.username) {
      const rep = store.repByUsername(username)[0];
      if (!rep) throw new Error(`AnswerPal mock: no representative "${username}"`);
      return issueToken(ctx, rep);
    },
  };
}
