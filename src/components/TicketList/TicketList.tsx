'use client';
import { useCallback, useEffect, useId, useMemo, useRef, useState, type MouseEvent } from 'react';
import {
  defaultRangeExtractor,
  measureElement,
  observeElementRect,
  useVirtualizer,
  type Range,
  type Rect,
} from '@tanstack/react-virtual';
import type { Ticket } from '../../client';
import { statusLabel, SYSTEM_STATUSES } from '../../i18n';
import { usePortalI18n } from '../shared/usePortalI18n';
import { useSeenTickets } from '../shared/useSeenTickets';
import { useTickets } from '../../hooks/useTickets';
import { cx, type ClassNames } from '../shared/cx';
import { EmptyState } from '../shared/EmptyState';
import { ErrorNotice } from '../shared/ErrorNotice';
import { LiveRegion, useAnnouncer } from '../shared/LiveRegion';
import { ComponentsProvider, type PortalComponents } from '../shared/overrides';
import { Root, type PortalTheme } from '../shared/Root';
import { TicketRow } from './TicketRow';
import { useControllableState } from './useControllableState';

/** How the list is ordered: by creation or by latest activity, newest first. */
export type TicketListSort = 'newest' | 'updated';

/** Parts that accept a class through `classNames`. */
export type TicketListPart =
  | 'root'
  | 'toolbar'
  | 'field'
  | 'select'
  | 'viewport'
  | 'list'
  | 'item'
  | 'row'
  | 'unread'
  | 'number'
  | 'title'
  | 'meta'
  | 'status'
  | 'priority'
  | 'time'
  | 'replies'
  | 'footer'
  | 'loadMore'
  | 'empty'
  | 'error'
  | 'skeleton';

/** Per-part class names: `classNames={{ row: 'my-row', title: 'my-title' }}`. */
export type TicketListClassNames = ClassNames<TicketListPart>;

export interface TicketListProps {
  /**
   * Called when the customer opens a ticket. With `getTicketHref` too, a plain
   * click calls it instead of navigating; Ctrl/Cmd/Shift/middle clicks keep the
   * browser's behaviour (new tab or window).
   * @example
   * <TicketList onTicketSelect={(ticket) => setOpenId(ticket.id)} />
   */
  onTicketSelect?: (ticket: Ticket) => void;
  /**
   * Makes rows real links, so they can be opened in a new tab, copied and used
   * by your router.
   * @example
   * <TicketList getTicketHref={(ticket) => `/support/tickets/${ticket.id}`} onTicketSelect={(t) => router.push(`/support/tickets/${t.id}`)} />
   */
  getTicketHref?: (ticket: Ticket) => string;
  /**
   * The ticket open next to the list (split view): highlighted, `aria-current`,
   * scrolled into view, and kept marked as read while it is open.
   * @example
   * <TicketList selectedTicketId={openId} onTicketSelect={(t) => setOpenId(t.id)} />
   */
  selectedTicketId?: string | null;
  /**
   * The status filter (controlled); `null` shows every status.
   * @example
   * <TicketList status={status} onStatusChange={setStatus} />
   */
  status?: string | null;
  /**
   * The initial status filter when uncontrolled.
   * @default null
   * @example
   * <TicketList defaultStatus="open" />
   */
  defaultStatus?: string | null;
  /**
   * Called when the customer picks another status (`null` for all).
   * @example
   * <TicketList onStatusChange={(status) => setSearchParams({ status: status ?? '' })} />
   */
  onStatusChange?: (status: string | null) => void;
  /**
   * The order (controlled): `'newest'` created first, or `'updated'` most recent activity first.
   * @example
   * <TicketList sort={sort} onSortChange={setSort} />
   */
  sort?: TicketListSort;
  /**
   * The initial order when uncontrolled.
   * @default 'newest'
   * @example
   * <TicketList defaultSort="updated" />
   */
  defaultSort?: TicketListSort;
  /**
   * Called when the customer picks another order.
   * @example
   * <TicketList onSortChange={(sort) => localStorage.setItem('ticket-sort', sort)} />
   */
  onSortChange?: (sort: TicketListSort) => void;
  /**
   * Tickets per page, 1–50 (the portal's maximum).
   * @default 20
   * @example
   * <TicketList pageSize={50} />
   */
  pageSize?: number;
  /**
   * Shows a "New ticket" action in the empty state.
   * @example
   * <TicketList onNewTicket={() => setDialogOpen(true)} />
   */
  onNewTicket?: () => void;
  /**
   * Extra class on the root element (which always has `dt-ticket-list`).
   * @example
   * <TicketList className="sidebar-tickets" />
   */
  className?: string;
  /**
   * Extra classes per part.
   * @example
   * <TicketList classNames={{ row: 'my-row', title: 'my-row-title' }} />
   */
  classNames?: TicketListClassNames;
  /**
   * Colour theme, when the list is the outermost kit component.
   * @default inherited, else 'light'
   * @example
   * <TicketList theme="auto" />
   */
  theme?: PortalTheme;
  /**
   * Replace whole parts (`StatusBadge`, `EmptyState`).
   * @example
   * <TicketList components={{ StatusBadge: MyBadge }} />
   */
  components?: Partial<PortalComponents>;
}

const ESTIMATED_ROW = 76;
// jsdom (and a hidden container) has no layout: size as a typical panel instead of
// rendering nothing; the row count still stays bounded.
const NO_LAYOUT: Rect = { width: 640, height: 720 };

const isPlainClick = (event: MouseEvent<HTMLElement>) =>
  event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey;

/**
 * The customer's tickets: status filter and sort, virtualised rows (thousands
 * stay smooth), "load more" plus infinite scroll over cursor pages, loading,
 * empty and error states that keep what was already loaded, and emphasis on
 * tickets with a new reply from support.
 *
 * @example
 * <TicketList
 *   getTicketHref={(ticket) => `/support/${ticket.id}`}
 *   onTicketSelect={(ticket) => navigate(`/support/${ticket.id}`)}
 *   onNewTicket={() => navigate('/support/new')}
 * />
 */
export function TicketList({
  onTicketSelect,
  getTicketHref,
  selectedTicketId,
  status: statusProp,
  defaultStatus = null,
  onStatusChange,
  sort: sortProp,
  defaultSort = 'newest',
  onSortChange,
  pageSize = 20,
  onNewTicket,
  className,
  classNames: cn,
  theme,
  components,
}: TicketListProps) {
  const i18n = usePortalI18n();
  const { t } = i18n;
  const id = useId();
  const [status, setStatus] = useControllableState(statusProp, defaultStatus, onStatusChange);
  const [sort, setSort] = useControllableState(sortProp, defaultSort, onSortChange);

  const query = useTickets({
    status: status ?? undefined,
    sort: sort === 'updated' ? 'updatedAt' : 'createdAt',
    order: 'desc',
    limit: Math.min(50, Math.max(1, Math.floor(pageSize))),
  });
  const { data, isFetching, isFetchingNextPage, isFetchNextPageError, isRefetchError, isPlaceholderData, hasNextPage } =
    query;
  const { fetchNextPage, refetch } = query;

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

  // Custom statuses stay in the filter once seen, even while another status is shown.
  const [customStatuses, setCustomStatuses] = useState<string[]>([]);
  const pageStatuses = useMemo(() => {
    const found = new Set<string>();
    for (const ticket of tickets) found.add(ticket.status);
    if (status) found.add(status);
    return found;
  }, [tickets, status]);
  const unseen = [...pageStatuses].filter(
    (s) => !(SYSTEM_STATUSES as readonly string[]).includes(s) && !customStatuses.includes(s),
  );
  if (unseen.length) setCustomStatuses([...customStatuses, ...unseen]);

  const { hasNewReply, markSeen } = useSeenTickets();

  // --- virtualisation --------------------------------------------------------
  const viewportRef = useRef<HTMLDivElement>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const focusedIndex = useRef<number | null>(null);
  const virtualizer = useVirtualizer({
    count: tickets.length,
    getScrollElement: () => viewportRef.current,
    estimateSize: () => ESTIMATED_ROW,
    overscan: 6,
    getItemKey: (index) => tickets[index]?.id ?? index,
    initialRect: NO_LAYOUT,
    observeElementRect: (instance, cb) => observeElementRect(instance, (rect) => cb(rect.height ? rect : NO_LAYOUT)),
    measureElement: (element, entry, instance) => measureElement(element, entry, instance) || ESTIMATED_ROW,
    // The focused row (and its neighbours, for Tab and Shift+Tab) stays mounted
    // when scrolled away, so focus is never lost to <body>.
    rangeExtractor: (range: Range) => {
      const indexes = defaultRangeExtractor(range);
      const focused = focusedIndex.current;
      if (focused === null || focused >= range.count) return indexes;
      const extra = [focused - 1, focused, focused + 1].filter(
        (i) => i >= 0 && i < range.count && !indexes.includes(i),
      );
      return extra.length ? [...indexes, ...extra].sort((a, b) => a - b) : indexes;
    },
  });
  const items = virtualizer.getVirtualItems();

  useEffect(() => {
    const viewport = viewportRef.current;
    if (!viewport) return;
    const onFocusIn = (event: FocusEvent) => {
      const item = (event.target as Element).closest('[data-index]');
      focusedIndex.current = item ? Number(item.getAttribute('data-index')) : null;
    };
    viewport.addEventListener('focusin', onFocusIn);
    return () => viewport.removeEventListener('focusin', onFocusIn);
  }, []);

  // --- selection and read state ------------------------------------------------
  const selectedIndex = selectedTicketId ? indexById.get(selectedTicketId) : undefined;
  const selectedTicket = selectedIndex === undefined ? undefined : tickets[selectedIndex];
  // Keep the open ticket in view when it is selected, first loaded, or moves.
  useEffect(() => {
    if (selectedIndex !== undefined) virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [selectedIndex, virtualizer]);
  // The open ticket is on screen: what arrives in it is read.
  useEffect(() => {
    if (selectedTicket) markSeen(selectedTicket);
  }, [selectedTicket, markSeen]);

  const onActivate = useCallback(
    (ticket: Ticket, event: MouseEvent<HTMLElement>) => {
      markSeen(ticket);
      if (!onTicketSelect) return;
      const isLink = event.currentTarget instanceof HTMLAnchorElement;
      if (isLink && (!isPlainClick(event) || event.defaultPrevented)) return;
      if (isLink) event.preventDefault();
      onTicketSelect(ticket);
    },
    [markSeen, onTicketSelect],
  );

  // --- paging ------------------------------------------------------------------
  const [message, announce] = useAnnouncer();
  const announcePending = useRef(false);
  const footerRef = useRef<HTMLDivElement>(null);
  const statusRef = useRef<HTMLSelectElement>(null);

  // When rows arrive, focus follows to the first new one if it was on the
  // control that asked for them, or was dropped because that control went away.
  const pendingFocus = useRef<{ from: number; asked: boolean } | null>(null);
  const loadMoreEl = useRef<HTMLButtonElement | null>(null);
  const loadMoreHadFocus = useRef(false);
  // React detaches refs before removing the node: the last moment to see its focus.
  const loadMoreRef = useCallback((node: HTMLButtonElement | null) => {
    if (!node) loadMoreHadFocus.current = !!loadMoreEl.current && document.activeElement === loadMoreEl.current;
    loadMoreEl.current = node;
  }, []);
  const expectRows = useCallback(
    (asked: boolean) => {
      pendingFocus.current = { from: tickets.length, asked };
      loadMoreHadFocus.current = false;
    },
    [tickets.length],
  );

  const loadMore = useCallback(
    (fromUser: boolean) => {
      if (isFetching) return;
      announcePending.current = true;
      expectRows(fromUser);
      void fetchNextPage();
    },
    [isFetching, fetchNextPage, expectRows],
  );

  // Infinite scroll: load when the end of the list scrolls into view. Re-armed
  // after every page, so a list too short to fill its box keeps loading.
  const canAutoLoad = Boolean(hasNextPage) && !isFetching && !isFetchNextPageError && !isPlaceholderData;
  useEffect(() => {
    const root = viewportRef.current;
    const footer = footerRef.current;
    if (!canAutoLoad || !root || !footer || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) loadMore(false);
    }, { root });
    observer.observe(footer);
    return () => observer.disconnect();
  }, [canAutoLoad, loadMore, tickets.length]);

  useEffect(() => {
    const pending = pendingFocus.current;
    if (!pending || tickets.length <= pending.from) return;
    const active = document.activeElement;
    const dropped = !active || active === document.body;
    if (active !== loadMoreEl.current && !(dropped && (pending.asked || loadMoreHadFocus.current))) {
      pendingFocus.current = null;
      return;
    }
    const row = listRef.current?.querySelector<HTMLElement>(`[data-index="${pending.from}"] > .dt-ticket-list-row`);
    if (row) {
      pendingFocus.current = null;
      row.focus();
    } else if (listRef.current) {
      virtualizer.scrollToIndex(pending.from);
    }
  });

  // A failed page replaces "Load more" with its error: if the button had focus, the retry takes it.
  useEffect(() => {
    if (!isFetchNextPageError || !loadMoreHadFocus.current) return;
    loadMoreHadFocus.current = false;
    const active = document.activeElement;
    if (!active || active === document.body) footerRef.current?.querySelector<HTMLButtonElement>('button')?.focus();
  }, [isFetchNextPageError]);

  // Announce the count after a filter, sort or page load the customer asked for.
  const filterKey = `${status ?? ''}|${sort}`;
  const previousKey = useRef(filterKey);
  useEffect(() => {
    if (previousKey.current === filterKey) return;
    previousKey.current = filterKey;
    announcePending.current = true;
    pendingFocus.current = null;
    if (viewportRef.current) viewportRef.current.scrollTop = 0;
  }, [filterKey]);
  useEffect(() => {
    if (!announcePending.current || isFetching || isPlaceholderData || !data) return;
    announcePending.current = false;
    if (!isFetchNextPageError && !isRefetchError) announce(t('listCount', { count: tickets.length }));
  }, [announce, t, data, isFetching, isPlaceholderData, isFetchNextPageError, isRefetchError, tickets.length]);

  // --- render ------------------------------------------------------------------
  const statusOptions = [...SYSTEM_STATUSES, ...customStatuses];
  const filtered = status !== null;
  // Only a new filter or sort dims the rows; background refetches stay silent.
  const refreshing = isPlaceholderData;
  const setSize = hasNextPage ? -1 : tickets.length;

  let body;
  if (!data) {
    body =
      query.isError && !isFetching ? (
        <ErrorNotice
          className={cx('dt-ticket-list-error', cn?.error)}
          title={t('listError')}
          error={query.error}
          onRetry={() => {
            expectRows(true);
            void refetch();
          }}
        />
      ) : (
        <div className={cx('dt-ticket-list-skeleton', cn?.skeleton)}>
          <span className="dt-visually-hidden">{t('loading')}</span>
          {[0, 1, 2, 3, 4].map((n) => (
            <div key={n} className="dt-ticket-list-skeleton-row" aria-hidden="true">
              <span className="dt-skeleton" />
              <span className="dt-skeleton" />
            </div>
          ))}
        </div>
      );
  } else if (!tickets.length) {
    body = filtered ? (
      <EmptyState
        variant="filtered"
        className={cn?.empty}
        title={t('listEmptyFiltered')}
        hint={t('listEmptyFilteredHint')}
        action={
          <button
            type="button"
            className="dt-button"
            onClick={() => {
              setStatus(null);
              // The button goes away with the empty state: keep focus on the filter it reset.
              statusRef.current?.focus();
            }}
          >
            {t('listShowAll')}
          </button>
        }
      />
    ) : (
      <EmptyState
        variant="tickets"
        className={cn?.empty}
        title={t('listEmpty')}
        hint={t('listEmptyHint')}
        action={
          onNewTicket ? (
            <button type="button" className="dt-button" data-variant="primary" onClick={onNewTicket}>
              {t('newTicket')}
            </button>
          ) : undefined
        }
      />
    );
  } else {
    body = (
      <>
        {/* Safari drops list semantics from `list-style: none` lists without an explicit role. */}
        {/* eslint-disable-next-line jsx-a11y/no-redundant-roles */}
        <ul
          ref={listRef}
          role="list"
          aria-label={t('listLabel')}
          className={cx('dt-ticket-list-list', cn?.list)}
          // The full height of every loaded row, measured or estimated (dynamic).
          style={{ blockSize: virtualizer.getTotalSize() }}
        >
          {items.map((item) => {
            const ticket = tickets[item.index];
            if (!ticket) return null;
            return (
              <TicketRow
                key={item.key}
                ticket={ticket}
                index={item.index}
                start={item.start}
                setSize={setSize}
                href={getTicketHref?.(ticket)}
                selectable={Boolean(onTicketSelect)}
                selected={ticket.id === selectedTicketId}
                unread={hasNewReply(ticket)}
                measureRef={virtualizer.measureElement}
                onActivate={onActivate}
                classNames={cn}
              />
            );
          })}
        </ul>
        <div ref={footerRef} className={cx('dt-ticket-list-footer', cn?.footer)}>
          {isFetchNextPageError ? (
            <ErrorNotice
              className={cx('dt-ticket-list-error', cn?.error)}
              title={t('listLoadMoreError')}
              error={query.error}
              onRetry={() => {
                announcePending.current = true;
                expectRows(true);
                void fetchNextPage();
              }}
            />
          ) : hasNextPage ? (
            // Stays mounted (and focusable) while loading, so focus is never dropped.
            <button
              ref={loadMoreRef}
              type="button"
              className={cx('dt-button', 'dt-ticket-list-load-more', cn?.loadMore)}
              data-state={isFetchingNextPage ? 'loading' : undefined}
              aria-disabled={isFetching || undefined}
              onClick={() => loadMore(true)}
            >
              {isFetchingNextPage ? t('listLoadingMore') : t('listLoadMore')}
            </button>
          ) : null}
        </div>
      </>
    );
  }

  return (
    <Root
      as="section"
      theme={theme}
      aria-label={t('listTitle')}
      className={cx('dt-ticket-list', cn?.root, className)}
      data-state={!data ? (query.isError && !isFetching ? 'error' : 'loading') : refreshing ? 'refreshing' : 'idle'}
    >
      <ComponentsProvider components={components}>
        <div className={cx('dt-ticket-list-toolbar', cn?.toolbar)}>
          <div className={cx('dt-ticket-list-field', cn?.field)}>
            <label className="dt-label" htmlFor={`${id}-status`}>
              {t('listFilterStatus')}
            </label>
            <select
              ref={statusRef}
              id={`${id}-status`}
              className={cx('dt-select', cn?.select)}
              value={status ?? ''}
              onChange={(event) => setStatus(event.target.value || null)}
            >
              <option value="">{t('listFilterAll')}</option>
              {statusOptions.map((s) => (
                <option key={s} value={s}>
                  {statusLabel(i18n, s)}
                </option>
              ))}
            </select>
          </div>
          <div className={cx('dt-ticket-list-field', cn?.field)}>
            <label className="dt-label" htmlFor={`${id}-sort`}>
              {t('listSort')}
            </label>
            <select
              id={`${id}-sort`}
              className={cx('dt-select', cn?.select)}
              value={sort}
              onChange={(event) => setSort(event.target.value === 'updated' ? 'updated' : 'newest')}
            >
              <option value="newest">{t('listSortNewest')}</option>
              <option value="updated">{t('listSortUpdated')}</option>
            </select>
          </div>
        </div>
        {isRefetchError && data ? (
          <ErrorNotice
            className={cx('dt-ticket-list-error', cn?.error)}
            title={t('listError')}
            error={query.error}
            onRetry={() => void refetch()}
          />
        ) : null}
        <div
          ref={viewportRef}
          className={cx('dt-ticket-list-viewport', cn?.viewport)}
          aria-busy={!data || refreshing || undefined}
        >
          {body}
        </div>
        <LiveRegion message={message} />
      </ComponentsProvider>
    </Root>
  );
}
