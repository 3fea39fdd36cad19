import { describe, expect, it } from 'vitest';
import { act, renderHook, waitFor } from '@testing-library/react';
import {
  createPortalClient,
  portalKeys,
  useCloseTicket,
  useRateTicket,
  useReopenTicket,
  useTicket,
  useTicketList,
  useTickets,
  type PortalApiError,
  type TicketDetail,
} from '../../src/headless';
import { BackendError } from '../../src/server';
import { GATEWAY, setupGatewayApi, type GatewayApi } from '../utils/gatewayApi';
import { portalWrapper } from '../utils/render';

async function fileTicket(api: GatewayApi, title: string) {
  const client = createPortalClient({ baseUrl: GATEWAY, getToken: api.getToken(), retry: false });
  const ticket = await client.createTicket({ title, body: 'Details' });
  return { client, ticket };
}

describe('ticket actions through the gateway', () => {
  const api = setupGatewayApi({ gateway: { rating: { scale: 'scale5' } } });
  const wrap = () => portalWrapper(api, { provider: { baseUrl: GATEWAY } });

  describe('useCloseTicket', () => {
    it('marks the ticket solved and updates its detail and every cached list at once', async () => {
      const { ticket } = await fileTicket(api, 'Printer jam');
      const { Wrapper, queryClient } = wrap();
      const { result } = renderHook(
        () => ({ detail: useTicket(ticket.id), open: useTickets({ status: 'open' }), all: useTickets(), close: useCloseTicket(ticket.id) }),
        { wrapper: Wrapper },
      );
      await waitFor(() => expect(result.current.detail.data?.status).toBe('open'));
      await waitFor(() => expect(result.current.all.data?.pages[0]?.tickets).toHaveLength(1));
      await act(() => result.current.close.mutateAsync());
      expect(queryClient.getQueryData<TicketDetail>(portalKeys.ticket(ticket.id))?.status).toBe('resolved');
      await waitFor(() => expect(result.current.all.data?.pages[0]?.tickets[0]?.status).toBe('resolved'));
      // The detail refetches: a solved ticket can be rated now.
      await waitFor(() => expect(result.current.detail.data?.canRate).toBe(true));
      // The "open" list no longer holds it once refetched.
      await act(() => result.current.open.refetch());
      const open = queryClient.getQueryData<{ pages: { tickets: unknown[] }[] }>(portalKeys.ticketList({ status: 'open' }));
      expect(open?.pages[0]?.tickets).toEqual([]);
    });

    it('reuses its idempotency key when pressed again after a failure, and counts "already solved" as done', async () => {
      const { client, ticket } = await fileTicket(api, 'Lost response');
      const { Wrapper } = wrap();
      const { result } = renderHook(() => ({ detail: useTicket(ticket.id), close: useCloseTicket(ticket.id) }), { wrapper: Wrapper });
      await waitFor(() => expect(result.current.detail.data).toBeDefined());
      // Solved meanwhile in another tab.
      await client.closeTicket(ticket.id);
      await act(() => result.current.close.mutateAsync());
      await waitFor(() => expect(result.current.close.isSuccess).toBe(true));
      await waitFor(() => expect(result.current.detail.data?.status).toBe('resolved'));
      expect(api.backend.calls.closeTicket).toBe(1);
    });
  });

  describe('useReopenTicket', () => {
    it('reopens a solved ticket', async () => {
      const { client, ticket } = await fileTicket(api, 'Came back');
      await client.closeTicket(ticket.id);
      const { Wrapper } = wrap();
      const { result } = renderHook(() => ({ detail: useTicket(ticket.id), reopen: useReopenTicket(ticket.id) }), { wrapper: Wrapper });
      await waitFor(() => expect(result.current.detail.data?.status).toBe('resolved'));
      await act(() => result.current.reopen.mutateAsync());
      await waitFor(() => expect(result.current.detail.data?.status).toBe('open'));
    });

    it('reports a refusal with its reason code and leaves the ticket as it was', async () => {
      const { client, ticket } = await fileTicket(api, 'Too late');
      await client.closeTicket(ticket.id);
      api.backend.reopenTicket = async () => {
        throw new BackendError('refused', { code: 'REOPEN_WINDOW_PASSED' });
      };
      const { Wrapper } = wrap();
      const { result } = renderHook(() => ({ detail: useTicket(ticket.id), reopen: useReopenTicket(ticket.id) }), { wrapper: Wrapper });
      await waitFor(() => expect(result.current.detail.data?.status).toBe('resolved'));
      let error: PortalApiError | undefined;
      await act(() => result.current.reopen.mutateAsync().catch((e: PortalApiError) => void (error = e)));
      expect(error?.status).toBe(409);
      expect(error?.code).toBe('REOPEN_WINDOW_PASSED');
      expect(result.current.detail.data?.status).toBe('resolved');
    });
  });

  describe('useRateTicket', () => {
    it('hides the prompt at once (canRate false), then holds the stored rating', async () => {
      const { client, ticket } = await fileTicket(api, 'Rate me');
      await client.closeTicket(ticket.id);
      const { Wrapper, queryClient } = wrap();
      const { result } = renderHook(() => ({ detail: useTicket(ticket.id), rate: useRateTicket(ticket.id) }), { wrapper: Wrapper });
      await waitFor(() => expect(result.current.detail.data?.canRate).toBe(true));
      let sent!: Promise<unknown>;
      act(() => {
        sent = result.current.rate.mutateAsync({ rating: 4, comment: '  Quick fix ' });
      });
      await waitFor(() => expect(queryClient.getQueryData<TicketDetail>(portalKeys.ticket(ticket.id))?.canRate).toBe(false));
      await act(() => sent);
      expect(result.current.detail.data?.rating).toMatchObject({ rating: 4, comment: 'Quick fix', scale: 'scale5' });
      // The server agrees after a refetch.
      await act(() => result.current.detail.refetch());
      expect(result.current.detail.data).toMatchObject({ canRate: false, rating: { rating: 4 } });
    });

    it('restores the prompt when the rating is refused, and resolves with the stored rating when it was given elsewhere', async () => {
      const { client, ticket } = await fileTicket(api, 'Open still');
      const { Wrapper } = wrap();
      const { result } = renderHook(() => ({ detail: useTicket(ticket.id), rate: useRateTicket(ticket.id) }), { wrapper: Wrapper });
      await waitFor(() => expect(result.current.detail.data).toBeDefined());
      let error: PortalApiError | undefined;
      await act(() => result.current.rate.mutateAsync({ rating: 3 }).catch((e: PortalApiError) => void (error = e)));
      expect(error?.code).toBe('NOT_RATEABLE');

      await client.closeTicket(ticket.id);
      await client.rateTicket(ticket.id, { rating: 5 });
      const rating = await act(() => result.current.rate.mutateAsync({ rating: 2 }));
      expect(rating.rating).toBe(5);
      await waitFor(() => expect(result.current.detail.data?.rating?.rating).toBe(5));
    });
  });
});

describe('useTicketList search and several statuses', () => {
  const api = setupGatewayApi();

  it('searches after typing pauses, keeps one cache entry per filter, and filters by several statuses', async () => {
    const { client } = await fileTicket(api, 'Invoice is wrong');
    const other = await client.createTicket({ title: 'Cannot sign in' });
    await client.closeTicket(other.id);
    const { Wrapper, queryClient } = portalWrapper(api, { provider: { baseUrl: GATEWAY } });
    const { result } = renderHook(() => useTicketList({ searchDelay: 20 }), { wrapper: Wrapper });
    await waitFor(() => expect(result.current.tickets).toHaveLength(2));
    expect(result.current.filtered).toBe(false);

    act(() => result.current.setSearch('invoice'));
    expect(result.current.appliedSearch).toBe('');
    await waitFor(() => expect(result.current.tickets.map((t) => t.title)).toEqual(['Invoice is wrong']));
    expect(result.current.filtered).toBe(true);
    expect(api.requests.some((r) => r.includes('search=invoice'))).toBe(true);

    act(() => result.current.setSearch('zzz'));
    await waitFor(() => expect(result.current.query.isPlaceholderData).toBe(false));
    await waitFor(() => expect(result.current.tickets).toEqual([]));

    // Clearing applies at once, from the cache.
    act(() => result.current.setSearch(''));
    expect(result.current.appliedSearch).toBe('');
    expect(result.current.tickets).toHaveLength(2);

    act(() => result.current.setSelectedStatuses(['resolved', 'pending']));
    await waitFor(() => expect(result.current.tickets.map((t) => t.title)).toEqual(['Cannot sign in']));
    expect(api.requests.some((r) => decodeURIComponent(r).includes('status=resolved,pending'))).toBe(true);
    act(() => result.current.toggleStatus('open'));
    await waitFor(() => expect(result.current.tickets).toHaveLength(2));

    const keys = queryClient.getQueryCache().findAll({ queryKey: portalKeys.ticketLists() }).map((q) => q.queryKey[3]);
    expect(keys).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ status: null }),
        expect.objectContaining({ status: null, search: 'invoice' }),
        expect.objectContaining({ status: 'pending,resolved' }),
        expect.objectContaining({ status: 'open,pending,resolved' }),
      ]),
    );
    act(() => result.current.clearFilters());
    expect(result.current.filtered).toBe(false);
  });
});
