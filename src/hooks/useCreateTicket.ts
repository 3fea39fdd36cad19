'use client';
import { useRef } from 'react';
import { useMutation } from './reactQuery';
import type { CreateTicketInput, PortalApiError, Ticket } from '../client';
import { insertCreatedTicket, seedTicketDetail } from '../queries/cache';
import { customerOf, usePortal } from '../provider/context';
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
  // The last attempt's key, and whose draft it was (never reused for another customer).
  const attempt = useRef<{ customer: string | null; keyed: KeyedAttempt } | null>(null);
  // Whose draft each send was: the customer may change while it is in flight.
  const sentFor = useRef(new WeakMap<CreateTicketInput, string | null>());
  const storageKey = (customer: string | null) => (customer ? draftKey(customer, `${draftId}:key`) : null);

  return useMutation<Ticket, PortalApiError, CreateTicketInput>(
    {
      mutationFn: (input) => {
        const customer = customerOf(client);
        sentFor.current.set(input, customer);
        const { priority, categoryId, customFields } = input;
        // Form extras join the fingerprint only when set, so drafts keyed by earlier releases keep their key.
        const extra = priority || categoryId || (customFields && Object.keys(customFields).length) ? [priority, categoryId, customFields] : [];
        const fingerprint = JSON.stringify([input.title, input.body ?? '', input.attachmentIds ?? [], ...extra]);
        const previous =
          (attempt.current?.customer === customer ? attempt.current.keyed : null) ??
          readDraft<KeyedAttempt>(draftStorage, storageKey(customer));
        const keyed = keyFor(previous, fingerprint);
        attempt.current = { customer, keyed };
        writeDraft(draftStorage, storageKey(customer), keyed);
        return client.createTicket(input, { idempotencyKey: keyed.key });
      },
      onSuccess: (ticket, input) => {
        const customer = sentFor.current.get(input) ?? null;
        // This draft is done: its key must not be reused.
        if (attempt.current?.customer === customer) attempt.current = null;
        writeDraft(draftStorage, storageKey(customer), undefined);
        // Signed in as someone else meanwhile: their cache must not get this ticket.
        if (customer !== customerOf(client)) return;
        insertCreatedTicket(queryClient, ticket);
        seedTicketDetail(queryClient, ticket, input.body ?? '');
      },
    },
    queryClient,
  );
}

export type UseCreateTicketResult = ReturnType<typeof useCreateTicket>;
