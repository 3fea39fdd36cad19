import { beforeEach, describe, expect, it } from 'vitest';
import { act, renderHook, waitFor } from '@testing-library/react';
import { useTickets, type TicketListFilters, type TicketPage } from '../../src/headless';
import { setupMockApi } from '../utils/mockApi';
import { portalWrapper } from '../utils/render';
import { countRequests, setVisibility, watchFetch } from './helpers';
import { idle } from '../utils/settle';

const api = setupMockApi();

beforeEach(() => sessionStorage.clear());

interface Shown {
  statuses: string[];
  placeholder: boolean;
}
const statusesOf = (data: { pages: TicketPage[] } | undefined) => data?.pages.flatMap((p) => p.tickets.map((t) => t.status)) ?? [];
const only = (status: string) => (s: Shown) => s.statuses.length > 0 && s.statuses.every((x) => x === status);
const isStatusQuery = (status: string) => (r: { url: URL }) =>
  r.url.pathname.endsWith('/portal/tickets') && r.url.searchParams.get('status') === status;

describe('useTickets', () => {
  describe('refresh on focus', () => {
    const focusAgain = () => {
      setVisibility('hidden');
      setVisibility('visible');
    };
    const listRequests = () => countRequests(api.requests, /^GET \/portal\/tickets$/);

    it('refetches a list with a few pages loaded when the tab comes back', async () => {
      const { Wrapper } = portalWrapper(api);
      const { result } = renderHook(() => ({ ...useTickets({ limit: 5 }) }), { wrapper: Wrapper });
      await waitFor(() => expect(result.current.isSuccess).toBe(true));
      await act(() => result.current.fetchNextPage());
      await waitFor(() => expect(result.current.data?.pages).toHaveLength(2));
      const before = listRequests();
      focusAgain();
      // Both loaded pages, refreshed in turn.
      await waitFor(() => expect(listRequests()).toBe(before + 2));
    });

    it('does not reload every page of a long list on each tab switch', async () => {
      const { Wrapper, queryClient } = portalWrapper(api, { email: 'bulk@example.com' });
      const { result } = renderHook(() => ({ ...useTickets({ limit: 5 }) }), { wrapper: Wrapper });
      await waitFor(() => expect(result.current.isSuccess).toBe(true));
      for (let pages = 2; pages <= 6; pages++) {
        await act(() => result.current.fetchNextPage());
        await waitFor(() => expect(result.current.data?.pages).toHaveLength(pages));
      }
      const before = listRequests();
      focusAgain();
      // A refetch on focus starts at once: nothing may be in flight.
      await idle(queryClient);
      expect(listRequests()).toBe(before);
    });
  });

  it('pages through cursors until hasNextPage is false, every ticket once', async () => {
    const { Wrapper } = portalWrapper(api);
    // Spread: read every field during render, as a component would (React
    // Query only re-renders for fields the render used).
    const { result } = renderHook(() => ({ ...useTickets({ limit: 5 }) }), { wrapper: Wrapper });
    await waitFor(() => expect(result.current.isSuccess).toBe(true));
    let pages = 1;
    while (result.current.hasNextPage) {
      pages += 1;
      await act(() => result.current.fetchNextPage());
      await waitFor(() => expect(result.current.data?.pages).toHaveLength(pages));
      expect(pages).toBeLessThan(10);
    }
    const ids = result.current.data?.pages.flatMap((p) => p.tickets.map((t) => t.id)) ?? [];
    expect(result.current.data?.pages.map((p) => p.tickets.length)).toEqual([5, 5, 2]);
    expect(ids).toHaveLength(12);
    expect(new Set(ids).size).toBe(12);
    // Spam and merged tickets never show.
    expect(ids).not.toContain('tkt_jane_spam');
    expect(ids).not.toContain('tkt_jane_merged');
    expect(countRequests(api.requests, /^GET \/portal\/tickets$/)).toBe(3);
  });

  it('passes filters to the API and keeps one cache entry per filter combination', async () => {
    const { Wrapper, queryClient } = portalWrapper(api);
    const { result } = renderHook(() => useTickets({ status: 'closed', sort: 'updatedAt', order: 'asc' }), { wrapper: Wrapper });
    await waitFor(() => expect(result.current.isSuccess).toBe(true));
    expect(statusesOf(result.current.data)).toEqual(['closed', 'closed']);
    const times = result.current.data?.pages[0]?.tickets.map((t) => Date.parse(t.updatedAt)) ?? [];
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(queryClient.getQueryCache().findAll({ queryKey: ['dispatchtickets', 'tickets', 'list'] })).toHaveLength(1);
  });

  it('does not fetch while disabled', async () => {
    const { Wrapper, queryClient } = portalWrapper(api);
    const { result, rerender } = renderHook(({ enabled }) => useTickets({ enabled }), {
      wrapper: Wrapper,
      initialProps: { enabled: false },
    });
    await idle(queryClient);
    expect(result.current.fetchStatus).toBe('idle');
    expect(countRequests(api.requests, /^GET \/portal\/tickets$/)).toBe(0);
    rerender({ enabled: true });
    await waitFor(() => expect(result.current.isSuccess).toBe(true));
  });

  describe('filter changes', () => {
    function setup() {
      const watched = watchFetch();
      const { Wrapper, queryClient } = portalWrapper(api, { provider: { clientOptions: { fetch: watched.fetch } } });
      const shown: Shown[] = [];
      const hook = renderHook(
        ({ filters, keepOpen = false }: { filters: TicketListFilters; keepOpen?: boolean }) => {
          const list = useTickets(filters);
          // A second observer of the "open" list elsewhere on the page, when asked for.
          useTickets({ status: 'open', enabled: keepOpen });
          shown.push({ statuses: statusesOf(list.data), placeholder: list.isPlaceholderData });
          return list;
        },
        { wrapper: Wrapper, initialProps: { filters: {} } as { filters: TicketListFilters; keepOpen?: boolean } },
      );
      return { ...hook, shown, watched, queryClient };
    }

    it("never shows an older filter's response after a newer one (A delayed by the mock)", async () => {
      const { result, rerender, shown, watched, queryClient } = setup();
      await waitFor(() => expect(result.current.isSuccess).toBe(true));

      // A (open) is slow on the server; B (pending) is fast.
      api.mock.faults.setLatency(300, { method: 'GET', path: '/portal/tickets' });
      rerender({ filters: { status: 'open' } });
      await waitFor(() => expect(watched.requests.some(isStatusQuery('open'))).toBe(true));
      api.mock.faults.clearLatency();
      rerender({ filters: { status: 'pending' } });
      await waitFor(() => expect(shown.at(-1)).toEqual({ statuses: ['pending', 'pending'], placeholder: false }));

      // Let A's response come back, then look at everything that was rendered.
      const a = watched.requests.find(isStatusQuery('open'));
      await a?.done;
      await idle(queryClient);
      const firstB = shown.findIndex(only('pending'));
      expect(shown.slice(firstB).filter(only('open'))).toEqual([]);
      expect(shown.at(-1)?.statuses).toEqual(['pending', 'pending']);
    });

    it("keeps B on screen when A's response lands later in A's own cache entry", async () => {
      const { result, rerender, shown, watched, queryClient } = setup();
      await waitFor(() => expect(result.current.isSuccess).toBe(true));
      // Hold A until B has been shown; a second observer keeps A's fetch alive
      // (no cancellation to hide behind), so its response really arrives late.
      const hold = watched.hold(isStatusQuery('open'));
      rerender({ filters: { status: 'open' }, keepOpen: true });
      await waitFor(() => expect(hold.held()).toBeGreaterThan(0));
      rerender({ filters: { status: 'pending' }, keepOpen: true });
      await waitFor(() => expect(shown.at(-1)).toEqual({ statuses: ['pending', 'pending'], placeholder: false }));

      hold.release();
      await Promise.all(watched.requests.filter(isStatusQuery('open')).map((r) => r.done));
      await idle(queryClient);
      const firstB = shown.findIndex(only('pending'));
      expect(firstB).toBeGreaterThan(0);
      expect(shown.slice(firstB).filter(only('open'))).toEqual([]);
      expect(shown.at(-1)?.statuses).toEqual(['pending', 'pending']);
    });

    it('ends on the last filter after quick A → B → A switching', async () => {
      const { result, rerender, shown, queryClient } = setup();
      await waitFor(() => expect(result.current.isSuccess).toBe(true));
      api.mock.faults.setLatency(100, { method: 'GET', path: '/portal/tickets' });
      rerender({ filters: { status: 'open' } });
      rerender({ filters: { status: 'closed' } });
      rerender({ filters: { status: 'open' } });
      await waitFor(() => expect(shown.at(-1)?.placeholder).toBe(false), { timeout: 3_000 });
      // Every late response has landed.
      await idle(queryClient);
      expect(shown.at(-1)?.statuses.every((s) => s === 'open')).toBe(true);
      expect(shown.at(-1)?.statuses.length).toBeGreaterThan(0);
    });

    it('keeps the previous rows as placeholder data while a new filter loads', async () => {
      const { result, rerender, shown, watched } = setup();
      await waitFor(() => expect(result.current.isSuccess).toBe(true));
      const all = statusesOf(result.current.data);
      const hold = watched.hold(isStatusQuery('resolved'));
      rerender({ filters: { status: 'resolved' } });
      await waitFor(() => expect(hold.held()).toBe(1));
      expect(result.current.isPlaceholderData).toBe(true);
      expect(result.current.isFetching).toBe(true);
      expect(statusesOf(result.current.data)).toEqual(all);
      hold.release();
      await waitFor(() => expect(result.current.isPlaceholderData).toBe(false));
      expect(statusesOf(result.current.data)).toEqual(['resolved', 'resolved']);
      expect(shown.some((s) => s.placeholder && s.statuses.length === all.length)).toBe(true);
    });
  });
});
