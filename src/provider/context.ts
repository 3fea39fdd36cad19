'use client';
import { createContext, useContext } from 'react';
import type { QueryClient } from '@tanstack/react-query';
import type { PortalClient } from '../client';
import type { PortalMessages, StatusMessages } from '../i18n';
import type { SeenTicketsStore } from './seenTickets';

export interface PortalContextValue {
  client: PortalClient;
  /** The kit's cache: the host's `queryClient` prop, or one the provider owns. */
  queryClient: QueryClient;
  /** BCP 47 locale for formatting and plural rules. */
  locale: string;
  /** The host's overrides on top of English (stable while their content is). */
  messages: (Partial<PortalMessages> & StatusMessages) | undefined;
  /** Thread polling interval in ms, or false. */
  pollInterval: number | false;
  /** Where drafts live; null disables them (server rendering, or opted out). */
  draftStorage: Storage | null;
  /** What the customer has seen of each ticket (read it through `useSeenTickets`). */
  seenTickets: SeenTicketsStore;
}

export const PortalContext = createContext<PortalContextValue | null>(null);

/**
 * The provider's client, cache and translator. Throws a fixable error when used
 * outside `<PortalProvider>`.
 *
 * @example const { client, queryClient } = usePortal('MyWidget');
 */
export function usePortal(caller = 'usePortal'): PortalContextValue {
  const value = useContext(PortalContext);
  if (!value) {
    throw new Error(`${caller} must be used within <PortalProvider> (wrap your support UI in one)`);
  }
  return value;
}

/** Whose session it is right now (null until the session knows). */
export const customerOf = (client: PortalClient): string | null => client.session.getSnapshot().customer?.id ?? null;
