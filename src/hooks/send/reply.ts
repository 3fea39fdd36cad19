import type { QueryClient } from '@tanstack/react-query';
import type { Comment, PortalApiError, PortalClient, TicketDetail } from '../../client';
import { cacheWrites } from '../../queries/cacheWrites';
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

/** One ticket's outbox, as the hook hands it in. */
export interface ReplySend {
  client: PortalClient;
  queryClient: QueryClient;
  ticketId: string;
  keys: typeof portalKeys;
  /** Whether a comment on the thread is the server's copy of `item`. */
  isCopy: (item: OutgoingBase, c: Comment) => boolean;
  /** Who is signed in now (null when nobody). */
  owner: () => string | null;
  /** Stores a customer's outbox (undefined: none). */
  store: (customer: string | null, items: OutgoingBase[] | undefined) => void;
  /** What storage holds for a customer, as failed replies. */
  restore: (customer: string | null) => OutgoingComment[];
}

/** What is stored and sent: no status or error. */
const base = ({ status: _s, error: _e, waiting: _w, ...item }: OutgoingBase & { status?: unknown; error?: unknown; waiting?: unknown }): OutgoingBase =>
  item;

/** Replies in flight, by local id (unique): `cancel()` reaches them from any component. */
const flights = new Map<string, AbortController>();
/** By ticket, the last reply taken back by edit(): sent again unchanged (from any component), it keeps its key. */
const held = new Map<string, OutgoingBase>();

function update(d: ReplySend, change: (items: OutgoingComment[]) => OutgoingComment[], owner = d.owner()) {
  // Someone else signed in since: the reply is kept for its owner's next visit
  // (storage only), never shown in this customer's outbox. Not restored from
  // storage yet (the query has not run): start from storage, never from empty.
  const mine = owner === d.owner();
  const key = d.keys.outbox(d.ticketId);
  const next = change((mine && d.queryClient.getQueryData<OutgoingComment[]>(key)) || d.restore(owner));
  if (mine) d.queryClient.setQueryData(key, next);
  const stored = next.map(base);
  d.store(owner, stored.length ? stored : undefined);
}

const put = (d: ReplySend, item: OutgoingComment, owner: string | null) =>
  update(
    d,
    (items) => (items.some((i) => i.localId === item.localId) ? items.map((i) => (i.localId === item.localId ? item : i)) : [...items, item]),
    owner,
  );

export const remove = (d: ReplySend, localId: string, owner?: string | null) =>
  update(d, (items) => items.filter((i) => i.localId !== localId), owner);

export const cancel = (localId: string) => flights.get(localId)?.abort();

/** Takes a failed reply out of the outbox; sent again unchanged, it keeps its key. */
export function edit(d: ReplySend, item: OutgoingComment) {
  held.set(d.ticketId, base(item));
  remove(d, item.localId);
}

/** Sends a new reply (`fresh`), or the one edit() took back when its text is unchanged. */
export function send(d: ReplySend, fresh: OutgoingBase) {
  const again = held.get(d.ticketId);
  held.delete(d.ticketId);
  if (again?.body === fresh.body) return sendReply(d, again);
  const seen = d.queryClient
    .getQueryData<TicketDetail>(d.keys.ticket(d.ticketId))
    ?.comments.flatMap((c) => (c.body === fresh.body ? [c.id] : []));
  return sendReply(d, { ...fresh, seen });
}

export const retry = (d: ReplySend, item: OutgoingComment) => sendReply(d, base(item));

const isOnline = () => typeof navigator === 'undefined' || navigator.onLine;
/** Resolves once the browser is back online or `signal` aborts. */
const whenOnline = (signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const check = () => (signal.aborted || isOnline()) && (removeEventListener('online', check), resolve());
    addEventListener('online', check);
    signal.onabort = check;
  });

/**
 * Shows `item` as sending and sends it until the server
 * answers: waits while offline (same key once back), and after a lost answer
 * looks for the server's copy before saying "not sent". On success the thread
 * gets the comment; on failure the reply stays in the outbox as failed. Runs as
 * a mutation, so the host's `useIsMutating` and mutation cache see it.
 */
function sendReply(d: ReplySend, item: OutgoingBase): Promise<SendReplyResult> {
  const { client, queryClient, ticketId, keys } = d;
  const { localId } = item;
  // Whose reply it is: the session may change customer while it is in flight.
  const owner = d.owner();
  put(d, { ...item, status: 'sending', waiting: null }, owner);
  const attempt = async (signal: AbortSignal): Promise<Comment> => {
    for (;;) {
      if (!isOnline()) {
        put(d, { ...item, status: 'sending', waiting: 'offline' }, owner);
        await whenOnline(signal);
        put(d, { ...item, status: 'sending', waiting: null }, owner);
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
        const slow = setTimeout(() => isOnline() && put(d, { ...item, status: 'sending', waiting: 'slow' }, owner), 5_000);
        try {
          const comment = await attempt(controller.signal);
          remove(d, localId, owner);
          if (owner === d.owner()) {
            cacheWrites(keys).appendComment(queryClient, ticketId, comment);
            // Status, dates and counts may have changed (a reply reopens a resolved ticket).
            void queryClient.invalidateQueries({ queryKey: keys.ticket(ticketId), exact: true });
          }
          return comment;
        } finally {
          clearTimeout(slow);
          flights.delete(localId);
        }
      },
      onError: (error) => put(d, { ...item, status: 'failed', error }, owner),
    })
    .execute(item)
    .then(
      (comment) => ({ status: 'sent', localId, comment }),
      (error: PortalApiError) => ({ status: 'failed', localId, error }),
    );
}
