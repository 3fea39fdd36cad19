import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startSwitchLabsMockServer, type SwitchLabsMockServer } from '../../../../src/mock/node';
import { SWITCHLABS_SEED } from '../../../../src/mock/switchlabs';
import type { AdapterState, BackendContext, BackendCustomer, JsonValue, ListTicketsQuery, PortalBackend } from '../../../../src/server/gateway/backend';
import { switchLabs, type SwitchLabsOptions, type SwitchLabsWarning } from '../../../../src/server/adapters/switchLabs';

export { SWITCHLABS_SEED };

/** The gateway's durable adapter state, in memory (what the gateway's store provides). */
export function memoryState(): AdapterState & { dump(): Map<string, unknown> } {
  const values = new Map<string, JsonValue>();
  const sets = new Map<string, Set<string>>();
  return {
    get: async <T extends JsonValue>(key: string) => (values.get(key) as T | undefined) ?? null,
    set: async (key, value) => void values.set(key, value),
    delete: async (key) => {
      values.delete(key);
      sets.delete(key);
    },
    addToSet: async (key, member) => void (sets.get(key) ?? sets.set(key, new Set()).get(key)!).add(member),
    members: async (key) => [...(sets.get(key) ?? [])],
    dump: () => new Map<string, unknown>([...values, ...[...sets].map(([k, v]) => [k, [...v]] as const)]),
  };
}

export interface Call {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
}

export interface AdapterHarness {
  server: SwitchLabsMockServer;
  /** Upstream requests since the last {@link resetCalls}, in order. */
  calls: Call[];
  warnings: SwitchLabsWarning[];
  state: ReturnType<typeof memoryState>;
  /** A fresh adapter over the mock (real HTTP); `options` override the defaults. */
  adapter(options?: Partial<SwitchLabsOptions>): PortalBackend;
  ctx(customer: BackendCustomer): BackendContext;
  /** Customer A as the gateway knows them after sign-in. */
  jordan(): BackendCustomer;
  resetCalls(): void;
}

/** One mock server per file; data, switches, faults, state and the call log reset before each test. */
export function useAdapterHarness(): AdapterHarness {
  const h = { calls: [] as Call[], warnings: [] as SwitchLabsWarning[] } as AdapterHarness;
  beforeAll(async () => {
    h.server = await startSwitchLabsMockServer({ port: 0, hostname: '127.0.0.1' });
  });
  afterAll(() => h.server?.close());
  beforeEach(() => {
    h.server.mock.reset();
    h.calls.length = 0;
    h.warnings.length = 0;
    h.state = memoryState();
  });
  const recording: typeof fetch = async (input, init) => {
    const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
    const body = typeof init?.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined;
    h.calls.push({ method: init?.method ?? 'GET', path: url.pathname.replace(/^\/api\/v1/, ''), query: url.searchParams, body });
    return fetch(input, init);
  };
  h.adapter = (options = {}) =>
    switchLabs({ baseUrl: h.server.baseUrl, apiKey: SWITCHLABS_SEED.apiKey, fetch: recording, onWarning: (w) => h.warnings.push(w), retries: 0, ...options });
  h.ctx = (customer) => ({ customer, signal: new AbortController().signal, requestId: 'req_test', state: h.state });
  h.jordan = () => ({ id: h.server.mock.seed.customers.jordan, email: SWITCHLABS_SEED.customers.jordan.email, name: SWITCHLABS_SEED.customers.jordan.name });
  h.resetCalls = () => void (h.calls.length = 0);
  return h;
}

export const listQuery = (patch: Partial<ListTicketsQuery> = {}): ListTicketsQuery => ({
  statuses: [],
  search: null,
  sort: 'createdAt',
  order: 'desc',
  limit: 20,
  cursor: null,
  ...patch,
});

/**
 * Walks every page as the gateway would (the `next` state round-trips through
 * JSON, as it does when signed into a cursor). Fails on a short page that isn't
 * the last, or a runaway walk.
 */
export async function walkTickets(backend: PortalBackend, ctx: BackendContext, query: Partial<ListTicketsQuery> = {}) {
  const ids: string[] = [];
  const tickets = [];
  let cursor: JsonValue | null = null;
  let pages = 0;
  for (;;) {
    const page = await backend.listTickets(ctx, listQuery({ ...query, cursor }));
    pages++;
    ids.push(...page.tickets.map((t) => t.id));
    tickets.push(...page.tickets);
    if (page.next === null) break;
    if (page.tickets.length !== (query.limit ?? 20)) throw new Error(`page ${pages} is short (${page.tickets.length}) but not the last`);
    cursor = JSON.parse(JSON.stringify(page.next)) as JsonValue;
    if (pages > 200) throw new Error('runaway paging');
  }
  return { ids, tickets, pages };
}

/** Fails with the error if the promise resolves. */
export async function failure<E = Error>(p: Promise<unknown>): Promise<E> {
  try {
    await p;
  } catch (e) {
    return e as E;
  }
  throw new Error('expected a failure');
}
