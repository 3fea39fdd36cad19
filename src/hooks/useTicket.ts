'use client';
import { useEffect } from 'react';
import { useQuery } from './useObserved';
import { isNotFoundError } from '../client';
import { ticketQueryOptions } from '../queries';
import { usePortal } from '../provider/context';
import { loadTicketUpdates, useTicketUpdates } from './useTicketUpdates';
import { useLiveStatus } from './usePortalEvents';
import { usePortalSession } from './usePortalSession';

/** While live updates flow, a slow poll stays as a safety net; polling takes over when they stop. */
const LIVE_POLL_MIN_MS = 60_000;

export interface UseTicketOptions {
  /**
   * Poll for new replies every N ms while the tab is visible; `false` to stop.
   * Defaults to the provider's `pollInterval` (15 s). While the portal
   * gateway's live updates are connected, it polls at most once a minute.
   * @example useTicket(id, { pollInterval: 5000 })
   */
  pollInterval?: number | false;
  /** @default true */
  enabled?: boolean;
}

/**
 * One ticket with its visible comments, oldest first. Live updates (through
 * the portal gateway) put new replies and changes in at once; otherwise it
 * polls while the tab is visible (paused when hidden), refetches on focus and reconnect, stops
 * polling a ticket that doesn't exist or when the session has expired, and
 * keeps the ticket's row in cached lists up to date.
 *
 * @example
 * const { data: ticket, isPending, error } = useTicket(ticketId);
 */
export function useTicket(ticketId: string | null | undefined, options: UseTicketOptions = {}) {
  const { client, queryClient, pollInterval: defaultInterval } = usePortal('useTicket');
  const expired = usePortalSession().status === 'expired';
  const live = useLiveStatus(Boolean(ticketId) && options.enabled !== false) === 'live';
  const chosen = options.pollInterval ?? defaultInterval;
  const interval = chosen !== false && live ? Math.max(chosen * 4, LIVE_POLL_MIN_MS) : chosen;
  const query = useQuery(
    {
      ...ticketQueryOptions(client, ticketId ?? ''),
      enabled: Boolean(ticketId) && options.enabled !== false,
      refetchInterval: (q) => (expired || isNotFoundError(q.state.error) ? false : interval),
      refetchIntervalInBackground: false,
      refetchOnWindowFocus: true,
      refetchOnReconnect: true,
    },
    queryClient,
  );
  const { data } = query;
  useTicketUpdates();
  // Loaded on demand (started on mount): the rows follow a moment after the thread, in order.
  useEffect(() => {
    if (data) void loadTicketUpdates().then((m) => m.syncTicketIntoLists(queryClient, data), () => {});
  }, [data, queryClient]);
  return query;
}

export type UseTicketResult = ReturnType<typeof useTicket>;
