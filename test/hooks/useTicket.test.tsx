import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, renderHook, waitFor } from '@testing-library/react';
import { onlineManager } from '@tanstack/react-query';
import { isNotFoundError, isSessionExpiredError, portalKeys, useTicket, useTickets, type UseTicketOptions } from '../../src/headless';
import { JANE, setupMockApi } from '../utils/mockApi';
import { portalWrapper } from '../utils/render';
import { countRequests, setVisibility } from './helpers';
import { elapse, fakeClock } from '../utils/settle';

const api = setupMockApi();
const RICH = 'tkt_jane_01';
const POLL = 40;
const detailRequests = (id = RICH) => countRequests(api.requests, new RegExp(`^GET /portal/tickets/${id}$`));

beforeEach(() => sessionStorage.clear());
afterEach(() => {
  vi.useRealTimers();
  setVisibility('visible');
  onlineManager.setOnline(true);
});

function renderTicket(id: string, options: UseTicketOptions = { pollInterval: POLL }, wrapper = portalWrapper(api)) {
  const hook = renderHook(() => ({ ...useTicket(id, options) }), { wrapper: wrapper.Wrapper });
  return { ...hook, ...wrapper };
}

describe('useTicket', () => {
  it('loads the ticket with its visible comments, oldest first', async () => {
    const { result } = renderTicket(RICH, { pollInterval: false });
    await waitFor(() => expect(result.current.isSuccess).toBe(true));
    const ticket = result.current.data;
    expect(ticket?.label).toBe('ACME-1001');
    const times = ticket?.comments.map((c) => Date.parse(c.createdAt)) ?? [];
    expect(times).toEqual([...times].sort((a, b) => a - b));
    // Internal notes, SYSTEM and body-copy comments never reach the portal.
    expect(ticket?.comments.map((c) => c.id)).toEqual(api.mock.store.visibleComments(RICH, false).map((c) => c.id));
    expect(ticket?.comments.length).toBeLessThan(api.mock.store.commentsOf(RICH).length);
  });

  it('does nothing without an id', async () => {
    fakeClock();
    const { result, queryClient } = renderTicket('', { pollInterval: POLL });
    await elapse(POLL * 3, queryClient);
    expect(result.current.fetchStatus).toBe('idle');
    expect(api.requests.filter((r) => r.startsWith('GET /portal/tickets/'))).toEqual([]);
  });

  describe('polling', () => {
    it('shows a staff reply added on the server', async () => {
      const { result } = renderTicket(RICH);
      await waitFor(() => expect(result.current.isSuccess).toBe(true));
      const before = result.current.data?.comments.length ?? 0;
      api.mock.store.addComment(RICH, { body: 'We shipped a fix, please try again.', authorType: 'STAFF', authorName: 'Sam Rivera' });
      await waitFor(() => expect(result.current.data?.comments.at(-1)?.body).toBe('We shipped a fix, please try again.'), { timeout: 5_000 });
      expect(result.current.data?.comments).toHaveLength(before + 1);
      expect(result.current.data?.comments.at(-1)).toMatchObject({ authorType: 'staff', authorName: 'Sam Rivera' });
    });

    it("uses the provider's pollInterval by default", async () => {
      const { result } = renderTicket(RICH, {}, portalWrapper(api, { provider: { pollInterval: POLL } }));
      await waitFor(() => expect(result.current.isSuccess).toBe(true));
      await waitFor(() => expect(detailRequests()).toBeGreaterThanOrEqual(3), { timeout: 5_000 });
    });

    it('does not poll with pollInterval false', async () => {
      fakeClock();
      const { result, queryClient } = renderTicket(RICH, { pollInterval: false });
      await waitFor(() => expect(result.current.isSuccess).toBe(true));
      await elapse(POLL * 5, queryClient);
      expect(detailRequests()).toBe(1);
    });

    it('pauses while the tab is hidden, then refetches and resumes when it is shown', async () => {
      fakeClock();
      const { result, queryClient } = renderTicket(RICH);
      await waitFor(() => expect(detailRequests()).toBeGreaterThanOrEqual(2), { timeout: 5_000 });
      setVisibility('hidden');
      // A poll already on the wire may still land; after that, silence.
      await waitFor(() => expect(result.current.fetchStatus).toBe('idle'));
      const whileHidden = detailRequests();
      api.mock.store.addComment(RICH, { body: 'Reply while you were away', authorType: 'STAFF', authorName: 'Priya Shah' });
      await elapse(POLL * 8, queryClient);
      expect(detailRequests()).toBe(whileHidden);
      expect(result.current.data?.comments.some((c) => c.body === 'Reply while you were away')).toBe(false);

      setVisibility('visible');
      // Refetched on return, without waiting for the next poll...
      await waitFor(() => expect(detailRequests()).toBeGreaterThan(whileHidden));
      await waitFor(() => expect(result.current.data?.comments.at(-1)?.body).toBe('Reply while you were away'));
      // ...and polling goes on.
      const shown = detailRequests();
      await waitFor(() => expect(detailRequests()).toBeGreaterThanOrEqual(shown + 2), { timeout: 5_000 });
    });

    it('refetches on reconnect', async () => {
      const { result } = renderTicket(RICH, { pollInterval: false });
      await waitFor(() => expect(result.current.isSuccess).toBe(true));
      act(() => onlineManager.setOnline(false));
      api.mock.store.addComment(RICH, { body: 'Sent while you were offline', authorType: 'STAFF', authorName: 'Sam Rivera' });
      act(() => onlineManager.setOnline(true));
      await waitFor(() => expect(result.current.data?.comments.at(-1)?.body).toBe('Sent while you were offline'));
      expect(detailRequests()).toBe(2);
    });

    it('stops polling a ticket that does not exist (404)', async () => {
      fakeClock();
      const { result, queryClient } = renderTicket('tkt_nope');
      await waitFor(() => expect(result.current.isError).toBe(true));
      expect(isNotFoundError(result.current.error)).toBe(true);
      await elapse(POLL * 8, queryClient);
      expect(detailRequests('tkt_nope')).toBe(1);
      expect(result.current.errorUpdateCount).toBe(1);
    });

    it("stops polling another customer's ticket (404, not their data)", async () => {
      fakeClock();
      const { result, queryClient } = renderTicket('tkt_bob_01');
      await waitFor(() => expect(result.current.isError).toBe(true));
      await elapse(POLL * 5, queryClient);
      expect(detailRequests('tkt_bob_01')).toBe(1);
    });

    it('stops polling when the session has expired', async () => {
      fakeClock();
      let canMint = true;
      const getToken = async () => {
        if (!canMint) throw new Error('signed out');
        return api.mock.issuePortalToken({ email: JANE });
      };
      const { result, queryClient } = renderTicket(RICH, { pollInterval: POLL }, portalWrapper(api, { provider: { getToken } }));
      await waitFor(() => expect(result.current.isSuccess).toBe(true));
      canMint = false;
      api.mock.faults.expireAllTokens();
      await waitFor(() => expect(isSessionExpiredError(result.current.error)).toBe(true));
      // Data stays visible; no more attempts (each would fail at once, without the network).
      expect(result.current.data?.id).toBe(RICH);
      const query = queryClient.getQueryCache().find({ queryKey: portalKeys.ticket(RICH), exact: true });
      const errors = query?.state.errorUpdateCount;
      const requests = api.requests.length;
      await elapse(POLL * 8, queryClient);
      expect(query?.state.errorUpdateCount).toBe(errors);
      expect(api.requests.length).toBe(requests);
    });
  });

  it('updates the ticket row in cached lists from the detail, without refetching the list', async () => {
    const { Wrapper } = portalWrapper(api);
    const { result, rerender } = renderHook(
      ({ open }: { open: boolean }) => ({ list: { ...useTickets() }, ticket: { ...useTicket(open ? RICH : null, { pollInterval: false }) } }),
      { wrapper: Wrapper, initialProps: { open: false } },
    );
    await waitFor(() => expect(result.current.list.isSuccess).toBe(true));
    const row = () => result.current.list.data?.pages[0]?.tickets.find((t) => t.id === RICH);
    const before = row();
    expect(before).toBeDefined();

    // Staff reply and a status change on the server since the list loaded.
    api.mock.store.addComment(RICH, { body: 'Status update', authorType: 'STAFF', authorName: 'Sam Rivera', createdAt: Date.now() + 1_000 });
    const stored = api.mock.store.tickets.get(RICH);
    if (stored) stored.status = 'pending';
    rerender({ open: true });
    await waitFor(() => expect(result.current.ticket.isSuccess).toBe(true));
    await waitFor(() => expect(row()?.status).toBe('pending'));
    expect(row()?.commentCount).toBe((before?.commentCount ?? 0) + 1);
    expect(row()?.updatedAt).toBe(result.current.ticket.data?.updatedAt);
    expect(row()?.label).toBe(before?.label);
    expect(countRequests(api.requests, /^GET \/portal\/tickets$/)).toBe(1);
  });
});
