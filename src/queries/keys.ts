import type { ListTicketsParams } from '../client';

/** Filters of a ticket list; the cursor is the infinite query's page param, not part of the key. */
export type TicketListFilters = Omit<ListTicketsParams, 'cursor'>;

/**
 * One status filter as the key holds it: sorted, de-duplicated and
 * comma-joined (so `['pending', 'open']` and `['open', 'pending']` share an
 * entry, and a single status keys as before), or null for every status.
 */
export const statusKey = (status: TicketListFilters['status']): string | null =>
  (typeof status === 'string' ? status : [...new Set(status ?? [])].sort().join(',')) || null;

/** The statuses a list key filters by; empty for every status. */
export const keyStatuses = (key: string | null | undefined): string[] => (key ? key.split(',') : []);

/**
 * The one query-key factory. Keys are hierarchical, so invalidating
 * `portalKeys.tickets()` covers every list and detail, and
 * `portalKeys.all` everything the kit caches.
 *
 * @example queryClient.invalidateQueries({ queryKey: portalKeys.ticketLists() })
 * @example queryClient.invalidateQueries({ queryKey: portalKeys.ticket(id), exact: true })
 */
export const portalKeys = {
  all: ['dispatchtickets'] as const,
  tickets: () => [...portalKeys.all, 'tickets'] as const,
  ticketLists: () => [...portalKeys.tickets(), 'list'] as const,
  ticketList: (filters: TicketListFilters = {}) =>
    [
      ...portalKeys.ticketLists(),
      // Normalised so `{}` and `{ status: undefined }` share one cache entry.
      {
        status: statusKey(filters.status),
        // Only when searching, so keys without search stay as they were.
        ...(filters.search?.trim() ? { search: filters.search.trim() } : {}),
        sort: filters.sort ?? 'createdAt',
        order: filters.order ?? 'desc',
        limit: filters.limit ?? 20,
      },
    ] as const,
  ticketDetails: () => [...portalKeys.tickets(), 'detail'] as const,
  ticket: (ticketId: string) => [...portalKeys.ticketDetails(), ticketId] as const,
  attachments: (ticketId: string) => [...portalKeys.ticket(ticketId), 'attachments'] as const,
  attachmentUrl: (ticketId: string, attachmentId: string) =>
    [...portalKeys.attachments(ticketId), attachmentId, 'url'] as const,
  /** What the backend can do (one per session; not under `tickets()`). */
  capabilities: () => [...portalKeys.all, 'capabilities'] as const,
  /** The new-ticket form's categories, priorities and custom fields. */
  ticketForm: () => [...portalKeys.all, 'form'] as const,
  /** Replies the customer sent that the server has not confirmed yet (local only, never fetched). */
  outbox: (ticketId: string) => [...portalKeys.ticket(ticketId), 'outbox'] as const,
};
