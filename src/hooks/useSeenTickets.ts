'use client';
import { useCallback, useSyncExternalStore } from 'react';
import type { Ticket, TicketDetail } from '../client';
import { usePortal } from '../provider/context';
import { NO_MARKS, type SeenMap, type SeenTicket } from '../provider/seenTickets';

export type { SeenTicket };

export interface UseSeenTicketsResult {
  /** Per ticket id, what the customer last saw. */
  seen: SeenMap;
  /**
   * Whether support has replied since the customer last opened the ticket,
   * as far as the kit can tell (see {@link hasNewReply}).
   */
  hasNewReply(ticket: Ticket): boolean;
  /** Remember the ticket as the customer sees it now (call when it is opened or on screen). */
  markSeen(ticket: Pick<Ticket, 'id' | 'updatedAt' | 'commentCount'>): void;
}

const time = (iso: string) => Date.parse(iso) || 0;

/**
 * The new-reply rule. List items don't say who wrote last, so it uses what is known:
 * - the cached thread, when it is at least as fresh as the row: support wrote the
 *   last (non-system) message, after the customer last opened the ticket (or it
 *   was never opened here);
 * - otherwise the mark from the last time the customer opened it: more replies
 *   (or, without counts, a newer `updatedAt`) than then.
 * With neither, nothing is known and the ticket is not emphasised.
 */
export function hasNewReply(ticket: Ticket, seen: SeenTicket | undefined, detail: TicketDetail | undefined): boolean {
  if (detail?.comments && time(detail.updatedAt) >= time(ticket.updatedAt)) {
    const last = detail.comments.findLast((c) => c.authorType !== 'system');
    if (last?.authorType !== 'staff') return false;
    return !seen || time(last.createdAt) > time(seen.updatedAt);
  }
  if (!seen) return false;
  if (ticket.commentCount !== null && seen.commentCount !== null) return ticket.commentCount > seen.commentCount;
  return time(ticket.updatedAt) > time(seen.updatedAt);
}

const serverSnapshot = () => NO_MARKS;

/**
 * Which tickets have news for the customer. The marks belong to the provider
 * (shared by every list and thread under it) and are kept per customer in its
 * `draftStorage` (sessionStorage by default, in memory when drafts are off).
 * The answer follows the cache: a thread fetched, polled or updated by any
 * other means re-evaluates it.
 *
 * @example
 * const { hasNewReply, markSeen } = useSeenTickets();
 * useEffect(() => { if (ticket) markSeen(ticket); }, [ticket, markSeen]);
 * <li data-unread={hasNewReply(row) || undefined}>…</li>
 */
export function useSeenTickets(): UseSeenTicketsResult {
  const { seenTickets: store } = usePortal('useSeenTickets');
  const snapshot = useSyncExternalStore(store.subscribe, store.getSnapshot, serverSnapshot);
  // The snapshot is new whenever a cached thread changes, so this function is too.
  const hasNew = useCallback(
    (ticket: Ticket) => hasNewReply(ticket, snapshot.seen[ticket.id], store.detail(ticket.id)),
    [snapshot, store],
  );
  return { seen: snapshot.seen, hasNewReply: hasNew, markSeen: store.markSeen };
}
