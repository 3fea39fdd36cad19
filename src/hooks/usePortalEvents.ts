'use client';
import { useEffect, useRef, useSyncExternalStore } from 'react';
import type { QueryClient } from '@tanstack/react-query';
import type { LiveStatus, PortalClient, PortalEvent } from '../client';
import { appendComment, insertCreatedTicket } from '../queries/cache';
import { portalKeys } from '../queries/keys';
import type { LiveCache } from '../queries/live';
import { usePortal } from '../provider/context';

/**
 * One live-update subscription per client, shared by every hook that wants
 * it, whatever mounts: the cache is updated once per event, not once per
 * component. It stays open while anything uses it.
 */
interface Live {
  status: LiveStatus;
  users: number;
  off: (() => void) | null;
  /** Status subscribers (for useSyncExternalStore). */
  watchers: Set<() => void>;
  /** `usePortalEvents` callbacks. */
  handlers: Set<(event: PortalEvent) => void>;
}

const lives = new WeakMap<PortalClient, Live>();

/** The cache updater, loaded with the first event: a portal that never gets one never downloads it. */
let updater: Promise<typeof import('../queries/live')> | null = null;
const liveCache: LiveCache = { keys: portalKeys, appendComment, insertCreatedTicket };

function liveOf(client: PortalClient): Live {
  let live = lives.get(client);
  if (!live) lives.set(client, (live = { status: 'connecting', users: 0, off: null, watchers: new Set(), handlers: new Set() }));
  return live;
}

function acquire(client: PortalClient, queryClient: QueryClient): () => void {
  const live = liveOf(client);
  if (live.users++ === 0 && !live.off) {
    live.off = client.subscribeEvents({
      onStatus(status) {
        live.status = status;
        live.watchers.forEach((w) => w());
      },
      onEvent(event) {
        // One promise for all events: its callbacks run in the order the events came.
        (updater ??= import('../queries/live'))
          .then(({ applyPortalEvent }) => applyPortalEvent(liveCache, queryClient, event))
          .catch(() => {
            // The chunk could not load (e.g. offline): refetch instead, and try the import again next time.
            updater = null;
            void queryClient.invalidateQueries({ queryKey: portalKeys.tickets() });
          })
          .then(() => live.handlers.forEach((h) => h(event)));
      },
    });
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    live.users--;
    // A tick later: a remount (StrictMode, a route change) keeps the same connection.
    setTimeout(() => {
      if (live.users > 0 || !live.off) return;
      live.off();
      live.off = null;
    }, 0);
  };
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
    (w) => {
      live.watchers.add(w);
      return () => void live.watchers.delete(w);
    },
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
  const latest = useRef(onEvent);
  useEffect(() => {
    latest.current = onEvent;
  });
  useEffect(() => {
    if (!enabled) return;
    const handlers = liveOf(client).handlers;
    const handler = (event: PortalEvent) => latest.current?.(event);
    handlers.add(handler);
    return () => void handlers.delete(handler);
  }, [client, enabled]);
  return { status };
}
