'use client';
import type { RateTicketInput, TicketRating } from '../client';
import type { RateContext } from './ticketUpdates';
import { useTicketAction } from './useTicketStatusChange';

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
  return useTicketAction<TicketRating, RateTicketInput, RateContext>(ticketId, 'rate', 'useRateTicket');
}

export type UseRateTicketResult = ReturnType<typeof useRateTicket>;
