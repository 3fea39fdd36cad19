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

/**
 * The one query-key factory. Keys are hierarchical, so invalidating
 * `portalKeys.tickets()` covers every list and detail, and
 * `portalKeys.all` everything the kit caches.
 *
 * @example queryClient.invalidateQueries({ queryKey: portalKeys.ticketLists() })
 * @example queryClient.invalidateQueries({ queryKey: portalKeys.ticket(id), exact: true })
 */
export const portalKeys = {
  // Spelled out rather than built from each other: the same keys, fewer bytes shipped.
  all: ['dispatchtickets'] as const,
  tickets: () => ['dispatchtickets', 'tickets'] as const,
  ticketLists: () => ['dispatchtickets', 'tickets', 'list'] as const,
  ticketList: (filters: TicketListFilters = {}) =>
    [
      'dispatchtickets',
      'tickets',
      'list',
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
  ticketDetails: () => ['dispatchtickets', 'tickets', 'detail'] as const,
  ticket: (ticketId: string) => ['dispatchtickets', 'tickets', 'detail', ticketId] as const,
  attachments: (ticketId: string) => ['dispatchtickets', 'tickets', 'detail', ticketId, 'attachments'] as const,
  attachmentUrl: (ticketId: string, attachmentId: string) =>
    ['dispatchtickets', 'tickets', 'detail', ticketId, 'attachments', attachmentId, 'url'] as const,
  /** What the backend can do (one per session; not under `tickets()`). */
  capabilities: () => ['dispatchtickets', 'capabilities'] as const,
  /** The new-ticket form's categories, priorities and custom fields. */
  ticketForm: () => ['dispatchtickets', 'form'] as const,
  /** Replies the customer sent that the server has not confirmed yet (local only, never fetched). */
  outbox: (ticketId: string) => ['dispatchtickets', 'tickets', 'detail', ticketId, 'outbox'] as const,
};
