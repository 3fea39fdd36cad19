'use client';
import { useEffect, useSyncExternalStore } from 'react';
import type { QueryClient } from '@tanstack/react-query';
import type { LiveStatus, PortalClient, PortalEvent } from '../client';
import { onDemand } from '../client/errors';
import { portalKeys } from '../queries/keys';
import type { Live, LiveCache } from '../queries/live';
import type * as LiveModule from '../queries/live';
import { usePortal } from '../provider/context';
import { useLatest } from '../shared/useLatest';

const lives = new WeakMap<PortalClient, Live>();
const liveCache: LiveCache = { keys: portalKeys };
/** The subscription and cache updater, loaded when something first wants live updates (again after a failed load). */
const loadLive: () => Promise<typeof LiveModule> = onDemand(() => import('../queries/live'), 'live updates');

function liveOf(client: PortalClient): Live {
  let live = lives.get(client);
  if (!live) lives.set(client, (live = { status: 'connecting', listeners: new Set() }));
  return live;
}

/** Adds a listener to a client's stream (status changes: no event; events: once in the cache); returns its removal. */
const listen = (client: PortalClient, listener: (event?: PortalEvent) => void) => {
  const { listeners } = liveOf(client);
  listeners.add(listener);
  return () => void listeners.delete(listener);
};

/**
 * One live-update subscription per client, shared by every hook that wants
 * it: the cache is updated once per event, not once per component. It stays
 * open while anything uses it. If its code can't load, polling goes on as usual.
 */
function acquire(client: PortalClient, queryClient: QueryClient): () => void {
  const live = liveOf(client);
  const mod = loadLive();
  mod.then(
    (m) => m.connect(live, client, queryClient, liveCache),
    () => {},
  );
  return () => void mod.then((m) => m.release(live), () => {});
}

/**
 * The live-update status, keeping the shared subscription open while mounted.
 * Internal: `useTicket` and `useTickets` use it to poll less while live.
 */
export function useLiveStatus(enabled = true): LiveStatus {
  const { client, queryClient } = usePortal('useLiveStatus');
  useEffect(() => (enabled ? acquire(client, queryClient) : undefined), [client, queryClient, enabled]);
  const live = liveOf(client);
  return useSyncExternalStore(
    (onChange) => listen(client, onChange),
    () => live.status,
    () => 'connecting',
  );
}

export interface UsePortalEventsResult {
  /**
   * `live` while the stream is healthy; `unsupported` where the backend has
   * no live updates (the kit polls instead); `connecting`, `reconnecting`,
   * `paused` (offline or hidden), `stopped` (session over) otherwise.
   */
  status: LiveStatus;
}

/**
 * Live updates for your own UI, e.g. a badge in your app's navigation.
 * Events arrive already applied to the kit's cache (a new reply is in its
 * thread, a status on its ticket); `onEvent` is for what only you know about.
 * Opens the portal gateway's event stream while mounted (one connection for
 * the whole provider, however many hooks use it); against a backend without
 * live updates the status is `unsupported` and `onEvent` is never called.
 *
 * @example
 * const [unread, setUnread] = useState(0);
 * usePortalEvents((event) => {
 *   if (event.type === 'comment.created' && event.comment.authorType === 'staff') setUnread((n) => n + 1);
 * });
 */
export function usePortalEvents(onEvent?: (event: PortalEvent) => void, options: { enabled?: boolean } = {}): UsePortalEventsResult {
  const { client } = usePortal('usePortalEvents');
  const enabled = options.enabled !== false;
  const status = useLiveStatus(enabled);
  const latest = useLatest(onEvent);
  useEffect(
    () => (enabled ? listen(client, (event) => event && latest.current?.(event)) : undefined),
    [client, enabled, latest],
  );
  return { status };
}
