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

  const [value, setState] = useState<T>(() => readDraft<T>(draftStorage, fullKey) ?? initialValue);
  const touched = useRef(false);
  const loadedKey = useRef(fullKey);
  const initial = useRef(initialValue);

  // The customer became known, or the key changed (another ticket): load that draft.
  useEffect(() => {
    if (loadedKey.current === fullKey) return;
    const previousKey = loadedKey.current;
    loadedKey.current = fullKey;
    // Typed before the session was ready: keep the typing (saved below).
    if (previousKey === null && touched.current) return;
    touched.current = false;
    setState(readDraft<T>(draftStorage, fullKey) ?? initial.current);
  }, [draftStorage, fullKey]);

  // Persist what the user typed (not what we loaded).
  useEffect(() => {
    if (touched.current) writeDraft(draftStorage, fullKey, value);
  }, [draftStorage, fullKey, value]);

  const setValue = useCallback((next: T | ((previous: T) => T)) => {
    touched.current = true;
    setState(next);
  }, []);

  const clear = useCallback(() => {
    touched.current = false;
    writeDraft(draftStorage, loadedKey.current, undefined);
    setState(initial.current);
  }, [draftStorage]);

  return [value, setValue, clear];
}
