'use client';
import { useEffect, useMemo } from 'react';
import type { QueryClient } from '@tanstack/react-query';
import { useQuery } from './useObserved';
import type { Comment, PortalApiError, PortalClient } from '../client';
import { portalKeys, ticketQueryOptions } from '../queries';
import { customerOf, usePortal } from '../provider/context';
import { draftKey, readDraft, writeDraft } from './draftStore';
import { newKey } from './idempotency';
import { usePortalSession } from './usePortalSession';
import { loadSend } from './send/load';
import type { OutgoingBase, ReplySend } from './send/reply';

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

/**
 * The server's copy of a reply: a customer comment with its text, written
 * since it was sent (two minutes allowed for the server's clock being behind
 * ours), that was not on the thread then.
 */
const isCopy = (item: OutgoingBase, c: Comment) =>
  c.authorType === 'customer' &&
  c.body === item.body &&
  !item.seen?.includes(c.id) &&
  Date.parse(c.createdAt) >= Date.parse(item.createdAt) - 120_000;

type Send = Awaited<ReturnType<typeof loadSend>>;
/**
 * The send path once loaded (it is warmed on mount): from then on, what it does
 * happens at once, as if it were here. Before, it runs once the code is in.
 */
let loaded: Send | undefined;
const load = () => loadSend().then((m) => (loaded = m));
// `T` is a promise or void for every use: later is the same as now to callers.
const withSend = <T>(run: (m: Send) => T, failed: (error: PortalApiError) => Awaited<T> = () => undefined as Awaited<T>) =>
  (loaded ? run(loaded) : load().then(run, failed)) as T;

/**
 * The outbox of a ticket and what changes it, bound to one portal: built once
 * per client, storage and ticket, so the functions keep their identity. The
 * bookkeeping (storage, flights, keys kept for an edited reply) is in the send path.
 */
function outboxOf(client: PortalClient, queryClient: QueryClient, draftStorage: Storage | null, ticketId: string) {
  const outboxKey = portalKeys.outbox(ticketId);
  const cached = () => queryClient.getQueryData<OutgoingComment[]>(outboxKey);
  const storageKey = (customer: string | null) => (customer ? draftKey(customer, `outbox:${ticketId}`) : null);
  /** What storage holds for a customer: unconfirmed, so failed (a send cut off by a reload included). */
  const restore = (customer: string | null): OutgoingComment[] =>
    (readDraft<OutgoingBase[]>(draftStorage, storageKey(customer)) ?? []).map((item) => ({ ...item, status: 'failed', error: null }));
  const owner = () => customerOf(client);
  const d: ReplySend = {
    client,
    queryClient,
    ticketId,
    keys: portalKeys,
    isCopy,
    owner,
    restore,
    store: (customer, items) => writeDraft(draftStorage, storageKey(customer), items),
  };
  const find = (localId: string) => cached()?.find((i) => i.localId === localId);
  // Without the send code (it could not be fetched), a reply still leaves the
  // screen; storage, the send code's job, keeps it for the next visit.
  const remove = (localId: string) =>
    void withSend(
      (m) => m.remove(d, localId),
      () => void queryClient.setQueryData<OutgoingComment[]>(outboxKey, (items) => items?.filter((i) => i.localId !== localId)),
    );

  const actions: Pick<UseAddCommentResult, 'send' | 'retry' | 'edit' | 'discard' | 'cancel'> = {
    send(body) {
      const item = { localId: newKey(), body, idempotencyKey: newKey(), createdAt: new Date().toISOString() };
      return withSend(
        (m) => m.send(d, item),
        // The send code could not be fetched: failed like the network, the text
        // kept in the outbox (in memory: storing it is the send code's job) for retry.
        (error) => (
          queryClient.setQueryData<OutgoingComment[]>(outboxKey, (items = restore(owner())) => [...items, { ...item, status: 'failed', error }]),
          { status: 'failed', localId: item.localId, error }
        ),
      );
    },
    retry(localId) {
      const item = find(localId);
      return item
        ? withSend((m) => m.retry(d, item), (error) => ({ status: 'failed', localId, error }))
        : Promise.reject(new Error(`useAddComment: no reply ${localId} in the outbox`));
    },
    edit(localId) {
      const item = find(localId);
      if (item) void withSend((m) => m.edit(d, item), () => remove(localId));
      return item?.body ?? '';
    },
    discard: remove,
    // Nothing is in flight before the send path is loaded.
    cancel: (localId) => void loaded?.cancel(localId),
  };
  const query = {
    queryKey: outboxKey,
    // Local state, restored from storage once per customer (a reset on a customer
    // switch clears it). Any refetch (a host's invalidation of `portalKeys.tickets()`,
    // a focus refetch) lands here too: it keeps what is in memory, or replies in
    // flight would turn "failed"; and it never throws, so nothing to retry.
    queryFn: () => cached() ?? restore(owner()),
    staleTime: Infinity,
    gcTime: Infinity,
  };
  return [actions, query, remove] as const;
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
  // The outbox is per customer: restored once the session knows who it is.
  const signedIn = !!usePortalSession().customer?.id;
  const [actions, query, remove] = useMemo(
    () => outboxOf(client, queryClient, draftStorage, ticketId),
    [client, queryClient, draftStorage, ticketId],
  );

  const { data: outbox = [] } = useQuery<OutgoingComment[]>({ ...query, enabled: signedIn }, queryClient);

  // Warm the send path, so the first reply does not wait for it (a failure shows on use).
  useEffect(() => void withSend(() => {}), []);

  // The thread may hold the server's copy of a reply whose answer was lost or
  // has not come yet (a poll can beat the POST): show it once, as delivered.
  const comments = useQuery({ ...ticketQueryOptions(client, ticketId), enabled: false }, queryClient).data?.comments;
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
    ...actions,
    isSending: outbox.some((item) => item.status === 'sending'),
  };
}
