'use client';
import { keepPreviousData } from '@tanstack/react-query';
import { useInfiniteQuery } from './useObserved';
import { ticketsQueryOptions, type TicketListFilters } from '../queries';
import { usePortal } from '../provider/context';
import { useLiveStatus } from './usePortalEvents';

/**
 * On focus TanStack refetches every loaded page, one after another. That is
 * right for a few pages and wasteful for a customer who scrolled through
 * hundreds of tickets: beyond this, the list refreshes on the next filter
 * change or reload instead.
 */
const FOCUS_REFRESH_MAX_PAGES = 3;

export interface UseTicketsOptions extends TicketListFilters {
  /**
   * Set false to hold the query (e.g. until the list is on screen).
   * @default true
   * @example useTickets({ status: 'open', enabled: isVisible })
   */
  enabled?: boolean;
}

/**
 * The customer's tickets as cursor pages (`data.pages[n].tickets`), with
 * `fetchNextPage`/`hasNextPage`. Each filter combination has its own cache
 * entry, so a slow response for an old filter can never overwrite the current
 * one; while a new filter loads, the previous rows stay (`isPlaceholderData`).
 * Through the portal gateway, live updates change rows in place (status, new
 * replies, tickets filed elsewhere) while the list is mounted.
 *
 * @example
 * const { data, fetchNextPage, hasNextPage } = useTickets({ status: 'open', sort: 'updatedAt' });
 * const tickets = data?.pages.flatMap((page) => page.tickets) ?? [];
 */
export function useTickets({ enabled = true, ...filters }: UseTicketsOptions = {}) {
  const { client, queryClient } = usePortal('useTickets');
  useLiveStatus(enabled);
  return useInfiniteQuery(
    {
      ...ticketsQueryOptions(client, filters),
      enabled,
      placeholderData: keepPreviousData,
      refetchOnWindowFocus: (query) => (query.state.data?.pages.length ?? 0) <= FOCUS_REFRESH_MAX_PAGES,
    },
    queryClient,
  );
}

export type UseTicketsResult = ReturnType<typeof useTickets>;
