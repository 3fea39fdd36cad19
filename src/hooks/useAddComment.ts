'use client';
import { useCallback, useEffect, useMemo } from 'react';
import { useMutation, useQuery } from './useObserved';
import type { Comment, PortalApiError, TicketDetail } from '../client';
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
const base = ({ localId, body, idempotencyKey, createdAt, seen }: OutgoingBase): OutgoingBase => ({ localId, body, idempotencyKey, createdAt, seen });

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
  const outboxKey = portalKeys.outbox(ticketId);

  const storageKeyFor = useCallback(
    (customer: string | null) => (customer ? draftKey(customer, `outbox:${ticketId}`) : null),
    [ticketId],
  );
  /** What storage holds for a customer: unconfirmed, so failed (a send cut off by a reload included). */
  const restore = useCallback(
    (customer: string | null): OutgoingComment[] =>
      (readDraft<Stored>(draftStorage, storageKeyFor(customer)) ?? []).map((item) => ({ ...item, status: 'failed', error: null })),
    [draftStorage, storageKeyFor],
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

  const update = useCallback(
    (change: (items: OutgoingComment[]) => OutgoingComment[], owner: string | null = customerOf(client)) => {
      const write = (items: OutgoingComment[]) => {
        const stored: Stored = items.map(base);
        writeDraft(draftStorage, storageKeyFor(owner), stored.length ? stored : undefined);
      };
      if (owner !== customerOf(client)) {
        // Someone else is signed in now: keep the reply for its owner's next
        // visit (storage only), and never show it in this customer's outbox.
        write(change(restore(owner)));
        return;
      }
      // Not restored from storage yet (the query has not run): start from storage, never from empty.
      const next = change(queryClient.getQueryData<OutgoingComment[]>(outboxKey) ?? restore(owner));
      queryClient.setQueryData(outboxKey, next);
      write(next);
    },
    // outboxKey is derived from ticketId.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [queryClient, client, draftStorage, storageKeyFor, restore, ticketId],
  );

  const put = useCallback(
    (item: OutgoingComment, owner?: string | null) =>
      update(
        (items) =>
          items.some((i) => i.localId === item.localId)
            ? items.map((i) => (i.localId === item.localId ? item : i))
            : [...items, item],
        owner,
      ),
    [update],
  );
  const remove = useCallback(
    (localId: string, owner?: string | null) => update((items) => items.filter((i) => i.localId !== localId), owner),
    [update],
  );

  // onMutate returns whose reply it is: the session may change customer while it is in flight.
  const { mutateAsync: sendItem } = useMutation<Comment, PortalApiError, OutgoingBase, string | null>(
    {
      mutationKey: [...portalKeys.ticket(ticketId), 'addComment'],
      // Offline is handled here (wait, then send), not by pausing the mutation: a paused one can't be cancelled.
      networkMode: 'always',
      mutationFn: async (item) => {
        const owner = customerOf(client);
        const controller = new AbortController();
        flights.set(item.localId, controller);
        try {
          const { sendReply } = await loadSend();
          return await sendReply(
            {
              client,
              queryClient,
              ticketId,
              keys: portalKeys,
              appendComment,
              isCopy,
              waiting: (waiting) => put({ ...item, status: 'sending', waiting }, owner),
              sent: () => (remove(item.localId, owner), owner === customerOf(client)),
            },
            item,
            controller.signal,
          );
        } finally {
          flights.delete(item.localId);
        }
      },
      onMutate: (item) => {
        const owner = customerOf(client);
        put({ ...item, status: 'sending', waiting: null }, owner);
        return owner;
      },
      onError: (error, item, owner) => put({ ...item, status: 'failed', error }, owner),
    },
    queryClient,
  );

  const settle = useCallback(
    (item: OutgoingBase): Promise<SendReplyResult> =>
      sendItem(item).then(
        (comment) => ({ status: 'sent', localId: item.localId, comment }),
        (error: PortalApiError) => ({ status: 'failed', localId: item.localId, error }),
      ),
    [sendItem],
  );

  const find = useCallback(
    (localId: string) => (queryClient.getQueryData<OutgoingComment[]>(outboxKey) ?? []).find((i) => i.localId === localId),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [queryClient, ticketId],
  );

  const send = useCallback(
    (body: string) => {
      const again = held.get(ticketId)?.body === body && held.get(ticketId);
      held.delete(ticketId);
      const seen = queryClient
        .getQueryData<TicketDetail>(portalKeys.ticket(ticketId))
        ?.comments.flatMap((c) => (c.body === body ? [c.id] : []));
      return settle(again || { localId: newKey(), body, idempotencyKey: newKey(), createdAt: new Date().toISOString(), seen });
    },
    [queryClient, ticketId, settle],
  );

  const retry = useCallback(
    (localId: string) => {
      const item = find(localId);
      if (!item) return Promise.reject(new Error(`useAddComment: no reply ${localId} in the outbox`));
      return settle(base(item));
    },
    [find, settle],
  );

  const edit = useCallback(
    (localId: string) => {
      const item = find(localId);
      if (item) held.set(ticketId, base(item));
      remove(localId);
      return item?.body ?? '';
    },
    [find, remove, ticketId],
  );

  const discard = useCallback((localId: string) => remove(localId), [remove]);
  const cancel = useCallback((localId: string) => flights.get(localId)?.abort(), []);
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
