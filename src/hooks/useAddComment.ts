'use client';
import { useEffect, useMemo } from 'react';
import type { QueryClient } from '@tanstack/react-query';
import { useQuery } from './reactQuery';
import type { Comment, PortalApiError, PortalClient, TicketDetail } from '../client';
import { portalKeys, ticketQueryOptions } from '../queries';
import { appendComment } from '../queries/cache';
import { customerOf, usePortal } from '../provider/context';
import { draftKey, readDraft, writeDraft } from './draftStore';
import { newKey } from './idempotency';
import { usePortalSession } from './usePortalSession';
import { loadSend, warmSend } from './send/load';
import type { OutgoingBase } from './send/reply';

/**
 * A reply the server has not confirmed. `sending` says what it waits for:
 * `offline` (it goes when the connection is back), `slow` (still trying after
 * a few seconds; `cancel()` stops it), else null. `failed` keeps the text and
 * the key; its `error` is null when the send was cut off by a reload.
 */
export type OutgoingComment =
  | (OutgoingBase & { status: 'sending'; waiting: 'offline' | 'slow' | null })
  | (OutgoingBase & { status: 'failed'; error: PortalApiError | null });



/**
 * How a send ended. A failed reply stays in the outbox (with its text, its key
 * and this error) for retry, edit or discard, so the promise resolves either
 * way and never rejects for a failed send.
 */
export type SendReplyResult =
  | { status: 'sent'; localId: string; comment: Comment }
  | { status: 'failed'; localId: string; error: PortalApiError };

export interface UseAddCommentResult {
  /** Unconfirmed replies, oldest first: show them after the thread's comments. */
  outbox: OutgoingComment[];
  /**
   * Sends a reply; it shows in `outbox` at once. Resolves with the server's
   * comment (`sent`), or with the error (`failed`) while the reply stays in the
   * outbox as failed: it never rejects for a failed send.
   */
  send(body: string): Promise<SendReplyResult>;
  /** Sends a failed reply again with the same idempotency key. Rejects only for an unknown `localId`. */
  retry(localId: string): Promise<SendReplyResult>;
  /**
   * Takes a failed reply out of the outbox and returns its text, to put back in
   * the composer. Sending that text unchanged reuses its key: if the first send
   * was stored after all, the server answers with it instead of storing a copy.
   */
  edit(localId: string): string;
  discard(localId: string): void;
  /** Stops a reply still sending (offline or slow); it stays in the outbox as failed, text and key kept. */
  cancel(localId: string): void;
  /** True while any reply is being sent. */
  isSending: boolean;
}

type Stored = OutgoingBase[];

/** What is stored and sent: no status or error. */
const base = ({ status: _s, error: _e, waiting: _w, ...item }: OutgoingBase & { status?: unknown; error?: unknown; waiting?: unknown }): OutgoingBase =>
  item;

/** Allowance for the server's clock being behind ours. */
const CLOCK_SKEW_MS = 120_000;

/**
 * The server's copy of a reply: a customer comment with its text, written
 * since it was sent, that was not on the thread then.
 */
const isCopy = (item: OutgoingBase, c: Comment) =>
  c.authorType === 'customer' &&
  c.body === item.body &&
  !item.seen?.includes(c.id) &&
  Date.parse(c.createdAt) >= Date.parse(item.createdAt) - CLOCK_SKEW_MS;

/** Replies in flight, by local id (unique): `cancel()` reaches them from any component. */
const flights = new Map<string, AbortController>();
/** By ticket, the last reply taken back by edit(): sent again unchanged (from any component), it keeps its key. */
const held = new Map<string, OutgoingBase>();

/**
 * The outbox of a ticket and what changes it, bound to one portal: built once
 * per client, storage and ticket, so the functions keep their identity.
 */
function outboxOf(client: PortalClient, queryClient: QueryClient, draftStorage: Storage | null, ticketId: string) {
  const outboxKey = portalKeys.outbox(ticketId);
  const cached = () => queryClient.getQueryData<OutgoingComment[]>(outboxKey);
  const storageKey = (customer: string | null) => (customer ? draftKey(customer, `outbox:${ticketId}`) : null);
  /** What storage holds for a customer: unconfirmed, so failed (a send cut off by a reload included). */
  const restore = (customer: string | null): OutgoingComment[] =>
    (readDraft<Stored>(draftStorage, storageKey(customer)) ?? []).map((item) => ({ ...item, status: 'failed', error: null }));

  const update = (change: (items: OutgoingComment[]) => OutgoingComment[], owner: string | null = customerOf(client)) => {
    // Someone else signed in since: the reply is kept for its owner's next visit
    // (storage only), never shown in this customer's outbox. Not restored from
    // storage yet (the query has not run): start from storage, never from empty.
    const mine = owner === customerOf(client);
    const next = change((mine && cached()) || restore(owner));
    if (mine) queryClient.setQueryData(outboxKey, next);
    const stored: Stored = next.map(base);
    writeDraft(draftStorage, storageKey(owner), stored.length ? stored : undefined);
  };
  const put = (item: OutgoingComment, owner: string | null) =>
    update(
      (items) =>
        items.some((i) => i.localId === item.localId) ? items.map((i) => (i.localId === item.localId ? item : i)) : [...items, item],
      owner,
    );
  const remove = (localId: string, owner?: string | null) => update((items) => items.filter((i) => i.localId !== localId), owner);
  const find = (localId: string) => cached()?.find((i) => i.localId === localId);

  /** Shows `item` as sending at once, then sends it with the on-demand send path. */
  const go = (item: OutgoingBase): Promise<SendReplyResult> => {
    // Whose reply it is: the session may change customer while it is in flight.
    const owner = customerOf(client);
    put({ ...item, status: 'sending', waiting: null }, owner);
    return loadSend().then(
      ({ sendReply }) =>
        sendReply(
          { client, queryClient, ticketId, keys: portalKeys, appendComment, isCopy, owner: () => customerOf(client), put, remove, flights },
          item,
          owner,
        ),
      // The send code could not be fetched: failed like the network, kept for retry.
      (error: PortalApiError) => (put({ ...item, status: 'failed', error }, owner), { status: 'failed', localId: item.localId, error }),
    );
  };

  return {
    outboxKey,
    restore,
    remove,
    send(body: string) {
      const again = held.get(ticketId)?.body === body && held.get(ticketId);
      held.delete(ticketId);
      const seen = queryClient
        .getQueryData<TicketDetail>(portalKeys.ticket(ticketId))
        ?.comments.flatMap((c) => (c.body === body ? [c.id] : []));
      return go(again || { localId: newKey(), body, idempotencyKey: newKey(), createdAt: new Date().toISOString(), seen });
    },
    retry(localId: string) {
      const item = find(localId);
      return item ? go(base(item)) : Promise.reject(new Error(`useAddComment: no reply ${localId} in the outbox`));
    },
    edit(localId: string) {
      const item = find(localId);
      if (item) held.set(ticketId, base(item));
      remove(localId);
      return item?.body ?? '';
    },
    discard: (localId: string) => remove(localId),
    cancel: (localId: string) => flights.get(localId)?.abort(),
  };
}

/**
 * Optimistic replies. A reply appears at once as `sending`, is replaced by the
 * server's comment when confirmed, and on failure stays in the thread as
 * `failed` with retry, edit and discard; its text is never lost, even across a
 * reload (kept in the provider's draft storage).
 *
 * @example
 * const { outbox, send, retry, edit } = useAddComment(ticketId);
 * const result = await send(text);
 * if (result.status === 'failed') focusRetry(result.localId); // it stays in `outbox`
 */
export function useAddComment(ticketId: string): UseAddCommentResult {
  const { client, queryClient, draftStorage } = usePortal('useAddComment');
  const customerId = usePortalSession().customer?.id ?? null;
  const { outboxKey, restore, remove, send, retry, edit, discard, cancel } = useMemo(
    () => outboxOf(client, queryClient, draftStorage, ticketId),
    [client, queryClient, draftStorage, ticketId],
  );

  const { data: outbox = [] } = useQuery<OutgoingComment[]>(
    {
      queryKey: outboxKey,
      // Local state, restored from storage once per customer (a reset on a customer
      // switch clears it). Any refetch (a host's invalidation of `portalKeys.tickets()`,
      // a focus refetch) lands here too: it keeps what is in memory, or replies in
      // flight would turn "failed"; and it never throws, so nothing to retry.
      queryFn: () => queryClient.getQueryData<OutgoingComment[]>(outboxKey) ?? restore(customerOf(client)),
      enabled: Boolean(customerId),
      staleTime: Infinity,
      gcTime: Infinity,
    },
    queryClient,
  );

  // Warm the send path, so the first reply does not wait for it.
  useEffect(warmSend, []);

  // The thread may hold the server's copy of a reply whose answer was lost or
  // has not come yet (a poll can beat the POST): show it once, as delivered.
  const { data: comments } = useQuery(
    { ...ticketQueryOptions(client, ticketId), enabled: false, select: (ticket) => ticket.comments },
    queryClient,
  );
  const delivered = useMemo(() => {
    const taken: string[] = [];
    return outbox.filter((item) => {
      const copy = comments?.find((c) => !taken.includes(c.id) && isCopy(item, c));
      return copy && taken.push(copy.id);
    });
  }, [outbox, comments]);
  // A failed reply that was stored after all is done; one in flight settles by itself.
  useEffect(() => delivered.forEach((i) => i.status === 'failed' && remove(i.localId)), [delivered, remove]);
  const visible = useMemo(() => outbox.filter((item) => !delivered.includes(item)), [outbox, delivered]);

  return {
    outbox: visible,
    send,
    retry,
    edit,
    discard,
    cancel,
    isSending: outbox.some((item) => item.status === 'sending'),
  };
}
