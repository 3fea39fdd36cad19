import type { QueryClient } from '@tanstack/react-query';
import type { PortalClient, Ticket, TicketDetail } from '../client';
import { portalKeys } from '../queries';
import { draftKey, readDraft, writeDraft } from '../hooks/draftStore';
import { customerOf } from './context';

/** What the customer last saw of a ticket: its `updatedAt` and reply count at that moment. */
export interface SeenTicket {
  updatedAt: string;
  commentCount: number | null;
}

export type SeenMap = Readonly<Record<string, SeenTicket>>;

export interface SeenSnapshot {
  /** Whose marks these are (null until the session knows). */
  customer: string | null;
  /** Per ticket id, what the customer last saw. */
  seen: SeenMap;
}

/**
 * The "what has the customer seen" marks for one provider: shared by every
 * list and thread under it, kept per customer in the provider's
 * `draftStorage` (in memory when drafts are off). A new snapshot is published
 * whenever a mark changes or a cached thread changes (a fetch, a poll, a
 * reply or anything else written into the cache), so "new reply" emphasis
 * follows the cache, not only list renders.
 */
export interface SeenTicketsStore {
  getSnapshot(): SeenSnapshot;
  subscribe(listener: () => void): () => void;
  /** Remembers the ticket as the customer sees it now (callable outside React, e.g. from a cache update). */
  markSeen(ticket: Pick<Ticket, 'id' | 'updatedAt' | 'commentCount'>): void;
  /** The cached thread of a ticket, if any. */
  detail(ticketId: string): TicketDetail | undefined;
}

// Opened tickets only, so this stays small; the oldest marks go first.
const MAX_ENTRIES = 500;
const EMPTY: SeenMap = {};
export const NO_MARKS: SeenSnapshot = { customer: null, seen: EMPTY };

const read = (storage: Storage | null, key: string): SeenMap => {
  const stored = readDraft<unknown>(storage, key);
  return stored && typeof stored === 'object' && !Array.isArray(stored) ? (stored as SeenMap) : EMPTY;
};

const keyOf = (customer: string) => draftKey(customer, 'seen-tickets');

export function createSeenTicketsStore(client: PortalClient, queryClient: QueryClient, storage: Storage | null): SeenTicketsStore {
  const listeners = new Set<() => void>();
  const detailPrefix = portalKeys.ticketDetails();
  let snapshot = NO_MARKS;
  // Set to force a re-read from storage on the next snapshot.
  let stale = true;
  let stop: (() => void) | undefined;

  const getSnapshot = () => {
    const customer = customerOf(client);
    if (stale || customer !== snapshot.customer) {
      stale = false;
      const seen = customer ? read(storage, keyOf(customer)) : EMPTY;
      // Same content: same snapshot, so nothing re-renders.
      if (customer !== snapshot.customer || JSON.stringify(seen) !== JSON.stringify(snapshot.seen)) snapshot = { customer, seen };
    }
    return snapshot;
  };
  const publish = (next: SeenSnapshot) => {
    snapshot = next;
    listeners.forEach((listener) => listener());
  };

  return {
    getSnapshot,
    subscribe(listener) {
      if (!listeners.size) {
        // First subscriber: pick up marks written by another tab meanwhile.
        stale = true;
        const offCache = queryClient.getQueryCache().subscribe((event) => {
          const key = event.query.queryKey;
          const isDetail = key.length === detailPrefix.length + 1 && detailPrefix.every((part, i) => key[i] === part);
          if (isDetail && event.type === 'updated' && event.action.type === 'success') publish({ ...getSnapshot() });
        });
        // A new customer: the snapshot switches to their marks.
        const offSession = client.session.subscribe(() => {
          if (customerOf(client) !== snapshot.customer) publish(getSnapshot());
        });
        stop = () => {
          offCache();
          offSession();
        };
      }
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
        if (!listeners.size) stop?.();
      };
    },
    markSeen({ id, updatedAt, commentCount }) {
      const { customer, seen } = getSnapshot();
      const previous = seen[id];
      if (!customer || (previous && previous.updatedAt === updatedAt && previous.commentCount === commentCount)) return;
      const next: Record<string, SeenTicket> = { ...seen };
      // Re-inserted last, so trimming drops the marks not touched for longest.
      delete next[id];
      next[id] = { updatedAt, commentCount };
      const ids = Object.keys(next);
      for (const old of ids.slice(0, Math.max(0, ids.length - MAX_ENTRIES))) delete next[old];
      writeDraft(storage, keyOf(customer), next);
      publish({ customer, seen: next });
    },
    detail: (ticketId) => queryClient.getQueryData<TicketDetail>(portalKeys.ticket(ticketId)),
  };
}
