'use client';
import { useSyncExternalStore } from 'react';
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
  // The session's methods are stable for the client's lifetime and use no `this`.
  const { session } = usePortal('usePortalSession').client;
  const snapshot = useSyncExternalStore(session.subscribe, session.getSnapshot, session.getSnapshot);
  return { ...snapshot, renew: session.renew, setToken: session.setToken };
}
