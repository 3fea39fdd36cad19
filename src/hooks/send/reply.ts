import type { QueryClient } from '@tanstack/react-query';
import type { Comment, PortalApiError, PortalClient, TicketDetail } from '../../client';
import type { appendComment } from '../../queries/cache';
import type { portalKeys } from '../../queries/keys';

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
  /** Shows what the reply waits for. */
  waiting: (w: 'offline' | 'slow' | null) => void;
  /** Takes the confirmed reply out of the outbox; false when someone else is signed in now. */
  sent: () => boolean;
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
 * Sends `item` until the server answers: waits while offline (same key once
 * back), and after a lost answer looks for the server's copy before saying
 * "not sent". On success the thread gets the comment. `signal` is `cancel()`.
 */
export async function sendReply(d: ReplySend, item: OutgoingBase, signal: AbortSignal): Promise<Comment> {
  const { client, queryClient, ticketId, keys } = d;
  // Still going after a few seconds: say so (and offer to cancel).
  const slow = setTimeout(() => isOnline() && d.waiting('slow'), 5_000);
  const comment = await (async () => {
    try {
      for (;;) {
        if (!isOnline()) {
          d.waiting('offline');
          await whenOnline(signal);
          d.waiting(null);
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
    } finally {
      clearTimeout(slow);
    }
  })();
  if (d.sent()) {
    d.appendComment(queryClient, ticketId, comment);
    // Status, dates and counts may have changed (a reply reopens a resolved ticket).
    void queryClient.invalidateQueries({ queryKey: keys.ticket(ticketId), exact: true });
  }
  return comment;
}
