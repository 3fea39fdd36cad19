'use client';
import { useRef } from 'react';
import { useMutation } from '@tanstack/react-query';
import { isPortalApiError, type PortalApiError, type RateTicketInput, type TicketDetail, type TicketRating } from '../client';
import { portalKeys, ticketQueryOptions } from '../queries';
import { customerOf, usePortal } from '../provider/context';
import { keyFor, type KeyedAttempt } from './idempotency';

interface RateContext {
  owner: string | null;
  /** `canRate` before the optimistic update, restored if the rating fails. */
  canRate: boolean | undefined;
}

/**
 * Rates a resolved or closed ticket once (through a portal gateway with a
 * rating scale in its capabilities). Optimistic: the ticket's `canRate` turns
 * false at once, so no second prompt shows anywhere, and comes back if the
 * rating fails (the prompt's values are the caller's to keep). On success the
 * ticket's `rating` is set. Sending the same rating again after a failure
 * reuses the idempotency key; a ticket already rated (elsewhere, or by an
 * attempt whose response was lost) resolves with the stored rating.
 *
 * @example
 * const rate = useRateTicket(ticket.id);
 * rate.mutate({ rating: 5, comment: 'Fixed in minutes' });
 * if (ticket.rating) return <p>Thanks! You rated {ticket.rating.rating}/5.</p>;
 */
export function useRateTicket(ticketId: string) {
  const { client, queryClient } = usePortal('useRateTicket');
  const attempt = useRef<KeyedAttempt | null>(null);
  const key = portalKeys.ticket(ticketId);
  return useMutation<TicketRating, PortalApiError, RateTicketInput, RateContext>(
    {
      mutationKey: [...key, 'rate'],
      onMutate: async () => {
        await queryClient.cancelQueries({ queryKey: key, exact: true });
        const canRate = queryClient.getQueryData<TicketDetail>(key)?.canRate;
        queryClient.setQueryData<TicketDetail>(key, (d) => (d ? { ...d, canRate: false } : d));
        return { owner: customerOf(client), canRate };
      },
      mutationFn: async (input) => {
        const keyed = keyFor(attempt.current, JSON.stringify([ticketId, input.rating, input.comment?.trim() ?? '']));
        attempt.current = keyed;
        try {
          return await client.rateTicket(ticketId, input, { idempotencyKey: keyed.key });
        } catch (error) {
          if (!isPortalApiError(error) || error.code !== 'ALREADY_RATED') throw error;
          const fresh = await queryClient.fetchQuery({ ...ticketQueryOptions(client, ticketId), staleTime: 0 });
          if (!fresh.rating) throw error;
          return fresh.rating;
        }
      },
      onSuccess: (rating, _input, context) => {
        attempt.current = null;
        if (context?.owner !== customerOf(client)) return;
        queryClient.setQueryData<TicketDetail>(key, (d) => (d ? { ...d, rating, canRate: false } : d));
      },
      onError: (_error, _input, context) => {
        if (context?.owner !== customerOf(client)) return;
        queryClient.setQueryData<TicketDetail>(key, (d) => (d && !d.rating ? { ...d, canRate: context.canRate } : d));
        void queryClient.invalidateQueries({ queryKey: key, exact: true });
      },
    },
    queryClient,
  );
}

export type UseRateTicketResult = ReturnType<typeof useRateTicket>;
