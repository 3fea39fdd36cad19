'use client';
import { useCallback, useMemo } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import type { Comment, PortalApiError } from '../client';
import { portalKeys, ticketQueryOptions } from '../queries';
import { appendComment } from '../queries/cache';
import { customerOf, usePortal } from '../provider/context';
import { draftKey, readDraft, writeDraft } from './draftStore';
import { newKey } from './idempotency';
import { usePortalSession } from './usePortalSession';

interface OutgoingBase {
  /** Local id, stable across retries. */
  localId: string;
  body: string;
  /** Sent as `X-Idempotency-Key`; the same on every retry, so the server stores the reply once. */
  idempotencyKey: string;
  /** When the customer pressed send (ISO). */
  createdAt: string;
}

/**
 * A reply the server has not confirmed. `failed` keeps the text and the key;
 * its `error` is null when the send was cut off by a reload.
 */
export type OutgoingComment =
  | (OutgoingBase & { status: 'sending' })
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
  /** Takes a failed reply out of the outbox and returns its text, to put back in the composer. */
  edit(localId: string): string;
  discard(localId: string): void;
  /** True while any reply is being sent. */
  isSending: boolean;
}

type Stored = OutgoingBase[];

/** What is stored and sent: no status or error. */
const base = ({ localId, body, idempotencyKey, createdAt }: OutgoingBase): OutgoingBase => ({ localId, body, idempotencyKey, createdAt });

/** Sending or failed; a reply this old and still unconfirmed on the server is not a duplicate. */
const SAME_REPLY_WINDOW_MS = 120_000;

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
      mutationFn: (item) => client.addComment(ticketId, item.body, { idempotencyKey: item.idempotencyKey }),
      onMutate: (item) => {
        const owner = customerOf(client);
        put({ ...item, status: 'sending' }, owner);
        return owner;
      },
      onSuccess: (comment, item, owner) => {
        remove(item.localId, owner);
        if (owner !== customerOf(client)) return;
        appendComment(queryClient, ticketId, comment);
        // Status, dates and counts may have changed (a reply reopens a resolved ticket).
        void queryClient.invalidateQueries({ queryKey: portalKeys.ticket(ticketId), exact: true });
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

  const send = useCallback(
    (body: string) => settle({ localId: newKey(), body, idempotencyKey: newKey(), createdAt: new Date().toISOString() }),
    [settle],
  );

  const find = useCallback(
    (localId: string) => (queryClient.getQueryData<OutgoingComment[]>(outboxKey) ?? []).find((i) => i.localId === localId),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [queryClient, ticketId],
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
      const text = find(localId)?.body ?? '';
      remove(localId);
      return text;
    },
    [find, remove],
  );

  const discard = useCallback((localId: string) => remove(localId), [remove]);

  // A poll can bring the server's copy of a reply before the POST's own
  // response does; hide the optimistic copy then, rather than show it twice.
  const { data: comments } = useQuery(
    { ...ticketQueryOptions(client, ticketId), enabled: false, select: (ticket) => ticket.comments },
    queryClient,
  );
  const visible = useMemo(
    () =>
      outbox.filter(
        (item) =>
          item.status === 'failed' ||
          !comments?.some(
            (c) =>
              c.authorType === 'customer' &&
              c.body === item.body &&
              Date.parse(c.createdAt) >= Date.parse(item.createdAt) - SAME_REPLY_WINDOW_MS,
          ),
      ),
    [outbox, comments],
  );

  return {
    outbox: visible,
    send,
    retry,
    edit,
    discard,
    isSending: outbox.some((item) => item.status === 'sending'),
  };
}
