'use client';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Ticket } from '../client';
import { SYSTEM_STATUSES, clampPageSize } from '../client/limits';
import { useControllableState } from '../shared/useControllableState';
import { useLatest } from '../shared/useLatest';
import { useSeenTickets } from './useSeenTickets';
import { useTickets, type UseTicketsResult } from './useTickets';

/** How the list is ordered: by creation or by latest activity, newest first. */
export type TicketListSort = 'newest' | 'updated';

export interface UseTicketListOptions {
  /**
   * The status filter, controlled; `null` shows every status.
   * @example useTicketList({ status, onStatusChange: setStatus })
   */
  status?: string | null;
  /** The initial status filter when uncontrolled. @default null */
  defaultStatus?: string | null;
  onStatusChange?: (status: string | null) => void;
  /** The order, controlled. @example useTicketList({ sort: 'updated' }) */
  sort?: TicketListSort;
  /** @default 'newest' */
  defaultSort?: TicketListSort;
  onSortChange?: (sort: TicketListSort) => void;
  /** Tickets per page, 1–50. @default 20 */
  pageSize?: number;
  /** The ticket open next to the list: marked seen while it is open. */
  selectedTicketId?: string | null;
  /**
   * Called with the number of loaded tickets once a load the customer asked for
   * has settled (a new filter or sort, or `loadMore`), not for background
   * refreshes: announce it in a live region.
   * @example useTicketList({ onLoaded: (count) => announce(`${count} tickets`) })
   */
  onLoaded?: (count: number) => void;
}

export interface UseTicketListResult {
  /** The TanStack infinite query, unchanged. */
  query: UseTicketsResult;
  /** Every loaded ticket, in order, each once (a ticket that moved between pages is not repeated). */
  tickets: Ticket[];
  /** Index of a ticket in `tickets`. */
  indexById: ReadonlyMap<string, number>;
  status: string | null;
  setStatus(status: string | null): void;
  sort: TicketListSort;
  setSort(sort: TicketListSort): void;
  /** Statuses to offer in a filter: the system ones, then each custom status seen (kept once seen). */
  statuses: string[];
  /** Loads the next page; ignored while anything loads. Also the retry for a failed page. */
  loadMore(): void;
  /** A next page exists and nothing is loading, failed or a placeholder: infinite scroll may load it. */
  canAutoLoad: boolean;
  /** Whether support replied since the customer last opened the ticket (see `useSeenTickets`). */
  hasNewReply(ticket: Ticket): boolean;
  /** Remembers a ticket as seen (call when the customer opens it). */
  markSeen(ticket: Ticket): void;
}

/**
 * Everything a ticket list does apart from drawing it: the status filter and
 * sort (controlled or not), cursor pages flattened and de-duplicated, the
 * statuses worth offering, loading more, "new reply" emphasis, and when to
 * announce a count.
 *
 * @example
 * const list = useTicketList({ pageSize: 10 });
 * <select value={list.status ?? ''} onChange={(e) => list.setStatus(e.target.value || null)}>
 *   {list.statuses.map((s) => <option key={s}>{s}</option>)}
 * </select>
 * {list.tickets.map((t) => <p key={t.id}>{list.hasNewReply(t) ? '● ' : ''}{t.title}</p>)}
 * {list.query.hasNextPage ? <button onClick={list.loadMore}>More</button> : null}
 */
export function useTicketList({
  status: statusProp,
  defaultStatus = null,
  onStatusChange,
  sort: sortProp,
  defaultSort = 'newest',
  onSortChange,
  pageSize = 20,
  selectedTicketId,
  onLoaded,
}: UseTicketListOptions = {}): UseTicketListResult {
  const [status, setStatus] = useControllableState(statusProp, defaultStatus, onStatusChange);
  const [sort, setSort] = useControllableState(sortProp, defaultSort, onSortChange);
  const query = useTickets({
    status: status ?? undefined,
    sort: sort === 'updated' ? 'updatedAt' : 'createdAt',
    order: 'desc',
    limit: clampPageSize(pageSize),
  });
  const { data, isFetching, isFetchNextPageError, isRefetchError, isPlaceholderData, hasNextPage, fetchNextPage } = query;

  // One pass per page load (not per render or scroll); ids de-duplicated for stable keys.
  const { tickets, indexById } = useMemo(() => {
    const list: Ticket[] = [];
    const index = new Map<string, number>();
    for (const page of data?.pages ?? []) {
      for (const ticket of page.tickets) {
        if (index.has(ticket.id)) continue;
        index.set(ticket.id, list.length);
        list.push(ticket);
      }
    }
    return { tickets: list, indexById: index };
  }, [data]);

  // Custom statuses stay offered once seen, even while another status is shown.
  const [custom, setCustom] = useState<string[]>([]);
  const unseen = [...new Set([...tickets.map((t) => t.status), ...(status ? [status] : [])])].filter(
    (s) => !(SYSTEM_STATUSES as readonly string[]).includes(s) && !custom.includes(s),
  );
  if (unseen.length) setCustom([...custom, ...unseen]);

  const { hasNewReply, markSeen } = useSeenTickets();
  // The open ticket is on screen: what arrives in it is read.
  const selected = selectedTicketId ? tickets[indexById.get(selectedTicketId) ?? -1] : undefined;
  useEffect(() => {
    if (selected) markSeen(selected);
  }, [selected, markSeen]);

  // A count is due after a load the customer asked for.
  const due = useRef(false);
  const loadMore = useCallback(() => {
    if (isFetching) return;
    due.current = true;
    void fetchNextPage();
  }, [isFetching, fetchNextPage]);
  const filterKey = `${status}|${sort}`;
  const lastKey = useRef(filterKey);
  useEffect(() => {
    if (lastKey.current === filterKey) return;
    lastKey.current = filterKey;
    due.current = true;
  }, [filterKey]);
  const loaded = useLatest(onLoaded);
  useEffect(() => {
    if (!due.current || isFetching || isPlaceholderData || !data) return;
    due.current = false;
    if (!isFetchNextPageError && !isRefetchError) loaded.current?.(tickets.length);
  }, [loaded, data, isFetching, isPlaceholderData, isFetchNextPageError, isRefetchError, tickets.length]);

  return {
    query,
    tickets,
    indexById,
    status,
    setStatus,
    sort,
    setSort,
    statuses: [...SYSTEM_STATUSES, ...custom],
    loadMore,
    canAutoLoad: Boolean(hasNextPage) && !isFetching && !isFetchNextPageError && !isPlaceholderData,
    hasNewReply,
    markSeen,
  };
}
