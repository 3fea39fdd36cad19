'use client';
import { useTicketStatusChange } from './useTicketStatusChange';

/**
 * "Mark as solved" (through a portal gateway whose capabilities say `close`).
 * `mutate()` takes no arguments. On success the ticket's new status is in its
 * detail and every cached list at once. Idempotent: pressing again after a
 * failure reuses the idempotency key, and a ticket already solved elsewhere
 * counts as done. A refusal comes back as a `PortalApiError` with its `code`.
 *
 * @example
 * const close = useCloseTicket(ticket.id);
 * <button onClick={() => close.mutate()} disabled={close.isPending}>Mark as solved</button>
 */
export function useCloseTicket(ticketId: string) {
  return useTicketStatusChange(ticketId, 'close', 'useCloseTicket');
}

export type UseCloseTicketResult = ReturnType<typeof useCloseTicket>;
