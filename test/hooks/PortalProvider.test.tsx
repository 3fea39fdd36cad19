import { useState, type ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, render, renderHook, waitFor } from '@testing-library/react';
import { QueryClient, QueryClientProvider, useQueryClient } from '@tanstack/react-query';
import {
  PortalProvider,
  isSessionExpiredError,
  portalKeys,
  useAttachments,
  usePortal,
  usePortalSession,
  useTicket,
  useTickets,
  type PortalApiError,
  type PortalClient,
  type Ticket,
  type TokenResult,
} from '../../src/headless';
import { API, JANE, setupMockApi } from '../utils/mockApi';
import { newQueryClient, portalWrapper } from '../utils/render';
import { countRequests, deferred, type Deferred } from './helpers';
import { idle } from '../utils/settle';

const api = setupMockApi();
const BOB = 'bob@example.com';

const ticketIds = (data: { pages: Array<{ tickets: Ticket[] }> } | undefined) =>
  data?.pages.flatMap((p) => p.tickets.map((t) => t.id)) ?? [];
const isJanes = (id: string) => id.startsWith('tkt_jane_');

beforeEach(() => sessionStorage.clear());
afterEach(() => vi.restoreAllMocks());

describe('PortalProvider', () => {
  describe('one client and one token lifecycle', () => {
    it('fetches one token however many components mount', async () => {
      const getToken = api.getToken();
      const { Wrapper } = portalWrapper(api, { provider: { getToken } });
      const loaded: boolean[] = [];
      function Widget({ n }: { n: number }) {
        const list = useTickets({ limit: 5 });
        const open = useTickets({ status: 'open' });
        const ticket = useTicket('tkt_jane_01');
        const files = useAttachments('tkt_jane_01');
        usePortalSession();
        loaded[n] = list.isSuccess && open.isSuccess && ticket.isSuccess && files.isSuccess;
        return null;
      }
      render(
        <Wrapper>
          {[0, 1, 2, 3, 4, 5].map((n) => (
            <Widget key={n} n={n} />
          ))}
        </Wrapper>,
      );
      await waitFor(() => expect(loaded.every(Boolean) && loaded.length === 6).toBe(true));
      expect(getToken.calls).toBe(1);
      // And one request per distinct query, not one per component.
      expect(countRequests(api.requests, /^GET \/portal\/tickets$/)).toBe(2);
      expect(countRequests(api.requests, /^GET \/portal\/tickets\/tkt_jane_01$/)).toBe(1);
      expect(countRequests(api.requests, /^GET \/portal\/tickets\/tkt_jane_01\/attachments$/)).toBe(1);
    });

    it('keeps one client when getToken, onSessionExpired, messages and clientOptions are new on every render', async () => {
      const queryClient = newQueryClient();
      let calls = 0;
      const clients = new Set<PortalClient>();
      const translators = new Set<unknown>();
      let rerenderHost!: () => void;
      function Probe() {
        const { client, messages } = usePortal();
        clients.add(client);
        translators.add(messages);
        const list = useTickets();
        return <p>{list.isSuccess ? 'loaded' : 'loading'}</p>;
      }
      function Host() {
        const [, setN] = useState(0);
        rerenderHost = () => setN((n) => n + 1);
        return (
          <PortalProvider
            baseUrl={API}
            queryClient={queryClient}
            pollInterval={false}
            // Inline everything, as a careless host would.
            getToken={() => {
              calls += 1;
              return api.mock.issuePortalToken({ email: JANE });
            }}
            onSessionExpired={() => {}}
            messages={{ listTitle: 'Your requests' }}
            clientOptions={{ timeoutMs: 20_000 }}
          >
            <Probe />
          </PortalProvider>
        );
      }
      const view = render(<Host />);
      await view.findByText('loaded');
      const before = api.requests.length;
      for (let i = 0; i < 5; i++) act(() => rerenderHost());
      // A new client or a refetch would start during those renders: wait until nothing is in flight.
      await idle(queryClient);
      expect(clients.size).toBe(1);
      expect(translators.size).toBe(1);
      expect(calls).toBe(1);
      expect(api.requests.length).toBe(before);
    });

    it('renews the token in the background before it expires, StrictMode included', async () => {
      // A token that says it lives 2 s is due for renewal after about 1 s.
      const getToken = Object.assign(
        async (): Promise<TokenResult> => {
          getToken.calls += 1;
          const minted = await api.mock.issuePortalToken({ email: JANE });
          return { ...minted, expiresAt: new Date(Date.now() + 2_000).toISOString() };
        },
        { calls: 0 },
      );
      const { Wrapper } = portalWrapper(api, { provider: { getToken } });
      const { result } = renderHook(() => usePortalSession(), { wrapper: Wrapper, reactStrictMode: true });
      await waitFor(() => expect(result.current.status).toBe('ready'));
      expect(getToken.calls).toBe(1);
      // No request needs a token: only the provider's renewal timer can call getToken again.
      await waitFor(() => expect(getToken.calls).toBeGreaterThanOrEqual(2), { timeout: 4_000 });
      expect(api.requests).toEqual([]);
    });
  });

  describe('React Query wiring', () => {
    it('works without any QueryClientProvider or queryClient prop (it owns a cache)', async () => {
      const getToken = api.getToken();
      function Wrapper({ children }: { children: ReactNode }) {
        return (
          <PortalProvider baseUrl={API} getToken={getToken} pollInterval={false}>
            {children}
          </PortalProvider>
        );
      }
      const { result } = renderHook(() => ({ list: useTickets(), kit: usePortal().queryClient }), { wrapper: Wrapper });
      await waitFor(() => expect(result.current.list.isSuccess).toBe(true));
      expect(result.current.kit).toBeInstanceOf(QueryClient);
      expect(result.current.kit.getQueryData(portalKeys.ticketList())).toBeDefined();
    });

    it("does not shadow a host QueryClientProvider: the host's hooks still get the host's client", async () => {
      const host = newQueryClient();
      const getToken = api.getToken();
      function Wrapper({ children }: { children: ReactNode }) {
        return (
          <QueryClientProvider client={host}>
            <PortalProvider baseUrl={API} getToken={getToken} pollInterval={false}>
              {children}
            </PortalProvider>
          </QueryClientProvider>
        );
      }
      const { result } = renderHook(
        () => ({ hostClient: useQueryClient(), kit: usePortal().queryClient, list: useTickets() }),
        { wrapper: Wrapper },
      );
      await waitFor(() => expect(result.current.list.isSuccess).toBe(true));
      expect(result.current.hostClient).toBe(host);
      expect(result.current.kit).not.toBe(host);
      // Two separate caches: the kit's data stays in its own.
      expect(host.getQueryData(portalKeys.ticketList())).toBeUndefined();
      expect(result.current.kit.getQueryData(portalKeys.ticketList())).toBeDefined();
    });

    it("shares the host's cache when given queryClient (kit data visible to the host)", async () => {
      const host = newQueryClient();
      const getToken = api.getToken();
      function Wrapper({ children }: { children: ReactNode }) {
        return (
          <QueryClientProvider client={host}>
            <PortalProvider baseUrl={API} getToken={getToken} queryClient={host} pollInterval={false}>
              {children}
            </PortalProvider>
          </QueryClientProvider>
        );
      }
      const { result } = renderHook(
        () => ({ hostClient: useQueryClient(), kit: usePortal().queryClient, list: useTickets({ limit: 5 }) }),
        { wrapper: Wrapper },
      );
      await waitFor(() => expect(result.current.list.isSuccess).toBe(true));
      expect(result.current.kit).toBe(host);
      expect(result.current.hostClient).toBe(host);
      const cached = host.getQueryData<{ pages: Array<{ tickets: Ticket[] }> }>(portalKeys.ticketList({ limit: 5 }));
      expect(ticketIds(cached)).toHaveLength(5);
      // The host can invalidate kit data with the key factory.
      const before = countRequests(api.requests, /^GET \/portal\/tickets$/);
      await act(() => host.invalidateQueries({ queryKey: portalKeys.ticketLists() }));
      expect(countRequests(api.requests, /^GET \/portal\/tickets$/)).toBe(before + 1);
    });

    it("does not multiply attempts with a host cache's retry defaults", async () => {
      const host = new QueryClient({ defaultOptions: { queries: { retry: 3, retryDelay: 1 } } });
      const { Wrapper } = portalWrapper(api, { provider: { queryClient: host } });
      const { result } = renderHook(() => useTicket('tkt_does_not_exist'), { wrapper: Wrapper });
      // With the host's retries the query would only turn to error after them.
      await waitFor(() => expect(result.current.isError).toBe(true));
      expect(countRequests(api.requests, /^GET \/portal\/tickets\/tkt_does_not_exist$/)).toBe(1);
    });

    it("keeps portal errors in the portal with a host cache that suspends and throws to error boundaries", async () => {
      const host = new QueryClient({ defaultOptions: { queries: { suspense: true, throwOnError: true, retry: false } } as never });
      const { Wrapper } = portalWrapper(api, { provider: { queryClient: host } });
      const { result } = renderHook(() => useTicket('tkt_does_not_exist'), { wrapper: Wrapper });
      // Had the hook suspended or thrown, renderHook's result would hold nothing (or the test would throw).
      expect(result.current.isPending).toBe(true);
      await waitFor(() => expect(result.current.isError).toBe(true));
      expect(result.current.error?.status).toBe(404);
    });
  });

  describe('session state (usePortalSession)', () => {
    it('goes idle → ready with the customer, shows renewing, and expires once when getToken fails', async () => {
      let mode: 'ok' | 'hold' | 'fail' = 'hold';
      let gate: Deferred<void> = deferred();
      const getToken = vi.fn(async () => {
        if (mode === 'fail') throw new Error('the host says: not signed in');
        if (mode === 'hold') await gate.promise;
        return api.mock.issuePortalToken({ email: JANE });
      });
      const onSessionExpired = vi.fn<(error: PortalApiError) => void>();
      const statuses: string[] = [];
      const { Wrapper } = portalWrapper(api, { provider: { getToken, onSessionExpired } });
      const { result } = renderHook(
        () => {
          const session = usePortalSession();
          if (statuses[statuses.length - 1] !== session.status) statuses.push(session.status);
          return { session, list: useTickets(), ticket: useTicket('tkt_jane_02') };
        },
        { wrapper: Wrapper },
      );
      expect(statuses[0]).toBe('idle');
      await waitFor(() => expect(result.current.session.status).toBe('renewing'));
      expect(result.current.session.customer).toBeNull();
      mode = 'ok';
      gate.resolve();
      await waitFor(() => expect(result.current.session.status).toBe('ready'));
      expect(result.current.session.customer).toMatchObject({ email: JANE, name: 'Jane Cooper', id: 'cus_jane_cooper' });
      // The snapshot never exposes the token.
      expect(JSON.stringify(result.current.session)).not.toMatch(/eyJ/);
      await waitFor(() => expect(result.current.list.isSuccess && result.current.ticket.isSuccess).toBe(true));

      // A renewal in flight is visible.
      mode = 'hold';
      gate = deferred();
      let renewed!: Promise<void>;
      act(() => {
        renewed = result.current.session.renew();
      });
      expect(result.current.session.status).toBe('renewing');
      gate.resolve();
      mode = 'ok';
      await act(() => renewed);
      expect(result.current.session.status).toBe('ready');
      expect(getToken).toHaveBeenCalledTimes(2);

      // The server revokes the token and the host can no longer mint one:
      // two requests hit 401 at once, the session expires once.
      mode = 'fail';
      api.mock.faults.expireAllTokens();
      await act(async () => {
        await Promise.all([result.current.list.refetch(), result.current.ticket.refetch()]);
      });
      await waitFor(() => expect(result.current.session.status).toBe('expired'));
      expect(isSessionExpiredError(result.current.session.error)).toBe(true);
      expect(onSessionExpired).toHaveBeenCalledTimes(1);
      expect(isSessionExpiredError(onSessionExpired.mock.calls[0]?.[0])).toBe(true);
      expect(statuses.slice(0, 5)).toEqual(['idle', 'renewing', 'ready', 'renewing', 'ready']);
      expect(statuses.at(-1)).toBe('expired');
      expect(statuses.filter((s) => s === 'expired')).toHaveLength(1);

      // Signing in again (a working getToken + renew) leaves the expired state.
      mode = 'ok';
      await act(() => result.current.session.renew());
      expect(result.current.session.status).toBe('ready');
      const after = await act(() => result.current.list.refetch());
      expect(after.isSuccess).toBe(true);
      expect(after.data?.pages[0]?.tickets.length).toBeGreaterThan(0);
      expect(onSessionExpired).toHaveBeenCalledTimes(1);
    });
  });

  describe('static token prop', () => {
    function StaticHost({ token, children, queryClient }: { token: string; children: ReactNode; queryClient: QueryClient }) {
      return (
        <PortalProvider baseUrl={API} token={token} queryClient={queryClient} pollInterval={false}>
          {children}
        </PortalProvider>
      );
    }

    it('uses a new token from the host at once', async () => {
      const queryClient = newQueryClient();
      const first = await api.mock.issuePortalToken({ email: JANE });
      let latest!: ReturnType<typeof useTickets>;
      function Probe() {
        latest = useTickets();
        return null;
      }
      const view = render(
        <StaticHost token={first.token} queryClient={queryClient}>
          <Probe />
        </StaticHost>,
      );
      await waitFor(() => expect(latest.isSuccess).toBe(true));
      // Every token issued so far dies (the first one, and any refresh of it);
      // only the host's new token works.
      api.mock.faults.expireAllTokens();
      const second = await api.mock.issuePortalToken({ email: JANE });
      view.rerender(
        <StaticHost token={second.token} queryClient={queryClient}>
          <Probe />
        </StaticHost>,
      );
      const after = await act(() => latest.refetch());
      expect(after.isSuccess).toBe(true);
      expect(after.isRefetchError).toBe(false);
      expect(after.dataUpdatedAt).toBeGreaterThan(0);
      expect(api.requests.at(-1)).toBe('GET /portal/tickets');
    });

    it('knows the customer of a static token, so drafts and the session name work', async () => {
      const queryClient = newQueryClient();
      const { token } = await api.mock.issuePortalToken({ email: JANE });
      let session!: ReturnType<typeof usePortalSession>;
      function Probe() {
        session = usePortalSession();
        return null;
      }
      render(
        <StaticHost token={token} queryClient={queryClient}>
          <Probe />
        </StaticHost>,
      );
      await waitFor(() => expect(session.customer?.email).toBe(JANE));
      expect(session.status).toBe('ready');
    });

    it("never shows the previous customer's data once a new customer's token is known", async () => {
      const queryClient = newQueryClient();
      const jane = await api.mock.issuePortalToken({ email: JANE });
      const bob = await api.mock.issuePortalToken({ email: BOB });
      const shown: Array<{ customer: string | null; ids: string[] }> = [];
      function Probe() {
        const session = usePortalSession();
        const list = useTickets();
        shown.push({ customer: session.customer?.email ?? null, ids: ticketIds(list.data) });
        return null;
      }
      const view = render(
        <StaticHost token={jane.token} queryClient={queryClient}>
          <Probe />
        </StaticHost>,
      );
      await waitFor(() => expect(shown.at(-1)?.ids.some(isJanes)).toBe(true));
      view.rerender(
        <StaticHost token={bob.token} queryClient={queryClient}>
          <Probe />
        </StaticHost>,
      );
      await waitFor(() => expect(shown.at(-1)?.ids).toEqual(['tkt_bob_01']));
      const asBob = shown.filter((s) => s.customer === BOB);
      expect(asBob.length).toBeGreaterThan(0);
      expect(asBob.flatMap((s) => s.ids).filter(isJanes)).toEqual([]);
    });
  });

  describe('customer switch (getToken)', () => {
    it.each([
      ['setToken with the new customer', 'setToken'],
      ['renew after the host signed in someone else', 'renew'],
    ] as const)('clears the cache on %s: nothing of customer A is shown for B', async (_name, how) => {
      let email = JANE;
      const getToken = vi.fn(() => api.mock.issuePortalToken({ email }));
      const { Wrapper, queryClient } = portalWrapper(api, { provider: { getToken } });
      const shown: Array<{ customer: string | null; list: string[]; detail: string | null }> = [];
      const { result } = renderHook(
        () => {
          const session = usePortalSession();
          const list = useTickets();
          const ticket = useTicket('tkt_jane_01');
          shown.push({ customer: session.customer?.email ?? null, list: ticketIds(list.data), detail: ticket.data?.id ?? null });
          return { session, list, ticket };
        },
        { wrapper: Wrapper },
      );
      await waitFor(() => expect(result.current.list.isSuccess && result.current.ticket.isSuccess).toBe(true));

      if (how === 'setToken') {
        const bob = await api.mock.issuePortalToken({ email: BOB });
        act(() => result.current.session.setToken(bob));
      } else {
        email = BOB;
        await act(() => result.current.session.renew());
      }
      await waitFor(() => expect(result.current.list.data?.pages[0]?.tickets.map((t) => t.id)).toEqual(['tkt_bob_01']));
      // Bob may not read Jane's ticket: a 404, not her cached copy.
      await waitFor(() => expect(result.current.ticket.isError).toBe(true));
      const asBob = shown.filter((s) => s.customer === BOB);
      expect(asBob.flatMap((s) => s.list).filter(isJanes)).toEqual([]);
      expect(asBob.map((s) => s.detail).filter(Boolean)).toEqual([]);
      expect(queryClient.getQueryData(portalKeys.ticket('tkt_jane_01'))).toBeUndefined();
    });
  });

  describe('misuse', () => {
    it('throws a fixable error when a hook is used outside <PortalProvider>', () => {
      vi.spyOn(console, 'error').mockImplementation(() => {});
      expect(() => renderHook(() => useTickets())).toThrow(
        'useTickets must be used within <PortalProvider> (wrap your support UI in one)',
      );
      expect(() => renderHook(() => usePortal())).toThrow(/usePortal must be used within <PortalProvider>/);
      expect(() => renderHook(() => usePortalSession())).toThrow(/usePortalSession must be used within <PortalProvider>/);
    });

    it('warns once, in development, when read-once clientOptions or draftStorage change; the same settings in a new object are fine', () => {
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
      const getToken = api.getToken();
      const queryClient = newQueryClient();
      const view = (clientOptions: { timeoutMs: number }, draftStorage: Storage | null = sessionStorage) => (
        <PortalProvider baseUrl={API} getToken={getToken} queryClient={queryClient} clientOptions={clientOptions} draftStorage={draftStorage} />
      );
      const { rerender } = render(view({ timeoutMs: 10_000 }));
      rerender(view({ timeoutMs: 10_000 }));
      expect(warn).not.toHaveBeenCalled();
      rerender(view({ timeoutMs: 5_000 }));
      rerender(view({ timeoutMs: 1_000 }));
      expect(warn.mock.calls.filter(([m]) => String(m).includes('`clientOptions` is read once'))).toHaveLength(1);
      rerender(view({ timeoutMs: 1_000 }, null));
      expect(warn.mock.calls.filter(([m]) => String(m).includes('`draftStorage` is read once'))).toHaveLength(1);
    });
  });
});

