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
 * The "what has the customer seen" marks of one provider: shared by every
 * list and thread under it, kept per customer in the provider's
 * `draftStorage` (in memory when drafts are off). A new snapshot is published
 * whenever a mark changes or a cached thread changes (a fetch, a poll, a
 * reply, or anything else written into the cache), so "new reply" emphasis
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
export const NO_MARKS: SeenSnapshot = { customer: null, seen: {} };

const keyOf = (customer: string) => draftKey(customer, 'seen-tickets');

export function createSeenTicketsStore(client: PortalClient, queryClient: QueryClient, storage: Storage | null): SeenTicketsStore {
  const listeners = new Set<() => void>();
  const emit = () => listeners.forEach((listener) => listener());
  let snapshot = NO_MARKS;
  let stop: () => void;

  // A new customer's marks are read on first use; until then the snapshot stays the same object.
  const getSnapshot = () => {
    const customer = customerOf(client);
    if (customer !== snapshot.customer) snapshot = { customer, seen: (customer && readDraft<SeenMap>(storage, keyOf(customer))) || {} };
    return snapshot;
  };

  return {
    getSnapshot,
    subscribe(listener) {
      if (!listeners.size) {
        const offCache = queryClient.getQueryCache().subscribe((event) => {
          const key = event.query.queryKey;
          // A ticket's thread (['dispatchtickets', 'tickets', 'detail', id]) has new data.
          if (event.type === 'updated' && event.action.type === 'success' && key[2] === 'detail' && key.length === 4) {
            snapshot = { ...getSnapshot() };
            emit();
          }
        });
        const offSession = client.session.subscribe(emit);
        stop = () => {
          offCache();
          offSession();
        };
      }
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
        if (!listeners.size) stop();
      };
    },
    markSeen({ id, updatedAt, commentCount }) {
      const { customer, seen } = getSnapshot();
      const previous = seen[id];
      if (!customer || (previous?.updatedAt === updatedAt && previous.commentCount === commentCount)) return;
      // Re-inserted last, so trimming drops the marks not touched for longest.
      const { [id]: _old, ...rest } = seen;
      const next = Object.fromEntries(Object.entries({ ...rest, [id]: { updatedAt, commentCount } }).slice(-MAX_ENTRIES));
      writeDraft(storage, keyOf(customer), next);
      snapshot = { customer, seen: next };
      emit();
    },
    detail: (ticketId) => queryClient.getQueryData<TicketDetail>(portalKeys.ticket(ticketId)),
  };
}
