/// <reference types="node" />
/**
 * `@dispatchtickets/react/testing`: the kit, the mock API and a fresh cache,
 * wired for a component test in one call. For Node test runners with a DOM
 * (Vitest or Jest with jsdom or happy-dom); needs `@testing-library/react`,
 * `hono` and `@hono/node-server` installed beside the kit.
 *
 * The mock runs as a real HTTP server on 127.0.0.1 (a free port), so
 * everything the kit does works unchanged, file uploads included (they go
 * through `XMLHttpRequest`, which in-process fakes can't reach).
 */
import type { ReactElement, ReactNode } from 'react';
import { cleanup, render, type RenderOptions, type RenderResult } from '@testing-library/react';
import { QueryClient } from '@tanstack/react-query';
import { PortalProvider, type PortalProviderProps, type PortalProviderSettings } from '../provider';
import { portalKeys } from '../queries';
import { compileRoutePattern } from '../mock/faults';
import { SEED } from '../mock/seed';
import { startMockServer, type MockServer } from '../mock/node';
import type { MockPortal } from '../mock/createMockPortal';
import type { MockComment, MockPortalOptions, MockRequestRecord, PortalTokenResponse } from '../mock/types';

export interface TestPortalOptions {
  /**
   * Who is signed in. Default `jane@example.com`, a seeded customer with a
   * dozen tickets in every status; any other address starts with none.
   * `null`: nobody (`getToken` rejects), so the portal says the session has ended.
   * @example customer: { email: 'new@example.com' }
   */
  customer?: { email: string; name?: string } | null;
  /**
   * Props for the `PortalProvider`, on top of the test defaults
   * (`pollInterval: false`, drafts kept in memory for this portal only).
   * @example provider: { locale: 'de', messages: de }
   */
  provider?: Omit<PortalProviderSettings, 'children' | 'baseUrl' | 'queryClient'> & { getToken?: PortalProviderProps['getToken'] };
  /**
   * Options for the mock: a clock, token lifetime, rate limit, wire variants, no seed data...
   * @example mock: { tokenTtlSeconds: 30, seed: false }
   */
  mock?: MockPortalOptions;
}

export interface TestPortal {
  /** The mock: `mock.store` (data), `mock.faults` (latency, failures, outages), `mock.outbox`. */
  readonly mock: MockPortal;
  /** The mock's base URL (`http://localhost:<port>/v1`), which the provider uses. */
  readonly baseUrl: string;
  /** This portal's own cache: a new one per call, so no test sees another's data. */
  readonly queryClient: QueryClient;
  /** The provider's `getToken`: mints for {@link TestPortalOptions.customer} in the mock. */
  readonly getToken: () => Promise<PortalTokenResponse>;
  /** Every request the mock has answered for this portal, oldest first. */
  readonly requests: readonly MockRequestRecord[];
  /** A wrapper with the provider, for `render(ui, { wrapper })` or `renderHook(hook, { wrapper })`. */
  readonly wrapper: (props: { children?: ReactNode }) => ReactElement;
  /** Testing Library's `render` inside the provider. */
  render(ui: ReactElement, options?: Omit<RenderOptions, 'wrapper'>): RenderResult;
  /**
   * Resolves once the mock has answered a request matching `route`, as
   * `"METHOD /path"` or `"/path"` relative to `/v1`, with `:name` for one
   * segment and `*` for anything. Each answered request is handed out once,
   * oldest first, so call it once per request you expect (before or after
   * it happened). Rejects after `timeout` ms (default 5000) listing what the
   * mock did answer.
   * @example const reply = await portal.waitForRequest('POST /portal/tickets/:id/comments');
   */
  waitForRequest(route: string, options?: { timeout?: number }): Promise<MockRequestRecord>;
  /**
   * Adds a staff reply to a ticket, as an agent answering in the dashboard,
   * and refetches what the portal shows (polling is off in tests).
   * @example await portal.staffReply(ticketId, 'Fixed in 2.4.1.');
   */
  staffReply(ticketId: string, body: string, authorName?: string): Promise<MockComment>;
  /**
   * Unmounts what was rendered, clears the cache and stops the mock. Runs by
   * itself after each test when the runner has global `afterEach` (Jest,
   * Vitest with `globals: true`); otherwise the next `createTestPortal()` /
   * `renderWithPortal()` runs it first.
   */
  close(): Promise<void>;
}

/** `sessionStorage` stand-in: drafts stay with one portal, never leak into the next test. */
class MemoryStorage implements Storage {
  #items = new Map<string, string>();
  get length() {
    return this.#items.size;
  }
  clear() {
    this.#items.clear();
  }
  getItem(key: string) {
    return this.#items.get(key) ?? null;
  }
  key(index: number) {
    return [...this.#items.keys()][index] ?? null;
  }
  removeItem(key: string) {
    this.#items.delete(key);
  }
  setItem(key: string, value: string) {
    this.#items.set(key, String(value));
  }
}

const open = new Set<TestPortal>();
const closeAll = () => Promise.all([...open].map((portal) => portal.close()));

// Like Testing Library's own cleanup: registered once when the runner has
// global hooks (Jest, Vitest with `globals: true`). Without them, each new
// portal closes the ones before it, so every test still starts clean.
const globalAfterEach = (globalThis as { afterEach?: (fn: () => Promise<unknown>) => void }).afterEach;
const autoClose = typeof globalAfterEach === 'function';
if (autoClose) globalAfterEach(closeAll);

function parseRoute(route: string): { method: string | null; regex: RegExp } {
  const match = /^\s*([A-Za-z]+)\s+(\S.*)$/.exec(route);
  return match ? { method: match[1]!.toUpperCase(), regex: compileRoutePattern(match[2]!) } : { method: null, regex: compileRoutePattern(route) };
}

/**
 * Starts a mock API and creates a provider wrapper with a fresh cache, signed
 * in as a seeded customer. Closed after each test by itself when the runner
 * has global `afterEach` (else call `close()`).
 *
 * @example
 * const portal = await createTestPortal({ customer: { email: 'new@example.com' } });
 * portal.render(<NewTicketForm />);
 */
export async function createTestPortal(options: TestPortalOptions = {}): Promise<TestPortal> {
  const { customer = { email: SEED.customers.jane.email }, provider = {}, mock: mockOptions = {} } = options;
  if (!autoClose) await closeAll();
  const server: MockServer = await startMockServer({ ...mockOptions, port: 0, hostname: '127.0.0.1' });
  const { mock, baseUrl } = server;
  const queryClient = new QueryClient();
  const draftStorage = new MemoryStorage();

  const requests: MockRequestRecord[] = [];
  const handedOut = new Set<MockRequestRecord>();
  const waiters = new Set<() => void>();
  const stopListening = mock.onRequest((record) => {
    if (record.kind === 'mock') return;
    requests.push(record);
    for (const wake of [...waiters]) wake();
  });

  const getToken = async () => {
    if (!customer) throw new Error('Not signed in (createTestPortal was given customer: null).');
    return mock.issuePortalToken(customer);
  };

  function Wrapper({ children }: { children?: ReactNode }) {
    return (
      <PortalProvider
        pollInterval={false}
        draftStorage={draftStorage}
        {...provider}
        getToken={provider.getToken ?? getToken}
        baseUrl={baseUrl}
        queryClient={queryClient}
      >
        {children}
      </PortalProvider>
    );
  }

  let closed: Promise<void> | null = null;
  const portal: TestPortal = {
    mock,
    baseUrl,
    queryClient,
    getToken,
    requests,
    wrapper: Wrapper,
    render: (ui, renderOptions) => render(ui, { ...renderOptions, wrapper: Wrapper }),
    waitForRequest(route, { timeout = 5000 } = {}) {
      const { method, regex } = parseRoute(route);
      const find = () => requests.find((r) => !handedOut.has(r) && (method === null || r.method === method) && regex.test(r.path));
      return new Promise<MockRequestRecord>((resolve, reject) => {
        const check = () => {
          const hit = find();
          if (!hit) return false;
          handedOut.add(hit);
          waiters.delete(wake);
          clearTimeout(timer);
          resolve(hit);
          return true;
        };
        const wake = () => void check();
        const timer = setTimeout(() => {
          waiters.delete(wake);
          const seen = requests.map((r) => `  ${r.method} ${r.path} → ${r.status}`).join('\n') || '  (none)';
          reject(new Error(`waitForRequest("${route}"): no matching request was answered within ${timeout} ms. The mock answered:\n${seen}`));
        }, timeout);
        if (!check()) waiters.add(wake);
      });
    },
    async staffReply(ticketId, body, authorName = 'Support') {
      const comment = mock.store.addComment(ticketId, { body, authorType: 'STAFF', authorName });
      await queryClient.invalidateQueries({ queryKey: portalKeys.tickets() });
      return comment;
    },
    close() {
      closed ??= (async () => {
        open.delete(portal);
        // Unmount before the server goes, so nothing rendered sees it vanish.
        cleanup();
        stopListening();
        await queryClient.cancelQueries();
        queryClient.clear();
        await server.close();
      })();
      return closed;
    },
  };
  open.add(portal);
  return portal;
}

/**
 * Renders `ui` inside a `PortalProvider` wired to a fresh mock API and
 * cache, signed in as `jane@example.com` unless `customer` says otherwise.
 * (For Testing Library's render options, use `createTestPortal()` and
 * `portal.render(ui, options)`.)
 *
 * @example
 * const { portal } = await renderWithPortal(<SupportPortal />);
 * expect(await screen.findByRole('heading', { name: 'Support' })).toBeVisible();
 */
export async function renderWithPortal(ui: ReactElement, options: TestPortalOptions = {}): Promise<RenderResult & { portal: TestPortal }> {
  const portal = await createTestPortal(options);
  return { ...portal.render(ui), portal };
}

export { SEED };
export type { MockRequestRecord, MockPortal, MockPortalOptions };
