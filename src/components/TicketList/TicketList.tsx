'use client';
import { Suspense, forwardRef, lazy, useCallback, useEffect, useRef, type MouseEvent } from 'react';
import { useCapabilities } from '../../hooks/useCapabilities';
import type { Ticket } from '../../client';
import { useTicketList } from '../../hooks/useTicketList';
import { usePortalI18n, useTranslatorFor } from '../shared/usePortalI18n';
import { useStatusLabel } from '../shared/useStatusLabel';
import { cx } from '../shared/cx';
import { ErrorNotice } from '../shared/ErrorNotice';
import { LiveRegion, useAnnouncer } from '../shared/LiveRegion';
import { ComponentsProvider } from '../shared/overrides';
import { Root } from '../shared/Root';
import { TicketListItem } from './TicketRow';
import { TicketListEmpty, TicketListSkeleton } from './TicketListStates';
import { TicketListToolbar } from './TicketListToolbar';
import { useInfiniteScroll } from './useInfiniteScroll';
import { useLoadMoreFocus } from './useLoadMoreFocus';
import { useTicketVirtualizer } from './useTicketVirtualizer';
import type { TicketListProps } from './types';

// Search and multi-status filters: their own chunk, loaded only for a backend that offers them.
const LazyFilters = lazy(() => import('./TicketListFilters').then((m) => ({ default: m.TicketListFilters })));

const isPlainClick = (event: MouseEvent<HTMLElement>) =>
  event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey;

/**
 * The customer's tickets: status filter and sort, virtualised rows (thousands
 * stay smooth), "load more" plus infinite scroll over cursor pages, loading,
 * empty and error states that keep what was already loaded, and emphasis on
 * tickets with a new reply from support. The behaviour is `useTicketList`'s;
 * this draws it. The ref is the root `<section>`.
 *
 * @example
 * <TicketList
 *   getTicketHref={(ticket) => `/support/${ticket.id}`}
 *   onTicketSelect={(ticket) => navigate(`/support/${ticket.id}`)}
 *   onNewTicket={() => navigate('/support/new')}
 * />
 */
export const TicketList = forwardRef<HTMLElement, TicketListProps>(function TicketList(
  {
    onTicketSelect,
    getTicketHref,
    selectedTicketId,
    status: statusProp,
    defaultStatus,
    onStatusChange,
    sort: sortProp,
    defaultSort,
    onSortChange,
    pageSize,
    selectedStatuses,
    defaultSelectedStatuses,
    onSelectedStatusesChange,
    search,
    defaultSearch,
    onSearchChange,
    searchDelay,
    onNewTicket,
    className,
    classNames: cn,
    theme,
    components,
    ...rest
  },
  ref,
) {
  const { t } = usePortalI18n();
  const translate = useTranslatorFor();
  const statusLabel = useStatusLabel();
  const [message, announce] = useAnnouncer();
  const list = useTicketList({
    status: statusProp,
    defaultStatus,
    onStatusChange,
    sort: sortProp,
    defaultSort,
    onSortChange,
    pageSize,
    selectedStatuses,
    defaultSelectedStatuses,
    onSelectedStatusesChange,
    search,
    defaultSearch,
    onSearchChange,
    searchDelay,
    selectedTicketId,
    onLoaded: (count) => announce(t('listCount', { count })),
  });
  const { query, tickets, indexById, status, sort, loadMore, markSeen } = list;
  const { data: capabilities } = useCapabilities();
  const canSearch = !!capabilities?.features.search;
  const multiStatus = !!capabilities?.features.multiStatus;
  const { data, isFetching, isFetchingNextPage, isFetchNextPageError, isRefetchError, isPlaceholderData, hasNextPage, refetch } = query;

  const viewportRef = useRef<HTMLDivElement>(null);
  const footerRef = useRef<HTMLDivElement>(null);
  const statusRef = useRef<HTMLSelectElement>(null);
  const { virtualizer, setFocused } = useTicketVirtualizer(tickets, viewportRef);
  const focus = useLoadMoreFocus(tickets.length, isFetchNextPageError, virtualizer.scrollToIndex);
  const { expectRows } = focus;

  // Keep the open ticket in view when it is selected, first loaded, or moves.
  const selectedIndex = selectedTicketId ? indexById.get(selectedTicketId) : undefined;
  useEffect(() => {
    if (selectedIndex !== undefined) virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [selectedIndex, virtualizer]);

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

  const more = useCallback(
    (asked: boolean) => {
      if (isFetching) return;
      expectRows(asked);
      loadMore();
    },
    [isFetching, expectRows, loadMore],
  );
  const autoLoad = useCallback(() => more(false), [more]);
  useInfiniteScroll(viewportRef, footerRef, list.canAutoLoad, autoLoad, tickets.length);

  // A new filter or sort starts at the top, with nothing waiting for focus.
  const filterKey = `${status ?? ''}|${sort}|${list.selectedStatuses.join(',')}|${list.appliedSearch}`;
  const previousKey = useRef(filterKey);
  useEffect(() => {
    if (previousKey.current === filterKey) return;
    previousKey.current = filterKey;
    focus.forget();
    if (viewportRef.current) viewportRef.current.scrollTop = 0;
  }, [filterKey, focus]);

  // Only a new filter or sort dims the rows; background refetches stay silent.
  const refreshing = isPlaceholderData;
  const failedFirst = !data && query.isError && !isFetching;

  let body;
  if (!data) {
    body = failedFirst ? (
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
      <TicketListSkeleton classNames={cn} />
    );
  } else if (!tickets.length) {
    body = (
      <TicketListEmpty
        filtered={list.filtered}
        noMatch={list.appliedSearch !== '' || list.selectedStatuses.length > 0}
        onNewTicket={onNewTicket}
        classNames={cn}
        onShowAll={() => {
          list.clearFilters();
          // The button goes away with the empty state: keep focus on the filter it reset.
          statusRef.current?.focus();
        }}
      />
    );
  } else {
    const setSize = hasNextPage ? -1 : tickets.length;
    body = (
      <>
        {/* Safari drops list semantics from `list-style: none` lists without an explicit role. */}
        {/* eslint-disable-next-line jsx-a11y/no-redundant-roles */}
        <ul
          role="list"
          aria-label={t('listLabel')}
          className={cx('dt-ticket-list-list', cn?.list)}
          // The full height of every loaded row, measured or estimated (dynamic).
          style={{ blockSize: virtualizer.getTotalSize() }}
        >
          {virtualizer.getVirtualItems().map((item) => {
            const ticket = tickets[item.index];
            if (!ticket) return null;
            return (
              <TicketListItem
                key={item.key}
                ticket={ticket}
                index={item.index}
                start={item.start}
                setSize={setSize}
                href={getTicketHref?.(ticket)}
                selectable={Boolean(onTicketSelect)}
                selected={ticket.id === selectedTicketId}
                unread={list.hasNewReply(ticket)}
                measureRef={virtualizer.measureElement}
                onActivate={onActivate}
                registerRow={focus.registerRow}
                onRowFocus={setFocused}
                classNames={cn}
              />
            );
          })}
        </ul>
        {/* onFocus only notes that focus left the rows; it is not an interaction. */}
        {/* eslint-disable-next-line jsx-a11y/no-static-element-interactions */}
        <div ref={footerRef} className={cx('dt-ticket-list-footer', cn?.footer)} onFocus={() => setFocused(null)}>
          {isFetchNextPageError ? (
            <ErrorNotice
              className={cx('dt-ticket-list-error', cn?.error)}
              title={t('listLoadMoreError')}
              error={query.error}
              onRetry={() => more(true)}
              retryRef={focus.retryRef}
            />
          ) : hasNextPage ? (
            // Stays mounted (and focusable) while loading, so focus is never dropped.
            <button
              ref={focus.loadMoreRef}
              type="button"
              className={cx('dt-button', 'dt-ticket-list-load-more', cn?.loadMore)}
              data-state={isFetchingNextPage ? 'loading' : undefined}
              aria-disabled={isFetching || undefined}
              onClick={() => more(true)}
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
      ref={ref}
      as="section"
      aria-label={t('listTitle')}
      {...rest}
      theme={theme}
      className={cx('dt-ticket-list', cn?.root, className)}
      data-state={!data ? (failedFirst ? 'error' : 'loading') : refreshing ? 'refreshing' : 'idle'}
      // No tickets at all (not just none for a filter): a portal around the list gives this its whole width.
      data-empty={data && !tickets.length && status === null ? '' : undefined}
    >
      <ComponentsProvider components={components}>
        <TicketListToolbar
          ref={statusRef}
          statuses={list.statuses}
          status={status}
          onStatusChange={list.setStatus}
          sort={sort}
          onSortChange={list.setSort}
          classNames={cn}
          hideStatus={multiStatus}
        />
        {canSearch || multiStatus ? (
          <Suspense fallback={null}>
            <LazyFilters
              list={list}
              search={canSearch}
              multiStatus={multiStatus}
              statuses={capabilities?.statuses.map((s) => s.key) ?? list.statuses}
              classNames={cn}
              translate={translate}
              statusLabel={statusLabel}
            />
          </Suspense>
        ) : null}
        {isRefetchError && data ? (
          <ErrorNotice
            className={cx('dt-ticket-list-error', cn?.error)}
            title={t('listError')}
            error={query.error}
            onRetry={() => void refetch()}
          />
        ) : null}
        <div ref={viewportRef} className={cx('dt-ticket-list-viewport', cn?.viewport)} aria-busy={!data || refreshing || undefined}>
          {body}
        </div>
        <LiveRegion message={message} />
      </ComponentsProvider>
    </Root>
  );
});
