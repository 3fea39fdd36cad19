import type { Hono } from 'hono';
import { inProcessFetch } from '../http';
import { createSwitchLabsApp } from './app';
import { SwitchLabsFaults } from './faults';
import { SwitchLabsFixtureOps } from './fixture';
import type { SlEnv, SwitchLabsContext } from './routes';
import { seedSwitchLabs, SWITCHLABS_SEED, type SwitchLabsSeedIds } from './seed';
import { SwitchLabsStore } from './store';
import { DEFAULT_SWITCHES, switchErrors, type SwitchLabsSwitches } from './switches';
import type { SlOutboundNotification } from './types';

export interface SwitchLabsMockOptions {
  /** Injectable clock in epoch ms (new records' timestamps). Default `Date.now`. */
  now?: () => number;
  /** Seed timestamps are relative to this (epoch ms). Default: `now()` at creation. */
  seedTime?: number;
  /** Initial switches (also what {@link SwitchLabsMock.reset} returns to). */
  switches?: Partial<SwitchLabsSwitches>;
  /** `false`: API keys and users only, no customers, tickets or articles. Default `true`. */
  seed?: boolean;
}

export interface SwitchLabsMock {
  /** The Hono app. Dropped responses carry a private marker here; prefer {@link fetch} or `startSwitchLabsMockServer`. */
  readonly app: Hono<SlEnv>;
  /**
   * Answers in-process for any origin (`https://crm.test/api/v1/...`). A dropped
   * response (commit-then-drop, outage) rejects with a `TypeError`, like a network failure.
   *
   * @example
   * const adapter = switchLabs({ baseUrl: 'https://crm.test/api/v1', apiKey: mock.apiKey, fetch: mock.fetch });
   */
  readonly fetch: (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;
  readonly store: SwitchLabsStore;
  readonly faults: SwitchLabsFaults;
  /** The current switches. */
  readonly switches: Readonly<SwitchLabsSwitches>;
  /** Changes switches now (`id_style` only takes effect at the next {@link reset}). Throws on unknown names or values. */
  setSwitches(patch: Partial<SwitchLabsSwitches>): SwitchLabsSwitches;
  /** Ids of the seed data in the current id style. */
  readonly seed: SwitchLabsSeedIds;
  /** The seeded API key with every scope. */
  readonly apiKey: string;
  /** Emails the CRM would have sent (agent replies to customers), oldest first. */
  readonly outboundNotifications: readonly SlOutboundNotification[];
  /** Makes `key` (default: the main key) answer 401 until the next reset. */
  revokeApiKey(key?: string): void;
  /** Test-harness operations: plant hidden content, make customers, post as staff. */
  readonly fixture: SwitchLabsFixtureOps;
  /** Back to the seed, the initial switches (plus `switches`) and no faults. */
  reset(switches?: Partial<SwitchLabsSwitches>): void;
}

/**
 * A mock of a Switch Labs CRM install's REST API (`/api/v1`), with the
 * behaviour switches and faults the adapter contract lists. Runs in browsers
 * and Node; serve it over HTTP with `startSwitchLabsMockServer` from
 * `@dispatchtickets/react/mock/node`.
 *
 * @example
 * const mock = createSwitchLabsMock({ switches: { cursor_mode: 'inclusive' } });
 * const res = await mock.fetch('https://crm.test/api/v1/tickets?customer_id=' + mock.seed.customers.jordan, {
 *   headers: { Authorization: `Bearer ${mock.apiKey}` },
 * });
 */
export function createSwitchLabsMock(options: SwitchLabsMockOptions = {}): SwitchLabsMock {
  const now = options.now ?? (() => Date.now());
  const seedTime = options.seedTime ?? now();
  const initial = { ...DEFAULT_SWITCHES, ...checked(options.switches ?? {}) };
  let switches: SwitchLabsSwitches = { ...initial };
  const store = new SwitchLabsStore(now);
  const faults = new SwitchLabsFaults(now);
  const fixture = new SwitchLabsFixtureOps(store, now);
  let seed: SwitchLabsSeedIds;

  const reseed = () => {
    store.clear();
    store.idStyle = switches.id_style;
    seed = seedSwitchLabs(store, seedTime);
    if (options.seed === false) {
      for (const map of [store.customers, store.tickets, store.conversations, store.articles]) map.clear();
    }
  };
  const reset = (patch?: Partial<SwitchLabsSwitches>) => {
    switches = { ...initial, ...checked(patch ?? {}) };
    faults.reset();
    reseed();
  };
  const setSwitches = (patch: Partial<SwitchLabsSwitches>) => {
    switches = { ...switches, ...checked(patch) };
    return { ...switches };
  };
  const revokeApiKey = (key: string = SWITCHLABS_SEED.apiKey) => {
    const found = store.apiKeys.get(key);
    if (found) found.revoked = true;
  };
  reseed();

  const ctx: SwitchLabsContext = { store, faults, switches: () => switches, now };
  const app = createSwitchLabsApp(ctx, { reset, setSwitches, revokeApiKey, fixture });

  return {
    app,
    fetch: inProcessFetch((request) => app.fetch(request), 'Switch Labs mock', 'http://switchlabs.mock'),
    store,
    faults,
    get switches() {
      return { ...switches };
    },
    setSwitches,
    get seed() {
      return seed;
    },
    apiKey: SWITCHLABS_SEED.apiKey,
    get outboundNotifications() {
      return [...store.outboundNotifications];
    },
    revokeApiKey,
    fixture,
    reset,
  };
}

function checked(patch: Partial<SwitchLabsSwitches>): Partial<SwitchLabsSwitches> {
  const errors = switchErrors(patch);
  if (errors.length) throw new Error(`switchlabs mock: ${errors.map((e) => e.message).join(' ')}`);
  return patch;
}
