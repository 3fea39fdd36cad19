'use client';
import { useRef } from 'react';
import type { UseMutationResult } from '@tanstack/react-query';
import { useMutation } from './useObserved';
import type { PortalApiError, Ticket, TicketRating } from '../client';
import { portalKeys } from '../queries';
import { usePortal } from '../provider/context';
import type { KeyedAttempt } from './idempotency';
import { loadTicketUpdates, useTicketUpdates } from './useTicketUpdates';
import type { TicketActionContext } from './ticketUpdates';

/**
 * Close, reopen or rate, shared by `useCloseTicket`, `useReopenTicket` and
 * `useRateTicket`. Each step's cache bookkeeping (optimistic update,
 * rollback, detail and lists kept in step, idempotent retry) loads on demand,
 * started when the hook mounts, so the first press doesn't wait for it; see
 * ./ticketUpdates. A failed load fails the action with a network
 * `PortalApiError`, and pressing again loads it again.
 */
export function useTicketAction<TData, TVariables, TContext>(
  ticketId: string,
  action: TicketActionContext['action'],
  caller: string,
): UseMutationResult<TData, PortalApiError, TVariables, TContext> {
  const { client, queryClient } = usePortal(caller);
  // The last failed attempt's key: sending the same again after a lost response reuses it, so the gateway replays.
  const attempt = useRef<KeyedAttempt | null>(null);
  useTicketUpdates();
  const ctx: TicketActionContext = { client, queryClient, ticketId, action, attempt };
  return useMutation<Ticket | TicketRating, PortalApiError, unknown, unknown>(
    {
      mutationKey: [...portalKeys.ticket(ticketId), action],
      onMutate: async () => (await loadTicketUpdates()).start(ctx),
      mutationFn: async (input) => (await loadTicketUpdates()).send(ctx, input as never),
      onSuccess: async (data, _input, context) => {
        attempt.current = null;
        (await loadTicketUpdates()).done(ctx, data, context);
      },
      // Loaded by then, unless loading it was the failure (then nothing changed).
      onError: (error, _input, context) => loadTicketUpdates().then((m) => m.failed(ctx, error, context), () => {}),
    },
    queryClient,
  ) as unknown as UseMutationResult<TData, PortalApiError, TVariables, TContext>;
}

/** Close or reopen (see `useCloseTicket`): the server's answer goes into the detail and every cached list at once. */
export const useTicketStatusChange = (ticketId: string, action: 'close' | 'reopen', caller: string) =>
  useTicketAction<Ticket, void, string | null>(ticketId, action, caller);
