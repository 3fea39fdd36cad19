'use client';
import { useRef } from 'react';
import { useMutation } from '@tanstack/react-query';
import { isPortalApiError, type PortalApiError, type Ticket } from '../client';
import { portalKeys, ticketQueryOptions } from '../queries';
import { applyTicketUpdate } from '../queries/cache';
import { customerOf, usePortal } from '../provider/context';
import { keyFor, type KeyedAttempt } from './idempotency';

/** The 409 code that means the ticket is already where the action would take it. */
const ALREADY = { close: 'ALREADY_CLOSED', reopen: 'NOT_CLOSED' } as const;

/**
 * Close or reopen, shared by `useCloseTicket` and `useReopenTicket`. Not
 * optimistic: which status a close sets (resolved or closed) is the helpdesk's
 * choice, so the ticket shows the server's answer, applied to the detail and
 * every cached list at once (no list refetch).
 */
export function useTicketStatusChange(ticketId: string, action: 'close' | 'reopen', caller: string) {
  const { client, queryClient } = usePortal(caller);
  // The last failed attempt's key: pressing again after a lost response reuses it, so the gateway replays.
  const attempt = useRef<KeyedAttempt | null>(null);
  return useMutation<Ticket, PortalApiError, void, string | null>(
    {
      mutationKey: [...portalKeys.ticket(ticketId), action],
      onMutate: () => customerOf(client),
      mutationFn: async () => {
        const keyed = keyFor(attempt.current, `${action}:${ticketId}`);
        attempt.current = keyed;
        const run = action === 'close' ? client.closeTicket : client.reopenTicket;
        try {
          return await run(ticketId, { idempotencyKey: keyed.key });
        } catch (error) {
          // Already solved (or reopened) elsewhere: that is the state asked for, so read it and carry on.
          if (!isPortalApiError(error) || error.code !== ALREADY[action]) throw error;
          return queryClient.fetchQuery({ ...ticketQueryOptions(client, ticketId), staleTime: 0 });
        }
      },
      onSuccess: (ticket, _vars, owner) => {
        attempt.current = null;
        if (owner !== customerOf(client)) return;
        applyTicketUpdate(queryClient, ticket);
        // Whether it can be rated now, and any note the helpdesk added, come with the full ticket.
        void queryClient.invalidateQueries({ queryKey: portalKeys.ticket(ticketId), exact: true });
      },
      onError: (error) => {
        // Refused (a reopen window, a status the helpdesk won't change): the ticket may have moved on.
        if (error.status === 409) void queryClient.invalidateQueries({ queryKey: portalKeys.ticket(ticketId), exact: true });
      },
    },
    queryClient,
  );
}
