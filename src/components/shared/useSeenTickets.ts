'use client';
import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type { QueryClient } from '@tanstack/react-query';
import type { Ticket, TicketDetail } from '../../client';
import { portalKeys } from '../../queries';
import { usePortal } from '../../provider/context';
import { draftKey, readDraft, writeDraft } from '../../hooks/draftStore';
import { usePortalSession } from '../../hooks/usePortalSession';

/** What the customer last saw of a ticket: its `updatedAt` and reply count at that moment. */
export interface SeenTicket {
  updatedAt: string;
  commentCount: number | null;
}

type SeenMap = Readonly<Record<string, SeenTicket>>;

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

// Opened tickets only, so this stays small; the oldest marks go first.
const MAX_ENTRIES = 500;
const EMPTY: SeenMap = {};
const STORE_KEY = 'seen-tickets';

interface Entry {
  value: SeenMap;
  listeners: Set<() => void>;
}

// One entry per storage (or per cache, with drafts off) and customer, so the
// list and the thread share marks without a context of their own.
const entries = new WeakMap<object, Map<string, Entry>>();

function entryFor(owner: object, storage: Storage | null, key: string): Entry {
  let byKey = entries.get(owner);
  if (!byKey) entries.set(owner, (byKey = new Map()));
  let entry = byKey.get(key);
  if (!entry) byKey.set(key, (entry = { value: read(storage, key), listeners: new Set() }));
  return entry;
}

function read(storage: Storage | null, key: string): SeenMap {
  const stored = readDraft<unknown>(storage, key);
  return stored && typeof stored === 'object' && !Array.isArray(stored) ? (stored as SeenMap) : EMPTY;
}

const isDetailKey = (key: readonly unknown[]) => {
  const prefix = portalKeys.ticketDetails();
  return key.length === prefix.length + 1 && prefix.every((part, i) => key[i] === part);
};

const time = (iso: string) => Date.parse(iso) || 0;

/**
 * The unread rule. List items don't say who wrote last, so it uses what is known:
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

const detailGetter = (queryClient: QueryClient) => (ticketId: string) =>
  queryClient.getQueryData<TicketDetail>(portalKeys.ticket(ticketId));

/**
 * Reads cached ticket threads. The getter is replaced whenever one changes
 * (fetched, polled, a reply appended), so whatever depends on it re-renders.
 */
function useCachedDetails(queryClient: QueryClient) {
  const [getDetail, setGetDetail] = useState(() => detailGetter(queryClient));
  useEffect(() => {
    const refresh = () => setGetDetail(() => detailGetter(queryClient));
    refresh();
    return queryClient.getQueryCache().subscribe((event) => {
      if (event.type === 'updated' && event.action.type === 'success' && isDetailKey(event.query.queryKey)) refresh();
    });
  }, [queryClient]);
  return getDetail;
}

/**
 * Which tickets have news for the customer. Marks are kept per customer in the
 * provider's `draftStorage` (sessionStorage by default, in memory when drafts
 * are off) and shared by every component using this hook.
 *
 * @example
 * const { hasNewReply, markSeen } = useSeenTickets();
 * useEffect(() => { if (ticket) markSeen(ticket); }, [ticket, markSeen]);
 */
export function useSeenTickets(): UseSeenTicketsResult {
  const { draftStorage, queryClient } = usePortal('useSeenTickets');
  const customerId = usePortalSession().customer?.id ?? null;
  const key = customerId ? draftKey(customerId, STORE_KEY) : null;
  const entry = useMemo(
    () => (key ? entryFor(draftStorage ?? queryClient, draftStorage, key) : null),
    [key, draftStorage, queryClient],
  );

  const subscribe = useCallback(
    (listener: () => void) => {
      if (!entry || !key) return () => {};
      // First subscriber: pick up marks written by another tab or cleared meanwhile.
      if (!entry.listeners.size) {
        const stored = read(draftStorage, key);
        if (JSON.stringify(stored) !== JSON.stringify(entry.value)) entry.value = stored;
      }
      entry.listeners.add(listener);
      return () => {
        entry.listeners.delete(listener);
      };
    },
    [entry, key, draftStorage],
  );
  const getSnapshot = useCallback(() => entry?.value ?? EMPTY, [entry]);
  const seen = useSyncExternalStore(subscribe, getSnapshot, () => EMPTY);
  const getDetail = useCachedDetails(queryClient);

  const markSeen = useCallback(
    ({ id, updatedAt, commentCount }: Pick<Ticket, 'id' | 'updatedAt' | 'commentCount'>) => {
      if (!entry || !key) return;
      const previous = entry.value[id];
      if (previous && previous.updatedAt === updatedAt && previous.commentCount === commentCount) return;
      const next: Record<string, SeenTicket> = { ...entry.value };
      // Re-inserted last, so trimming drops the marks not touched for longest.
      delete next[id];
      next[id] = { updatedAt, commentCount };
      const ids = Object.keys(next);
      for (const old of ids.slice(0, Math.max(0, ids.length - MAX_ENTRIES))) delete next[old];
      entry.value = next;
      writeDraft(draftStorage, key, next);
      entry.listeners.forEach((listener) => listener());
    },
    [entry, key, draftStorage],
  );

  const hasNew = useCallback(
    (ticket: Ticket) => hasNewReply(ticket, seen[ticket.id], getDetail(ticket.id)),
    [seen, getDetail],
  );

  return { seen, hasNewReply: hasNew, markSeen };
}
