'use client';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Ticket } from '../client';
import { SYSTEM_STATUSES, clampPageSize } from '../client/limits';
import { statusKey } from '../queries/keys';
import { useControllableState } from '../shared/useControllableState';
import { useLatest } from '../shared/useLatest';
import { useSeenTickets } from './useSeenTickets';
import { useTickets, type UseTicketsResult } from './useTickets';

const NONE: readonly string[] = [];

/** `value`, once it has stayed the same for `delay` ms; an empty value at once (clearing never waits). */
function useDebounced(value: string, delay: number): string {
  const [settled, setSettled] = useState(value);
  if (!value && settled) setSettled('');
  useEffect(() => {
    if (value === settled) return;
    const timer = setTimeout(() => setSettled(value), delay);
    return () => clearTimeout(timer);
  }, [value, settled, delay]);
  return settled;
}

/** How the list is ordered: by creation or by latest activity, newest first. */
export type TicketListSort = 'newest' | 'updated';

export interface UseTicketListOptions {
  /**
   * The status filter (controlled); `null` shows every status.
   * @example <TicketList status={status} onStatusChange={setStatus} />
   * @example useTicketList({ status, onStatusChange: setStatus })
   */
  status?: string | null;
  /**
   * The initial status filter when uncontrolled.
   * @default null
   * @example <TicketList defaultStatus="open" />
   */
  defaultStatus?: string | null;
  /**
   * Called when the customer picks another status (`null` for all).
   * @example <TicketList onStatusChange={(status) => setSearchParams({ status: status ?? '' })} />
   */
  onStatusChange?: (status: string | null) => void;
  /**
   * The order (controlled): `'newest'` created first, or `'updated'` most recent activity first.
   * @example <TicketList sort={sort} onSortChange={setSort} />
   */
  sort?: TicketListSort;
  /**
   * The initial order when uncontrolled.
   * @default 'newest'
   * @example <TicketList defaultSort="updated" />
   */
  defaultSort?: TicketListSort;
  /**
   * Called when the customer picks another order.
   * @example <TicketList onSortChange={(sort) => localStorage.setItem('ticket-sort', sort)} />
   */
  onSortChange?: (sort: TicketListSort) => void;
  /**
   * Tickets per page, 1–50 (the portal's maximum).
   * @default 20
   * @example <TicketList pageSize={50} />
   */
  pageSize?: number;
  /**
   * The ticket open next to the list (split view): kept marked as seen while it
   * is open (`TicketList` also highlights it, marks it `aria-current` and keeps it in view).
   * @example <TicketList selectedTicketId={openId} onTicketSelect={(t) => setOpenId(t.id)} />
   */
  selectedTicketId?: string | null;
  /**
   * Several statuses at once (controlled), shown together; wins over `status`
   * while it has any. Only through a gateway whose capabilities say `multiStatus`.
   * @example useTicketList({ selectedStatuses: ['open', 'pending'], onSelectedStatusesChange: setStatuses })
   */
  selectedStatuses?: readonly string[];
  /**
   * The initial multi-status selection when uncontrolled.
   * @default []
   * @example <TicketList defaultSelectedStatuses={['open', 'pending']} />
   */
  defaultSelectedStatuses?: readonly string[];
  /**
   * Called when the multi-status selection changes.
   * @example useTicketList({ onSelectedStatusesChange: (statuses) => setSearchParams({ status: statuses.join(',') }) })
   */
  onSelectedStatusesChange?: (statuses: readonly string[]) => void;
  /**
   * The search text (controlled), as typed; the list searches for it, trimmed,
   * once typing pauses for `searchDelay`. Only through a gateway whose
   * capabilities say `search`.
   * @example useTicketList({ search: q, onSearchChange: setQ })
   */
  search?: string;
  /**
   * The initial search text when uncontrolled.
   * @default ''
   * @example <TicketList defaultSearch="invoice" />
   */
  defaultSearch?: string;
  /**
   * Called on every change of the search text.
   * @example <TicketList onSearchChange={(q) => setSearchParams({ q })} />
   */
  onSearchChange?: (search: string) => void;
  /**
   * How long typing must pause before the list searches, ms. Clearing applies at once.
   * @default 300
   * @example useTicketList({ searchDelay: 500 })
   */
  searchDelay?: number;
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
  /** The multi-status selection (empty: none; then `status` applies). */
  selectedStatuses: readonly string[];
  setSelectedStatuses(statuses: readonly string[]): void;
  /** Adds a status to the multi-status selection, or takes it out. */
  toggleStatus(status: string): void;
  /** The search text as typed. */
  search: string;
  setSearch(search: string): void;
  /** The search the list shows results for (trimmed, after the pause); `''` when not searching. */
  appliedSearch: string;
  /** A status or search narrows the list: an empty list means "no tickets match", not "no tickets". */
  filtered: boolean;
  /** Clears the status filters and the search at once. */
  clearFilters(): void;
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
export function useTicketList(options: UseTicketListOptions = {}): UseTicketListResult {
  const [status, setStatus] = useControllableState(options.status, options.defaultStatus ?? null, options.onStatusChange);
  const [sort, setSort] = useControllableState(options.sort, options.defaultSort ?? 'newest', options.onSortChange);
  const [selectedStatuses, setSelected] = useControllableState<readonly string[]>(
    options.selectedStatuses,
    options.defaultSelectedStatuses ?? NONE,
    options.onSelectedStatusesChange,
  );
  const [search, setSearch] = useControllableState(options.search, options.defaultSearch ?? '', options.onSearchChange);
  const appliedSearch = useDebounced(search.trim(), options.searchDelay ?? 300);
  const query = useTickets({
    status: selectedStatuses.length ? selectedStatuses : (status ?? undefined),
    search: appliedSearch || undefined,
    sort: sort === 'updated' ? 'updatedAt' : 'createdAt',
    order: 'desc',
    limit: clampPageSize(options.pageSize ?? 20),
  });
  const { data, isFetching, isFetchNextPageError, isRefetchError, isPlaceholderData, hasNextPage, fetchNextPage } = query;

  // One pass per page load (not per render or scroll); ids de-duplicated for stable keys.
  const [tickets, indexById] = useMemo(() => {
    const index = new Map<string, number>();
    const list: Ticket[] = [];
    for (const ticket of data?.pages.flatMap((page) => page.tickets) ?? []) {
      if (!index.has(ticket.id)) index.set(ticket.id, list.push(ticket) - 1);
    }
    return [list, index] as const;
  }, [data]);

  // Custom statuses stay offered once seen, even while another status is shown.
  const [statuses, setStatuses] = useState<string[]>([...SYSTEM_STATUSES]);
  // The offered ones first, in order, then any new ones.
  const offered = [...new Set([...statuses, ...tickets.map((t) => t.status), status ?? '', ...selectedStatuses])].filter(Boolean);
  if (offered.length > statuses.length) setStatuses(offered);

  const { hasNewReply, markSeen } = useSeenTickets();
  // The open ticket is on screen: what arrives in it is read.
  const selected = tickets[indexById.get(options.selectedTicketId ?? '') ?? -1];
  useEffect(() => {
    if (selected) markSeen(selected);
  }, [selected, markSeen]);

  // A count is due once a load the customer asked for settles: a new filter or sort, or loadMore.
  // Holds the filter last counted for; `true` after loadMore.
  const filterKey = `${status}|${sort}|${statusKey(selectedStatuses)}|${appliedSearch}`;
  const due = useRef<unknown>(filterKey);
  const latest = useLatest(options.onLoaded);
  // Runs only when the fetch state changes: a render that commits between loadMore() and the
  // fetch it starts (a scroll, say) still shows the old state and must not count.
  useEffect(() => {
    if (isFetching || isPlaceholderData || !data || due.current === filterKey) return;
    due.current = filterKey;
    if (!isFetchNextPageError && !isRefetchError) latest.current?.(tickets.length);
  }, [latest, data, isFetching, isPlaceholderData, isFetchNextPageError, isRefetchError, tickets.length, filterKey]);
  const loadMore = useCallback(() => {
    if (isFetching) return;
    due.current = true;
    void fetchNextPage();
  }, [isFetching, fetchNextPage]);

  // The setters are stable, so these are made once.
  const filterActions = useMemo(
    () => ({
      setSelectedStatuses: (next: readonly string[]) => setSelected([...new Set(next)]),
      toggleStatus: (s: string) => setSelected((current) => (current.includes(s) ? current.filter((x) => x !== s) : [...current, s])),
      clearFilters() {
        setStatus(null);
        setSelected(NONE);
        setSearch('');
      },
    }),
    [setStatus, setSelected, setSearch],
  );

  return {
    query,
    tickets,
    indexById,
    status,
    setStatus,
    sort,
    setSort,
    statuses,
    selectedStatuses,
    ...filterActions,
    search,
    setSearch,
    appliedSearch,
    filtered: status !== null || selectedStatuses.length > 0 || appliedSearch !== '',
    loadMore,
    canAutoLoad: !!hasNextPage && !isFetching && !isFetchNextPageError && !isPlaceholderData,
    hasNewReply,
    markSeen,
  };
}
