import { beforeEach, describe, expect, it } from 'vitest';
import { act, renderHook, waitFor } from '@testing-library/react';
import { timeoutManager } from '@tanstack/react-query';
import { portalKeys, useAddComment, usePortalEvents, useTicket, useTickets, type PortalEvent, type Ticket } from '../../src/headless';
import { SEED } from '../../src/mock';
import { applyPortalEvent } from '../../src/queries/live';
import { liveGateway } from '../utils/liveGateway';

/**
 * Live updates in the hooks: the mock Dispatch API sends webhooks to an
 * in-process portal gateway, whose event stream the provider's client reads.
 * Polling is off unless a test turns it on, so whatever arrives came live.
 */

const T = SEED.tickets;
const detailGets = (requests: string[], id: string) => requests.filter((r) => r === `GET /portal/tickets/${id}`).length;

/** The polling intervals react-query schedules, recorded (real timers all the same). */
let intervals: number[] = [];
timeoutManager.setTimeoutProvider({
  setTimeout: (cb, ms) => setTimeout(cb, ms),
  clearTimeout: (id) => clearTimeout(id as ReturnType<typeof setTimeout>),
  setInterval: (cb, ms) => {
    intervals.push(ms);
    return setInterval(cb, ms);
  },
  clearInterval: (id) => clearInterval(id as ReturnType<typeof setInterval>),
});
beforeEach(() => {
  sessionStorage.clear();
  intervals = [];
});

function useThreadAndList(id: string, pollInterval: number | false = false) {
  const events = usePortalEvents();
  const ticket = useTicket(id, { pollInterval });
  const list = useTickets({ limit: 50 });
  const rows: Ticket[] = list.data?.pages.flatMap((p) => p.tickets) ?? [];
  return { status: events.status, ticket: ticket.data, rows, row: rows.find((t) => t.id === id) };
}

describe('live updates in the cache', () => {
  it('a staff reply is appended to the open thread once and counted on its list row, with no refetch', async () => {
    const live = liveGateway();
    const { Wrapper, queryClient } = live.wrapper();
    const { result } = renderHook(() => useThreadAndList(T.pending), { wrapper: Wrapper });
    await waitFor(() => expect(result.current.status).toBe('live'));
    await waitFor(() => expect(result.current.row).toBeDefined());
    const before = { comments: result.current.ticket!.comments.length, count: result.current.row!.commentCount! };
    const reply = await live.staffReply(T.pending, 'We rolled out a fix — please try again.');
    await waitFor(() => expect(result.current.ticket?.comments.at(-1)?.id).toBe(reply.id));
    expect(result.current.ticket!.comments).toHaveLength(before.comments + 1);
    expect(result.current.ticket!.comments.at(-1)).toMatchObject({ authorType: 'staff', authorName: 'Sam Rivera', body: 'We rolled out a fix — please try again.' });
    expect(result.current.row).toMatchObject({ commentCount: before.count + 1, updatedAt: result.current.ticket!.comments.at(-1)!.createdAt });
    expect(detailGets(live.requests, T.pending)).toBe(1);
    // The same event again (a resumed stream, a poll that already brought it) changes nothing.
    const after = { ticket: result.current.ticket, row: result.current.row };
    act(() => applyPortalEvent({ keys: portalKeys }, queryClient, { type: 'comment.created', ticketId: T.pending, comment: after.ticket!.comments.at(-1)! }));
    expect(result.current.ticket).toBe(after.ticket);
    expect(result.current.row).toBe(after.row);
  });

  it('an internal note on the open ticket never shows', async () => {
    const live = liveGateway();
    const { Wrapper } = live.wrapper();
    const { result } = renderHook(() => useThreadAndList(T.pending), { wrapper: Wrapper });
    await waitFor(() => expect(result.current.status).toBe('live'));
    await waitFor(() => expect(result.current.ticket).toBeDefined());
    const shown = result.current.ticket!.comments.map((c) => c.id);
    await live.staffReply(T.pending, 'Refund denied (team only)', { metadata: { isInternal: true } });
    const marker = await live.staffReply(T.pending, 'Public marker');
    await waitFor(() => expect(result.current.ticket?.comments.at(-1)?.id).toBe(marker.id));
    expect(result.current.ticket!.comments.map((c) => c.id)).toEqual([...shown, marker.id]);
  });

  it('a reply sent from this tab shows once, even when its event arrives before the response', async () => {
    const live = liveGateway();
    let held: Promise<void> | null = null;
    let release!: () => void;
    const { Wrapper } = live.wrapper({
      clientOptions: {
        // The POST's answer waits until its event has been applied.
        fetch: async (input, init) => {
          const res = await live.fetch(input, init);
          if (init?.method === 'POST' && String(input).endsWith('/comments')) await (held = new Promise((r) => (release = r)));
          return res;
        },
      },
    });
    const { result } = renderHook(() => ({ ...useThreadAndList(T.pending), composer: useAddComment(T.pending) }), { wrapper: Wrapper });
    await waitFor(() => expect(result.current.status).toBe('live'));
    await waitFor(() => expect(result.current.ticket).toBeDefined());
    const count = result.current.ticket!.comments.length;
    const text = 'Thanks, that worked!';
    let sent!: Promise<unknown>;
    act(() => {
      sent = result.current.composer.send(text);
    });
    await waitFor(() => expect(held).not.toBeNull());
    // The event is in, the response is not: the server's copy shows, the optimistic one hides.
    await waitFor(() => expect(result.current.ticket!.comments.filter((c) => c.body === text)).toHaveLength(1));
    expect(result.current.composer.outbox).toEqual([]);
    release();
    await act(() => sent);
    expect(result.current.ticket!.comments.filter((c) => c.body === text)).toHaveLength(1);
    expect(result.current.ticket!.comments).toHaveLength(count + 1);
    expect(result.current.composer.outbox).toEqual([]);
  });

  it('a status change updates the thread and its list row; a ticket filed in another tab appears in the list', async () => {
    const live = liveGateway();
    const { Wrapper } = live.wrapper();
    const { result } = renderHook(() => useThreadAndList(T.noComments), { wrapper: Wrapper });
    await waitFor(() => expect(result.current.status).toBe('live'));
    await waitFor(() => expect(result.current.row).toBeDefined());
    await live.admin(`/tickets/${T.noComments}`, 'PATCH', { status: 'pending', title: 'Renamed by support' });
    await waitFor(() => expect(result.current.ticket).toMatchObject({ status: 'pending', title: 'Renamed by support' }));
    expect(result.current.row).toMatchObject({ status: 'pending', title: 'Renamed by support' });
    // Another tab of the same customer files a ticket through the gateway.
    const { token } = await live.gateway.issueToken({ email: SEED.customers.jane.email });
    const res = await live.gateway.fetch(
      new Request('http://gw.test/portal/tickets', { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ title: 'Filed in another tab' }) }),
    );
    const created = (await res.json()) as { id: string };
    await waitFor(() => expect(result.current.rows[0]).toMatchObject({ id: created.id, title: 'Filed in another tab' }));
    expect(result.current.rows.filter((t) => t.id === created.id)).toHaveLength(1);
    expect(live.requests.filter((r) => r === 'GET /portal/tickets')).toHaveLength(1);
  });

  it('polls slowly while the stream is live and at its own pace once the stream is gone', async () => {
    const live = liveGateway();
    const { Wrapper } = live.wrapper();
    const POLL = 50;
    const { result } = renderHook(() => useThreadAndList(T.pending, POLL), { wrapper: Wrapper });
    await waitFor(() => expect(result.current.status).toBe('live'));
    await waitFor(() => expect(intervals.at(-1)).toBeGreaterThanOrEqual(60_000));
    live.dropEvents();
    await waitFor(() => expect(result.current.status).toBe('reconnecting'));
    await waitFor(() => expect(intervals.at(-1)).toBe(POLL));
    const polled = detailGets(live.requests, T.pending);
    // A reply while the stream is down still arrives: by polling.
    const reply = await live.staffReply(T.pending, 'Arrives by polling');
    await waitFor(() => expect(result.current.ticket?.comments.at(-1)?.id).toBe(reply.id));
    expect(detailGets(live.requests, T.pending)).toBeGreaterThan(polled);
  });

  it('after a drop the stream resumes with Last-Event-ID: what was missed arrives, once', async () => {
    const live = liveGateway();
    const { Wrapper } = live.wrapper();
    const { result } = renderHook(() => useThreadAndList(T.pending), { wrapper: Wrapper });
    await waitFor(() => expect(result.current.status).toBe('live'));
    await waitFor(() => expect(result.current.ticket).toBeDefined());
    live.dropEvents();
    await waitFor(() => expect(result.current.status).toBe('reconnecting'));
    const missed = [await live.staffReply(T.pending, 'Missed one'), await live.staffReply(T.pending, 'Missed two')];
    await live.delivered();
    live.restore();
    await waitFor(() => expect(result.current.ticket?.comments.slice(-2).map((c) => c.id)).toEqual(missed.map((m) => m.id)), { timeout: 10_000 });
    expect(result.current.status).toBe('live');
    expect(detailGets(live.requests, T.pending)).toBe(1);
  });
});

describe('usePortalEvents', () => {
  it('calls back for each event (e.g. a badge), with one connection for all the hooks', async () => {
    const live = liveGateway();
    const { Wrapper } = live.wrapper();
    const seen: PortalEvent[] = [];
    const { result } = renderHook(
      () => {
        const a = usePortalEvents((e) => seen.push(e));
        usePortalEvents();
        useTickets();
        return a;
      },
      { wrapper: Wrapper },
    );
    await waitFor(() => expect(result.current.status).toBe('live'));
    const reply = await live.staffReply(T.bob, 'Not for Jane');
    const mine = await live.staffReply(T.longThread, 'For Jane');
    await waitFor(() => expect(seen.map((e) => (e.type === 'comment.created' ? e.comment.id : e.type))).toContain(mine.id));
    expect(seen.some((e) => e.type === 'comment.created' && e.comment.id === reply.id)).toBe(false);
    expect(live.requests.filter((r) => r === 'GET /portal/events')).toHaveLength(1);
  });

  it('is unsupported (and polling unchanged) where the backend has no live updates', async () => {
    // The Dispatch portal API itself (direct mode): capabilities answer 404.
    const live = liveGateway();
    const token = await live.mock.issuePortalToken({ email: SEED.customers.jane.email });
    const { Wrapper: Direct } = live.wrapper({
      getToken: () => token,
      clientOptions: { fetch: (input, init) => live.mock.fetch(String(input).replace('http://gw.test', 'https://api.test/v1'), init) },
    });
    const { result } = renderHook(() => ({ events: usePortalEvents(), ticket: useTicket(T.pending, { pollInterval: 40 }) }), { wrapper: Direct });
    await waitFor(() => expect(result.current.events.status).toBe('unsupported'));
    await waitFor(() => expect(intervals.at(-1)).toBe(40));
  });

  it('a sync (events missed beyond the kept window) refetches what is shown', async () => {
    const live = liveGateway({ events: { replayEvents: 1 } });
    const { Wrapper, queryClient } = live.wrapper();
    const { result } = renderHook(() => useThreadAndList(T.pending), { wrapper: Wrapper });
    await waitFor(() => expect(result.current.status).toBe('live'));
    await waitFor(() => expect(result.current.ticket).toBeDefined());
    live.dropEvents();
    await waitFor(() => expect(result.current.status).toBe('reconnecting'));
    for (const text of ['one', 'two', 'three']) await live.staffReply(T.pending, text);
    await live.delivered();
    live.restore();
    await waitFor(() => expect(detailGets(live.requests, T.pending)).toBe(2), { timeout: 10_000 });
    await waitFor(() => expect(result.current.ticket?.comments.slice(-3).map((c) => c.body)).toEqual(['one', 'two', 'three']));
    expect(queryClient.getQueryState(portalKeys.ticket(T.pending))?.status).toBe('success');
  });
});
