'use client';
import { useEffect } from 'react';
import { isPortalApiError } from '../client';
import { onDemand } from '../client/errors';
import { portalKeys, ticketQueryOptions } from '../queries';
import { customerOf } from '../provider/context';
import { keyFor } from './idempotency';
import type { TicketUpdates } from './ticketUpdates';

/** What the on-demand ticket-update code uses from the entry, handed in so that it imports none of it. */
const kit = { keys: portalKeys, customerOf, isPortalApiError, keyFor, ticketQueryOptions };
export type TicketUpdatesKit = typeof kit;

/**
 * The cache bookkeeping of close, reopen and rate, and of list rows following
 * an open thread, loaded once. A failed load is a network `PortalApiError`
 * (the action fails and can be retried; the next call loads again).
 */
export const loadTicketUpdates: () => Promise<TicketUpdates> = onDemand(
  () => import('./ticketUpdates').then((m) => m.ticketUpdates(kit)),
  'ticket actions',
);

/** Starts loading while the hook is mounted, so the first action (and its optimistic update) doesn't wait for it. */
export function useTicketUpdates(): void {
  useEffect(() => void loadTicketUpdates().catch(() => {}), []);
}
