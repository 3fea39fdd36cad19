'use client';
import { useCallback, useMemo } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import type { Comment, PortalApiError } from '../client';
import { appendComment, portalKeys, ticketQueryOptions } from '../queries';
import { usePortal } from '../provider/context';
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

export interface UseAddCommentResult {
  /** Unconfirmed replies, oldest first: show them after the thread's comments. */
  outbox: OutgoingComment[];
  /** Sends a reply; it shows in `outbox` at once. Rejects if it fails (it then stays as `failed`). */
  send(body: string): Promise<Comment>;
  /** Sends a failed reply again with the same idempotency key. */
  retry(localId: string): Promise<Comment>;
  /** Takes a failed reply out of the outbox and returns its text, to put back in the composer. */
  edit(localId: string): string;
  discard(localId: string): void;
  /** True while any reply is being sent. */
  isSending: boolean;
}

type Stored = OutgoingBase[];

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
 * await send(text).catch(() => {}); // a failure stays visible in `outbox`
 */
export function useAddComment(ticketId: string): UseAddCommentResult {
  const { client, queryClient, draftStorage } = usePortal('useAddComment');
  const customerId = usePortalSession().customer?.id ?? null;
  const outboxKey = portalKeys.outbox(ticketId);

  const storageKey = useCallback(() => {
    const id = client.session.getSnapshot().customer?.id;
    return id ? draftKey(id, `outbox:${ticketId}`) : null;
  }, [client, ticketId]);

  const { data: outbox = [] } = useQuery<OutgoingComment[]>(
    {
      queryKey: outboxKey,
      // Local state, restored from storage once per customer: a reply that was
      // in flight during a reload is unconfirmed, so it comes back as failed.
      queryFn: () =>
        (readDraft<Stored>(draftStorage, storageKey()) ?? []).map((item) => ({ ...item, status: 'failed', error: null })),
      enabled: Boolean(customerId),
      staleTime: Infinity,
      gcTime: Infinity,
      retry: false,
      refetchOnWindowFocus: false,
      refetchOnReconnect: false,
    },
    queryClient,
  );

  const update = useCallback(
    (change: (items: OutgoingComment[]) => OutgoingComment[]) => {
      const next = change(queryClient.getQueryData<OutgoingComment[]>(outboxKey) ?? []);
      queryClient.setQueryData(outboxKey, next);
      const stored: Stored = next.map(({ localId, body, idempotencyKey, createdAt }) => ({
        localId,
        body,
        idempotencyKey,
        createdAt,
      }));
      writeDraft(draftStorage, storageKey(), stored.length ? stored : undefined);
    },
    // outboxKey is derived from ticketId.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [queryClient, draftStorage, storageKey, ticketId],
  );

  const put = useCallback(
    (item: OutgoingComment) =>
      update((items) =>
        items.some((i) => i.localId === item.localId)
          ? items.map((i) => (i.localId === item.localId ? item : i))
          : [...items, item],
      ),
    [update],
  );
  const remove = useCallback(
    (localId: string) => update((items) => items.filter((i) => i.localId !== localId)),
    [update],
  );

  const { mutateAsync } = useMutation<Comment, PortalApiError, OutgoingBase>(
    {
      mutationKey: [...portalKeys.ticket(ticketId), 'addComment'],
      mutationFn: (item) => client.addComment(ticketId, item.body, { idempotencyKey: item.idempotencyKey }),
      onMutate: (item) => put({ ...item, status: 'sending' }),
      onSuccess: (comment, item) => {
        appendComment(queryClient, ticketId, comment);
        remove(item.localId);
        // Status, dates and counts may have changed (a reply reopens a resolved ticket).
        void queryClient.invalidateQueries({ queryKey: portalKeys.ticket(ticketId), exact: true });
      },
      onError: (error, item) => put({ ...item, status: 'failed', error }),
    },
    queryClient,
  );

  const send = useCallback(
    (body: string) =>
      mutateAsync({ localId: newKey(), body, idempotencyKey: newKey(), createdAt: new Date().toISOString() }),
    [mutateAsync],
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
      const { localId: id, body, idempotencyKey, createdAt } = item;
      return mutateAsync({ localId: id, body, idempotencyKey, createdAt });
    },
    [find, mutateAsync],
  );

  const edit = useCallback(
    (localId: string) => {
      const text = find(localId)?.body ?? '';
      remove(localId);
      return text;
    },
    [find, remove],
  );

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
    discard: remove,
    isSending: outbox.some((item) => item.status === 'sending'),
  };
}
