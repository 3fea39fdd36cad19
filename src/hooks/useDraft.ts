'use client';
import { useCallback, useEffect, useRef, useState } from 'react';
import { usePortal } from '../provider/context';
import { draftKey, readDraft, writeDraft } from './draftStore';
import { usePortalSession } from './usePortalSession';

export type UseDraftResult<T> = [
  value: T,
  setValue: (next: T | ((previous: T) => T)) => void,
  clear: () => void,
];

/**
 * State that survives a reload: kept in the provider's `draftStorage`
 * (sessionStorage by default) per customer and `key`, so an unsent reply or a
 * half-written ticket is never lost. `clear()` after a successful send.
 *
 * Until the session knows who the customer is, the value lives in memory; the
 * stored draft is restored as soon as it is known, unless the user already typed.
 *
 * @example
 * const [text, setText, clearText] = useDraft(`reply:${ticketId}`, '');
 */
export function useDraft<T>(key: string, initialValue: T): UseDraftResult<T> {
  const { draftStorage } = usePortal('useDraft');
  const customerId = usePortalSession().customer?.id ?? null;
  const fullKey = customerId ? draftKey(customerId, key) : null;
  const initial = useRef(initialValue);

  // The value travels with the storage key it belongs to. When the key changes
  // (the customer became known or changed, another ticket) the switch happens
  // during render, so no render ever shows one customer's draft to another.
  const load = (): DraftState<T> => ({ key: fullKey, value: readDraft<T>(draftStorage, fullKey) ?? initial.current, touched: false });
  const [state, setState] = useState(load);
  let current = state;
  if (state.key !== fullKey) {
    // Typed before the session knew the customer: keep the typing (saved below).
    current = state.key === null && state.touched ? { ...state, key: fullKey } : load();
    setState(current);
  }

  // Persist what the user typed (not what we loaded).
  useEffect(() => {
    if (current.touched) writeDraft(draftStorage, current.key, current.value);
  }, [draftStorage, current]);

  const setValue = useCallback((next: T | ((previous: T) => T)) => {
    setState((s) => ({ ...s, value: typeof next === 'function' ? (next as (previous: T) => T)(s.value) : next, touched: true }));
  }, []);

  const currentKey = current.key;
  const clear = useCallback(() => {
    writeDraft(draftStorage, currentKey, undefined);
    setState({ key: currentKey, value: initial.current, touched: false });
  }, [draftStorage, currentKey]);

  return [current.value, setValue, clear];
}

interface DraftState<T> {
  /** The storage key the value belongs to; null until the customer is known. */
  key: string | null;
  value: T;
  /** The user changed it (only then is it written back). */
  touched: boolean;
}
