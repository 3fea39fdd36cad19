import { beforeEach, describe, expect, it } from 'vitest';
import { act, renderHook, waitFor } from '@testing-library/react';
import {
  hasNewReply,
  portalKeys,
  usePortalSession,
  useSeenTickets,
  type Comment,
  type Ticket,
  type TicketDetail,
} from '../../src/headless';
import { setupMockApi } from '../utils/mockApi';
import { newQueryClient, portalWrapper } from '../utils/render';

const api = setupMockApi();

const ticket = (over: Partial<Ticket> = {}): Ticket => ({
  id: 'tkt_1',
  number: 1,
  label: 'ACME-1',
  title: 'Help',
  status: 'open',
  priority: null,
  commentCount: 2,
  createdAt: '2026-01-01T10:00:00.000Z',
  updatedAt: '2026-01-02T10:00:00.000Z',
  brand: null,
  ...over,
});

const comment = (authorType: Comment['authorType'], createdAt: string): Comment => ({
  id: `c_${createdAt}`,
  body: 'x',
  authorType,
  authorName: null,
  authorId: null,
  createdAt,
});

const detail = (comments: Comment[], over: Partial<Ticket> = {}): TicketDetail => ({ ...ticket(over), body: '', comments });

beforeEach(() => sessionStorage.clear());

describe('hasNewReply', () => {
  describe('with the thread in the cache', () => {
    const staffLast = detail([comment('customer', '2026-01-02T08:00:00.000Z'), comment('staff', '2026-01-02T10:00:00.000Z')]);

    it('is true when support wrote last and the ticket was never opened', () => {
      expect(hasNewReply(ticket(), undefined, staffLast)).toBe(true);
    });

    it('ignores system messages when finding who wrote last', () => {
      const withSystem = detail([...staffLast.comments, comment('system', '2026-01-02T11:00:00.000Z')], {
        updatedAt: '2026-01-02T11:00:00.000Z',
      });
      expect(hasNewReply(ticket({ updatedAt: '2026-01-02T11:00:00.000Z' }), undefined, withSystem)).toBe(true);
    });

    it('is false when the customer wrote last', () => {
      const customerLast = detail([comment('staff', '2026-01-02T08:00:00.000Z'), comment('customer', '2026-01-02T10:00:00.000Z')]);
      expect(hasNewReply(ticket(), undefined, customerLast)).toBe(false);
    });

    it('is false once the customer opened the ticket after that reply', () => {
      expect(hasNewReply(ticket(), { updatedAt: '2026-01-02T10:00:00.000Z', commentCount: 2 }, staffLast)).toBe(false);
      expect(hasNewReply(ticket(), { updatedAt: '2026-01-02T09:00:00.000Z', commentCount: 1 }, staffLast)).toBe(true);
    });

    it('falls back to the mark when the cached thread is older than the row', () => {
      const row = ticket({ updatedAt: '2026-01-03T10:00:00.000Z', commentCount: 3 });
      expect(hasNewReply(row, undefined, staffLast)).toBe(false);
      expect(hasNewReply(row, { updatedAt: '2026-01-02T10:00:00.000Z', commentCount: 2 }, staffLast)).toBe(true);
    });
  });

  describe('from the row alone', () => {
    it('knows nothing without a mark', () => {
      expect(hasNewReply(ticket({ commentCount: 9 }), undefined, undefined)).toBe(false);
    });

    it('is true when there are more replies than when the customer last opened it', () => {
      const seen = { updatedAt: '2026-01-02T10:00:00.000Z', commentCount: 2 };
      expect(hasNewReply(ticket(), seen, undefined)).toBe(false);
      expect(hasNewReply(ticket({ commentCount: 3, updatedAt: '2026-01-03T00:00:00.000Z' }), seen, undefined)).toBe(true);
      // A status change alone (same count) is not a reply.
      expect(hasNewReply(ticket({ updatedAt: '2026-01-03T00:00:00.000Z' }), seen, undefined)).toBe(false);
    });

    it('uses updatedAt when the API sends no counts', () => {
      const seen = { updatedAt: '2026-01-02T10:00:00.000Z', commentCount: null };
      expect(hasNewReply(ticket({ commentCount: null }), seen, undefined)).toBe(false);
      expect(hasNewReply(ticket({ commentCount: null, updatedAt: '2026-01-03T00:00:00.000Z' }), seen, undefined)).toBe(true);
    });
  });
});

describe('useSeenTickets', () => {
  // Marks are per customer: they work once the session knows who that is.
  async function renderSeen(email = 'jane@example.com', queryClient = newQueryClient()) {
    const { Wrapper } = portalWrapper(api, { email, provider: { queryClient } });
    const hook = renderHook(() => ({ ...useSeenTickets(), other: useSeenTickets(), session: usePortalSession() }), {
      wrapper: Wrapper,
    });
    await waitFor(() => expect(hook.result.current.session.customer?.email).toBe(email));
    return { ...hook, queryClient };
  }

  it('marks a ticket seen and shares the mark with every user of the hook', async () => {
    const { result } = await renderSeen();
    const row = ticket();
    act(() => result.current.markSeen(row));
    expect(result.current.other.seen[row.id]).toEqual({ updatedAt: row.updatedAt, commentCount: 2 });
    expect(result.current.other.hasNewReply(ticket({ commentCount: 3 }))).toBe(true);
  });

  it('keeps marks per customer in draft storage, across remounts', async () => {
    const jane = await renderSeen();
    act(() => jane.result.current.markSeen(ticket()));
    jane.unmount();
    expect(Object.keys(sessionStorage).some((key) => key.includes('seen-tickets'))).toBe(true);

    const again = await renderSeen();
    expect(again.result.current.seen.tkt_1).toEqual({ updatedAt: ticket().updatedAt, commentCount: 2 });
    again.unmount();

    const bob = await renderSeen('bob@example.com');
    expect(bob.result.current.seen).toEqual({});
  });

  it('re-evaluates when a cached thread changes', async () => {
    const { result, queryClient } = await renderSeen();
    const row = ticket();
    expect(result.current.hasNewReply(row)).toBe(false);
    act(() => {
      queryClient.setQueryData(portalKeys.ticket(row.id), detail([comment('staff', '2026-01-02T10:00:00.000Z')]));
    });
    expect(result.current.hasNewReply(row)).toBe(true);
  });
});
