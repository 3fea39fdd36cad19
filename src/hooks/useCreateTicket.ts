'use client';
import { useRef } from 'react';
import { useMutation } from '@tanstack/react-query';
import type { CreateTicketInput, PortalApiError, Ticket } from '../client';
import { insertCreatedTicket, seedTicketDetail } from '../queries';
import { usePortal } from '../provider/context';
import { draftKey, readDraft, writeDraft } from './draftStore';
import { keyFor, type KeyedAttempt } from './idempotency';

export interface UseCreateTicketOptions {
  /**
   * Names the draft this mutation sends, so its idempotency key survives a
   * reload along with the draft text.
   * @default 'new-ticket'
   * @example useCreateTicket({ draftId: 'billing-form' })
   */
  draftId?: string;
}

/**
 * Creates a ticket. One idempotency key per draft: sending the same content
 * again (a retry after a timeout, a second click, even after a reload) reuses
 * it, so the server creates the ticket once. Editing the content starts a new
 * key. On success the ticket is put at the top of cached lists (no refetch)
 * and its detail is seeded, so opening it is instant.
 *
 * @example
 * const create = useCreateTicket();
 * create.mutate({ title, body, attachmentIds }, { onSuccess: (ticket) => open(ticket.id) });
 */
export function useCreateTicket({ draftId = 'new-ticket' }: UseCreateTicketOptions = {}) {
  const { client, queryClient, draftStorage } = usePortal('useCreateTicket');
  const attempt = useRef<KeyedAttempt | null>(null);
  const storageKey = () => {
    const customerId = client.session.getSnapshot().customer?.id;
    return customerId ? draftKey(customerId, `${draftId}:key`) : null;
  };

  return useMutation<Ticket, PortalApiError, CreateTicketInput>(
    {
      mutationFn: (input) => {
        const fingerprint = JSON.stringify([input.title, input.body ?? '', input.attachmentIds ?? []]);
        const previous = attempt.current ?? readDraft<KeyedAttempt>(draftStorage, storageKey());
        attempt.current = keyFor(previous, fingerprint);
        writeDraft(draftStorage, storageKey(), attempt.current);
        return client.createTicket(input, { idempotencyKey: attempt.current.key });
      },
      onSuccess: (ticket, input) => {
        attempt.current = null;
        writeDraft(draftStorage, storageKey(), undefined);
        insertCreatedTicket(queryClient, ticket);
        seedTicketDetail(queryClient, ticket, input.body ?? '');
      },
    },
    queryClient,
  );
}

export type UseCreateTicketResult = ReturnType<typeof useCreateTicket>;
