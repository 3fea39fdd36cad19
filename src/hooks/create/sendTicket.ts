// The send path of useCreateTicket, loaded on demand (warmed when the hook
// mounts). Nothing but types is imported: what it needs from the eager code
// is handed in, or bundlers would split those modules into chunks of their own.
import type { QueryClient } from '@tanstack/react-query';
import type { CreateTicketInput, PortalClient, Ticket } from '../../client';
import type { customerOf } from '../../provider/context';
import { cacheWrites } from '../../queries/cacheWrites';
import type { portalKeys } from '../../queries/keys';
import type { readDraft, writeDraft } from '../draftStore';
import type { KeyedAttempt, keyFor } from '../idempotency';

export interface TicketSend {
  /** Whose draft this is: whoever was signed in when it was sent. */
  customer: string | null;
  client: PortalClient;
  queryClient: QueryClient;
  draftStorage: Storage | null;
  /** The last attempt's key, and whose draft it was (never reused for another customer). */
  attempt: { current: { customer: string | null; keyed: KeyedAttempt } | null };
  /** Where a customer's key for this draft is stored. */
  storageKey(customer: string | null): string | null;
  customerOf: typeof customerOf;
  keyFor: typeof keyFor;
  readDraft: typeof readDraft;
  writeDraft: typeof writeDraft;
  keys: typeof portalKeys;
}

/** Sends `input` under the draft's key; once created, retires the key and puts the ticket in the cache. */
export async function sendTicket(d: TicketSend, input: CreateTicketInput): Promise<Ticket> {
  const { customer, client, queryClient, draftStorage, attempt, storageKey } = d;
  const { priority, categoryId, customFields } = input;
  // Form extras join the fingerprint only when set, so drafts keyed by earlier releases keep their key.
  const extra = priority || categoryId || (customFields && Object.keys(customFields).length) ? [priority, categoryId, customFields] : [];
  const fingerprint = JSON.stringify([input.title, input.body ?? '', input.attachmentIds ?? [], ...extra]);
  const previous =
    (attempt.current?.customer === customer ? attempt.current.keyed : null) ??
    d.readDraft<KeyedAttempt>(draftStorage, storageKey(customer));
  const keyed = d.keyFor(previous, fingerprint);
  attempt.current = { customer, keyed };
  d.writeDraft(draftStorage, storageKey(customer), keyed);
  const ticket = await client.createTicket(input, { idempotencyKey: keyed.key });
  // This draft is done: its key must not be reused.
  if (attempt.current?.customer === customer) attempt.current = null;
  d.writeDraft(draftStorage, storageKey(customer), undefined);
  // Signed in as someone else meanwhile: their cache must not get this ticket.
  if (customer === d.customerOf(client)) {
    const cache = cacheWrites(d.keys);
    cache.insertCreatedTicket(queryClient, ticket);
    cache.seedTicketDetail(queryClient, ticket, input.body ?? '');
  }
  return ticket;
}
