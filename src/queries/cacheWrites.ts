/*
 * Cache writes that run only after a send, a ticket action or a live event, so
 * they load with that code: each on-demand chunk imports this module, which
 * imports nothing at runtime (the query keys are handed in; importing the
 * eager keys module would split it into a chunk of its own).
 */
import type { QueryClient } from '@tanstack/react-query';
import type { Comment, Ticket, TicketDetail } from '../client';
import type { ListKey, Lists } from './cache';
import type { portalKeys } from './keys';

export function cacheWrites(keys: typeof portalKeys) {
  /** A status outside the list's filter (a list filtered by several statuses, comma-joined in its key, takes any of them). */
  const outsideFilter = (filters: ListKey, status: string) => !!filters.status && !filters.status.split(',').includes(status);

  /** Runs `update` on every cached list, storing what it changes. */
  function eachList(queryClient: QueryClient, update: (data: Lists, filters: ListKey) => Lists) {
    for (const [key, data] of queryClient.getQueriesData<Lists>({ queryKey: keys.ticketLists() })) {
      if (!data) continue;
      // A list key ends in its filters (`portalKeys.ticketList`).
      const next = update(data, key[3] as ListKey);
      if (next !== data) queryClient.setQueryData(key, next);
    }
  }

  return {
    outsideFilter,
    eachList,

    /**
     * Puts a ticket the customer just created at the top of every cached list it
     * belongs in, so it shows at once without refetching every loaded page.
     */
    insertCreatedTicket(queryClient: QueryClient, ticket: Ticket) {
      eachList(queryClient, (data, filters) => {
        // Whether it matches a search is the server's call: that list refetches when next shown.
        if (outsideFilter(filters, ticket.status) || 'search' in filters) return data;
        if (data.pages.some((page) => page.tickets.some((t) => t.id === ticket.id))) return data;
        // Newest-first lists get it on top; oldest-first lists only once fully loaded.
        const asc = filters.order === 'asc';
        const pages = data.pages.slice();
        const at = asc ? pages.length - 1 : 0;
        const page = pages[at];
        if (!page || (asc && page.hasMore)) return data;
        pages[at] = { ...page, tickets: asc ? [...page.tickets, ticket] : [ticket, ...page.tickets] };
        return { ...data, pages };
      });
      void queryClient.invalidateQueries({
        queryKey: keys.ticketLists(),
        predicate: (query) => 'search' in (query.queryKey[3] as ListKey),
        refetchType: 'none',
      });
    },

    /** Adds a confirmed reply to the cached thread (once, whatever the order of poll and response). */
    appendComment(queryClient: QueryClient, ticketId: string, comment: Comment) {
      queryClient.setQueryData<TicketDetail>(keys.ticket(ticketId), (detail) => {
        if (!detail || detail.comments.some((c) => c.id === comment.id)) return detail;
        return {
          ...detail,
          comments: [...detail.comments, comment],
          commentCount: (detail.commentCount ?? detail.comments.length) + 1,
          updatedAt: comment.createdAt > detail.updatedAt ? comment.createdAt : detail.updatedAt,
        };
      });
    },

    /** A detail seeded from a freshly created ticket, so opening it renders at once. */
    seedTicketDetail(queryClient: QueryClient, ticket: Ticket, body: string) {
      queryClient.setQueryData<TicketDetail>(keys.ticket(ticket.id), (existing) => existing ?? { ...ticket, body, comments: [] });
      // Stale at once: the server may add attachments or an auto-reply.
      void queryClient.invalidateQueries({ queryKey: keys.ticket(ticket.id), exact: true, refetchType: 'none' });
    },
  };
}
