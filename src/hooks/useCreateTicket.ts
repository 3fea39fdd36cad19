'use client';
import { useEffect, useRef } from 'react';
import { useMutation } from './useObserved';
import type { CreateTicketInput, PortalApiError, Ticket } from '../client';
import { onDemand } from '../client/errors';
import { portalKeys } from '../queries/keys';
import { customerOf, usePortal } from '../provider/context';
import type { TicketSend } from './create/sendTicket';
import { draftKey, readDraft, writeDraft } from './draftStore';
import { keyFor } from './idempotency';

/**
 * The send path, loaded on first use and warmed when the hook mounts. A chunk
 * that can't be fetched fails the send like the network would (a retryable
 * error; the form keeps its text and files).
 */
const loadSend = onDemand(() => import('./create/sendTicket'), 'send code');

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
  const attempt: TicketSend['attempt'] = useRef(null);
  useEffect(() => void loadSend().catch(() => undefined), []);

  return useMutation<Ticket, PortalApiError, CreateTicketInput>(
    {
      mutationFn: async (input) => {
        // Whose draft this send is, as it is sent: the customer may change while the code loads or the request is in flight.
        const customer = customerOf(client);
        return (await loadSend()).sendTicket(
          {
            customer,
            client,
            queryClient,
            draftStorage,
            attempt,
            storageKey: (customer) => (customer ? draftKey(customer, `${draftId}:key`) : null),
            customerOf,
            keyFor,
            readDraft,
            writeDraft,
            keys: portalKeys,
          },
          input,
        );
      },
    },
    queryClient,
  );
}

export type UseCreateTicketResult = ReturnType<typeof useCreateTicket>;
