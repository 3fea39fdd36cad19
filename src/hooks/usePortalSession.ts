'use client';
import { useCallback, useSyncExternalStore } from 'react';
import type { SessionSnapshot, TokenResult } from '../client';
import { usePortal } from '../provider/context';

export interface UsePortalSessionResult extends SessionSnapshot {
  /** Try to renew now (e.g. from a "Sign in again" button after your login flow). */
  renew(): Promise<void>;
  /** Install a token your app got elsewhere (e.g. after a new magic link). */
  setToken(result: TokenResult): void;
}

/**
 * The portal session: `idle` → `ready` ⇄ `renewing`, or `expired` when it
 * can't be renewed; plus the customer's email and name from the token
 * response. Never exposes the token.
 *
 * @example
 * const session = usePortalSession();
 * if (session.status === 'expired') return <SignInPrompt />;
 */
export function usePortalSession(): UsePortalSessionResult {
  const { client } = usePortal('usePortalSession');
  const { session } = client;
  const subscribe = useCallback((listener: () => void) => session.subscribe(listener), [session]);
  const getSnapshot = useCallback(() => session.getSnapshot(), [session]);
  const snapshot = useSyncExternalStore(subscribe, getSnapshot, getSnapshot);
  const renew = useCallback(() => session.renew(), [session]);
  const setToken = useCallback((result: TokenResult) => session.setToken(result), [session]);
  return { ...snapshot, renew, setToken };
}
