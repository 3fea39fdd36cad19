'use client';
import { useTicketStatusChange } from './useTicketStatusChange';

/**
 * Reopens a resolved or closed ticket (through a portal gateway whose
 * capabilities say `reopen`). `mutate()` takes no arguments. The helpdesk may
 * refuse: the error's `code` says why (`REOPEN_WINDOW_PASSED` when it was
 * closed too long ago, `STATUS_CHANGE_REFUSED` otherwise). Idempotent on
 * retry, like `useCloseTicket`.
 *
 * @example
 * const reopen = useReopenTicket(ticket.id);
 * reopen.mutate(undefined, { onError: (e) => e.code === 'REOPEN_WINDOW_PASSED' && offerNewTicket() });
 */
export function useReopenTicket(ticketId: string) {
  return useTicketStatusChange(ticketId, 'reopen', 'useReopenTicket');
}

export type UseReopenTicketResult = ReturnType<typeof useReopenTicket>;
