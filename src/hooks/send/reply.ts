import type { QueryClient } from '@tanstack/react-query';
import type { Comment, PortalApiError, PortalClient, TicketDetail } from '../../client';
import type { appendComment } from '../../queries/cache';
import type { portalKeys } from '../../queries/keys';
import type { OutgoingComment, SendReplyResult } from '../useAddComment';

// The send path of a reply, loaded on demand (warmed when a thread or composer
// mounts). Nothing but types is imported: what it needs from the eager code is
// handed in, or bundlers would split those modules into chunks of their own.

/** A reply as stored and sent. */
export interface OutgoingBase {
  /** Local id, stable across retries. */
  localId: string;
  body: string;
  /** Sent as `X-Idempotency-Key`; the same on every retry, so the server stores the reply once. */
  idempotencyKey: string;
  /** When the customer pressed send (ISO). */
  createdAt: string;
  /** Ids of the customer's comments with this text already on the thread: none of them is this reply. */
  seen?: string[];
}

export interface ReplySend {
  client: PortalClient;
  queryClient: QueryClient;
  ticketId: string;
  keys: typeof portalKeys;
  appendComment: typeof appendComment;
  /** Whether a comment on the thread is the server's copy of `item`. */
  isCopy: (item: OutgoingBase, c: Comment) => boolean;
  /** Who is signed in now (null when nobody). */
  owner: () => string | null;
  /** Writes a reply into its owner's outbox (memory and storage). */
  put: (item: OutgoingComment, owner: string | null) => void;
  remove: (localId: string, owner: string | null) => void;
  /** Replies in flight by local id: `cancel()` aborts them. */
  flights: Map<string, AbortController>;
}

const isOnline = () => typeof navigator === 'undefined' || navigator.onLine;
/** Resolves once the browser is back online or `signal` aborts. */
const whenOnline = (signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const check = () => (signal.aborted || isOnline()) && (removeEventListener('online', check), resolve());
    addEventListener('online', check);
    signal.onabort = check;
  });

/**
 * Sends `item` (already shown as sending in `owner`'s outbox) until the server
 * answers: waits while offline (same key once back), and after a lost answer
 * looks for the server's copy before saying "not sent". On success the thread
 * gets the comment; on failure the reply stays in the outbox as failed. Runs as
 * a mutation, so the host's `useIsMutating` and mutation cache see it.
 */
export function sendReply(d: ReplySend, item: OutgoingBase, owner: string | null): Promise<SendReplyResult> {
  const { client, queryClient, ticketId, keys, flights } = d;
  const { localId } = item;
  const attempt = async (signal: AbortSignal): Promise<Comment> => {
    for (;;) {
      if (!isOnline()) {
        d.put({ ...item, status: 'sending', waiting: 'offline' }, owner);
        await whenOnline(signal);
        d.put({ ...item, status: 'sending', waiting: null }, owner);
      }
      try {
        return await client.addComment(ticketId, item.body, { idempotencyKey: item.idempotencyKey, signal });
      } catch (e) {
        const error = e as PortalApiError;
        // The connection went: send again under the same key once it is back.
        if (error.kind === 'network' && !isOnline()) continue;
        // Maybe stored with the answer lost (no status, or a 5xx): look before saying "not sent".
        if (signal.aborted || (error.status ?? 500) < 500) throw error;
        const ticket = await client.getTicket(ticketId, { signal }).catch(() => null);
        if (ticket) queryClient.setQueryData<TicketDetail>(keys.ticket(ticketId), ticket);
        const copy = ticket?.comments.find((c) => d.isCopy(item, c));
        if (copy) return copy;
        throw error;
      }
    }
  };
  return queryClient
    .getMutationCache()
    .build<Comment, PortalApiError, OutgoingBase, unknown>(queryClient, {
      mutationKey: [...keys.ticket(ticketId), 'addComment'],
      // Offline is handled here (wait, then send), not by pausing the mutation: a paused one can't be cancelled.
      networkMode: 'always',
      mutationFn: async () => {
        const controller = new AbortController();
        flights.set(localId, controller);
        // Still going after a few seconds: say so (and offer to cancel).
        const slow = setTimeout(() => isOnline() && d.put({ ...item, status: 'sending', waiting: 'slow' }, owner), 5_000);
        try {
          const comment = await attempt(controller.signal);
          d.remove(localId, owner);
          if (owner === d.owner()) {
            d.appendComment(queryClient, ticketId, comment);
            // Status, dates and counts may have changed (a reply reopens a resolved ticket).
            void queryClient.invalidateQueries({ queryKey: keys.ticket(ticketId), exact: true });
          }
          return comment;
        } finally {
          clearTimeout(slow);
          flights.delete(localId);
        }
      },
      onError: (error) => d.put({ ...item, status: 'failed', error }, owner),
    })
    .execute(item)
    .then(
      (comment) => ({ status: 'sent', localId, comment }),
      (error: PortalApiError) => ({ status: 'failed', localId, error }),
    );
}
