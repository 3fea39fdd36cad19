import type { QueryClient } from '@tanstack/react-query';
import type { LiveStatus, PortalClient, PortalEvent, Ticket, TicketDetail } from '../client';
import { cacheWrites } from './cacheWrites';
import type { portalKeys } from './keys';

/**
 * What this on-demand chunk uses from the eager code, handed in by the caller:
 * importing it here would split it into a chunk of its own, which every
 * portal then downloads separately (and gzips worse).
 */
export interface LiveCache {
  keys: typeof portalKeys;
}


const time = (iso: string) => Date.parse(iso) || 0;

/**
 * Changes cached list rows of one ticket in place; rows newer than the change
 * keep theirs. A row that may have left its filter or sort position marks the
 * lists stale (fixed by their next fetch, without reloading every page now).
 */
function patchRows({ keys }: LiveCache, queryClient: QueryClient, id: string, at: string, patch: (row: Ticket) => Ticket) {
  const { eachList, outsideFilter } = cacheWrites(keys);
  let moved = false;
  eachList(queryClient, (data, filters) => {
    let changed = false;
    const pages = data.pages.map((page) => {
      const i = page.tickets.findIndex((t) => t.id === id);
      const row = page.tickets[i];
      if (!row || time(row.updatedAt) > time(at)) return page;
      const next = patch(row);
      if (next === row) return page;
      changed = true;
      if (outsideFilter(filters, next.status) || filters.sort === 'updatedAt') moved = true;
      const tickets = page.tickets.slice();
      tickets[i] = next;
      return { ...page, tickets };
    });
    return changed ? { ...data, pages } : data;
  });
  if (moved) void queryClient.invalidateQueries({ queryKey: keys.ticketLists(), refetchType: 'none' });
}

/**
 * Applies one live update to the query cache, in place and idempotently (the
 * same event twice, or an event after a poll that already brought its change,
 * changes nothing): a new reply is appended to its cached thread once and
 * counted on its list rows; a changed ticket updates its thread and rows; a
 * new ticket is put at the top of the lists it belongs in; `sync` (events may
 * have been missed) refetches what is on screen.
 * Internal, loaded on demand by the live-update subscription.
 */
export function applyPortalEvent(cache: LiveCache, queryClient: QueryClient, event: PortalEvent): void {
  if (event.type === 'comment.created') {
    const { ticketId, comment } = event;
    cacheWrites(cache.keys).appendComment(queryClient, ticketId, comment);
    // A row last updated before this reply hasn't counted it yet.
    patchRows(cache, queryClient, ticketId, comment.createdAt, (row) =>
      time(row.updatedAt) >= time(comment.createdAt)
        ? row
        : { ...row, updatedAt: comment.createdAt, commentCount: row.commentCount === null ? null : row.commentCount + 1 },
    );
  } else if (event.type === 'ticket.updated') {
    const t = event.ticket;
    const fields = <T extends Ticket>(row: T): T => ({
      ...row,
      title: t.title,
      status: t.status,
      priority: t.priority,
      updatedAt: t.updatedAt,
      commentCount: t.commentCount ?? row.commentCount,
    });
    queryClient.setQueryData<TicketDetail>(cache.keys.ticket(t.id), (detail) =>
      // The thread keeps its own count: it is the replies it shows.
      detail && time(detail.updatedAt) <= time(t.updatedAt) ? { ...fields(detail), commentCount: detail.commentCount } : detail,
    );
    patchRows(cache, queryClient, t.id, t.updatedAt, fields);
  } else if (event.type === 'ticket.created') {
    cacheWrites(cache.keys).insertCreatedTicket(queryClient, event.ticket);
  } else if (event.type === 'sync') {
    void queryClient.invalidateQueries({ queryKey: cache.keys.tickets() });
  }
}

/** The shared live-update state of one client (kept by the hooks; see `usePortalEvents`). */
export interface Live {
  status: LiveStatus;
  /** How many hooks use the stream (none yet when absent). */
  users?: number;
  /** Closes the stream; absent or null while closed. */
  off?: (() => void) | null;
  /**
   * Called on a status change (no event: status subscribers for useSyncExternalStore)
   * and with each event once it is in the cache (`usePortalEvents` callbacks).
   */
  listeners: Set<(event?: PortalEvent) => void>;
}

/** One more user of the client's event stream: opens it unless it is open. */
export function connect(live: Live, client: PortalClient, queryClient: QueryClient, cache: LiveCache): void {
  live.users = (live.users ?? 0) + 1;
  if (live.users > 1 && live.off) return;
  live.off = client.subscribeEvents({
    onStatus(status) {
      live.status = status;
      live.listeners.forEach((l) => l());
    },
    onEvent(event) {
      applyPortalEvent(cache, queryClient, event);
      live.listeners.forEach((l) => l(event));
    },
  });
}

/** One user fewer; the last closes the stream a tick later (a remount, StrictMode or a route change, keeps it). */
export function release(live: Live): void {
  live.users = (live.users ?? 1) - 1;
  setTimeout(() => {
    if ((live.users ?? 0) > 0 || !live.off) return;
    live.off();
    live.off = null;
  }, 0);
}
