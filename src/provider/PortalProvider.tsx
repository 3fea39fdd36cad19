'use client';
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { QueryClient } from '@tanstack/react-query';
import {
  createPortalClient,
  type PortalApiError,
  type PortalClient,
  type PortalClientSettings,
  type PortalTokenSource,
} from '../client';
import type { PortalMessages, StatusMessages } from '../i18n';
import { portalKeys } from '../queries';
import { useLatest } from '../shared/useLatest';
import { customerOf, PortalContext, type PortalContextValue } from './context';
import { createSeenTicketsStore } from './seenTickets';

/**
 * Exactly one of `token` and `getToken`, as for `createPortalClient` (the
 * compiler refuses both, and neither). A new `token` from the host is used at
 * once; `getToken` also survives expiry, and may be a new function on every
 * render (the latest one is used; nothing refetches because its identity changed).
 * @example <PortalProvider token={session.portalToken}>
 * @example <PortalProvider getToken={() => fetch('/api/support-token').then((r) => r.json())}>
 */
export type PortalProviderTokenProps = PortalTokenSource;

/** Everything `PortalProvider` takes besides the token source. */
export interface PortalProviderSettings {
  /**
   * Portal API base URL, including `/v1`. The same default as the server
   * helper's `baseUrl`: point both at the same API. `undefined` means the default.
   * @default 'https://dispatch-tickets-api.onrender.com/v1'
   * @example <PortalProvider baseUrl="http://localhost:4010/v1" getToken={getToken}> // npx @dispatchtickets/react mock
   * @example <PortalProvider baseUrl={process.env.NEXT_PUBLIC_DISPATCH_API_URL} getToken={getToken}>
   */
  baseUrl?: string;
  /**
   * Share your app's cache with the kit. Without it the provider owns one.
   * The kit passes its client to every hook explicitly, so your own
   * `QueryClientProvider` is neither required nor shadowed.
   * @example <PortalProvider queryClient={queryClient} getToken={getToken}>
   */
  queryClient?: QueryClient;
  /**
   * BCP 47 locale for dates, numbers and plural rules.
   * @default 'en'
   * @example <PortalProvider locale="de" messages={de} getToken={getToken}>
   */
  locale?: string;
  /**
   * Strings to override, on top of English. Pass a whole locale
   * (`import { de } from '@dispatchtickets/react/locales/de'`) or a few keys.
   * `status.<key>` labels any ticket status, custom ones included.
   * @example <PortalProvider messages={{ listTitle: 'Your requests' }} getToken={getToken}>
   * @example <PortalProvider messages={{ ...de, 'status.waiting_on_customer': 'Wartet auf Sie' }} getToken={getToken}>
   */
  messages?: Partial<PortalMessages> & StatusMessages;
  /**
   * How often an open ticket checks for new replies, in ms; `false` to stop.
   * Polling pauses while the tab is hidden and refetches on focus and reconnect.
   * @default 15000
   * @example <PortalProvider pollInterval={5000} getToken={getToken}>
   */
  pollInterval?: number | false;
  /**
   * Called when the session can't be renewed (the token endpoint fails, or the
   * API keeps answering 401). Show a sign-in prompt here.
   * @example <PortalProvider onSessionExpired={() => router.push('/login')} getToken={getToken}>
   */
  onSessionExpired?: (error: PortalApiError) => void;
  /**
   * Prefix for bare ticket numbers (1042 → "ACME-1042") when the API sends none.
   * @example <PortalProvider ticketPrefix="ACME" getToken={getToken}>
   */
  ticketPrefix?: string;
  /**
   * Where unsent replies, new-ticket drafts and "seen" marks are kept, per
   * customer and ticket. `null` turns drafts off. Read once, when the provider
   * mounts: a different value later is ignored (development builds warn).
   * @default window.sessionStorage
   * @example <PortalProvider draftStorage={window.localStorage} getToken={getToken}>
   */
  draftStorage?: Storage | null;
  /**
   * Advanced client settings: a custom `fetch`, per-attempt `timeoutMs`, `retry` policy.
   * Read when the client is created (on mount, and for a new `baseUrl`,
   * `ticketPrefix` or token mode): a new object with the same settings on
   * every render is fine; changed settings are ignored until then
   * (development builds warn).
   * @example <PortalProvider clientOptions={{ timeoutMs: 10_000 }} getToken={getToken}>
   */
  clientOptions?: Pick<PortalClientSettings, 'fetch' | 'timeoutMs' | 'retry'>;
  children?: ReactNode;
}

/** `PortalProvider`'s props: the settings plus exactly one of `token` and `getToken`. */
export type PortalProviderProps = PortalProviderSettings & PortalProviderTokenProps;

function defaultStorage(): Storage | null {
  try {
    // Throws in sandboxed iframes and some private modes.
    return typeof window === 'undefined' ? null : window.sessionStorage;
  } catch {
    return null;
  }
}

declare const process: { env: { NODE_ENV?: string } };

/** A client's dispose, scheduled by an effect cleanup and cancelled if the same client's effect runs again. */
const pendingDispose = new WeakMap<PortalClient, ReturnType<typeof setTimeout>>();

/** Development builds warn once when a read-once prop changes (production builds drop this, hooks and all). */
const useReadOnce =
  process.env.NODE_ENV === 'production'
    ? () => {}
    : (name: string, value: unknown) => {
        const first = useRef(value);
        const warned = useRef(false);
        if (!warned.current && !sameSetting(first.current, value)) {
          warned.current = true;
          console.warn(`PortalProvider: \`${name}\` is read once; the new value is ignored. Remount the provider (e.g. give it a new \`key\`) to apply it.`);
        }
      };

/** Same settings: same identity, or plain data with the same content (functions compared by identity). */
const sameSetting = (a: unknown, b: unknown): boolean =>
  a === b ||
  (!!a &&
    !!b &&
    typeof a === 'object' &&
    typeof b === 'object' &&
    Object.getPrototypeOf(a) === Object.prototype &&
    Object.getPrototypeOf(b) === Object.prototype &&
    Object.keys({ ...a, ...b }).every((k) => sameSetting((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])));

/**
 * Owns one portal client, one token lifecycle and one query cache for every
 * kit component and hook below it, however many mount.
 *
 * @example
 * <PortalProvider getToken={() => fetch('/api/support-token').then((r) => r.json())}>
 *   <SupportPortal />
 * </PortalProvider>
 */
export function PortalProvider({
  token,
  getToken,
  baseUrl,
  queryClient: hostQueryClient,
  locale = 'en',
  messages,
  pollInterval = 15_000,
  onSessionExpired,
  ticketPrefix,
  draftStorage,
  clientOptions,
  children,
}: PortalProviderProps) {
  const getTokenRef = useLatest(getToken);
  const onExpiredRef = useLatest(onSessionExpired);
  const usesGetToken = !!getToken;
  // The static token last installed; a client recreated for a new baseUrl starts from it.
  const staticToken = useRef(token);

  // Recreated only for a new API or auth mode; never for a new function identity.
  const client = useMemo(
    () => {
      const created = createPortalClient({
        ...clientOptions,
        baseUrl,
        ticketPrefix,
        onSessionExpired: (error) => onExpiredRef.current?.(error),
        ...(usesGetToken
          ? {
              // getToken removed: this client is being replaced; a renewal meanwhile
              // fails as "getToken() returned no token", not with a TypeError.
              getToken: (context) => getTokenRef.current?.(context) ?? '',
            }
          : // Empty only if the host passed neither: the client says so.
            { token: staticToken.current ?? '' }),
      });
      // Server rendering runs no effects, so nothing would ever dispose this
      // client: stop its renewal timer now rather than leak one per request.
      if (typeof window === 'undefined') created.dispose();
      return created;
    },
    // clientOptions are read once on purpose: a new object each render must not
    // create a new client (and a new token lifecycle).
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [baseUrl, ticketPrefix, usesGetToken, getTokenRef, onExpiredRef],
  );

  // Dispose a client only once it is really gone. StrictMode (and React's
  // Activity) run effect cleanups and then the effects again on the same
  // client; disposing it there would stop its background renewal for good.
  useEffect(() => {
    clearTimeout(pendingDispose.get(client));
    return () => void pendingDispose.set(client, setTimeout(() => client.dispose(), 0));
  }, [client]);

  const [ownQueryClient] = useState(
    () => new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: 10_000 } } }),
  );
  const queryClient = hostQueryClient ?? ownQueryClient;
  // No QueryClientProvider is rendered (it would shadow the host's), so mount
  // the cache ourselves: that is what wires refetch on focus and reconnect.
  useEffect(() => {
    queryClient.mount();
    return () => queryClient.unmount();
  }, [queryClient]);

  // A different customer on the same cache must never see the last one's data.
  // The last known customer is remembered across unknown stretches (a new
  // static token says nothing about whose it is until the session learns it).
  const knownCustomer = useRef<string | null>(null);
  useEffect(() => {
    const check = () => {
      const next = customerOf(client);
      if (!next) return;
      const previous = knownCustomer.current;
      knownCustomer.current = next;
      // Reset, not remove: mounted queries drop the old data at once (removed
      // queries would stay on screen in their observers), in-flight fetches
      // for the old customer are cancelled, and active queries refetch.
      if (previous && previous !== next) void queryClient.resetQueries({ queryKey: portalKeys.all });
    };
    check();
    return client.session.subscribe(check);
  }, [client, queryClient]);

  // Start the session at once: the customer's name and email are then known
  // for drafts and headers before any list loads. A static token carries no
  // customer, so learn it from a refresh (the API's only "who am I").
  useEffect(() => {
    const { status, customer } = client.session.getSnapshot();
    if (status === 'idle' || (!usesGetToken && status === 'ready' && !customer)) {
      client.session.renew().catch(() => {});
    }
  }, [client, usesGetToken]);

  // A new static token from the host replaces the current one at once; whose
  // it is gets learned as above (and the cache is reset if it is someone else's).
  useEffect(() => {
    if (usesGetToken || !token || token === staticToken.current) return;
    staticToken.current = token;
    client.session.setToken(token);
    client.session.renew().catch(() => {});
  }, [client, token, usesGetToken]);

  // Messages are plain data: compare by content so an inline object is fine.
  // The provider only carries them; the styled layer owns English defaults and
  // Intl formatting, so the headless entry ships no strings.
  const messagesKey = messages ? JSON.stringify(messages) : '';
  const stableMessages = useMemo(
    () => (messagesKey ? (JSON.parse(messagesKey) as Partial<PortalMessages> & StatusMessages) : undefined),
    [messagesKey],
  );

  const [storage] = useState(() => (draftStorage === undefined ? defaultStorage() : draftStorage));
  useReadOnce('draftStorage', draftStorage);
  useReadOnce('clientOptions', clientOptions);
  const seenTickets = useMemo(() => createSeenTicketsStore(client, queryClient, storage), [client, queryClient, storage]);

  const value = useMemo<PortalContextValue>(
    () => ({ client, queryClient, locale, messages: stableMessages, pollInterval, draftStorage: storage, seenTickets }),
    [client, queryClient, locale, stableMessages, pollInterval, storage, seenTickets],
  );

  return <PortalContext.Provider value={value}>{children}</PortalContext.Provider>;
}
