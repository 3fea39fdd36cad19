'use client';
import { useCallback, useEffect, useRef } from 'react';

const lost = (active: Element | null) => !active || active === document.body;

/**
 * Where focus goes as pages load. When rows arrive, focus follows to the first
 * new one if it was on the control that asked for them, or was dropped because
 * that control went away (the last page removes "Load more"). A failed page
 * replaces "Load more" with its error: if the button had focus, the retry
 * button takes it. Elements are reached through refs, never looked up.
 */
export function useLoadMoreFocus(count: number, pageFailed: boolean, scrollToIndex: (index: number) => void) {
  const rows = useRef(new Map<number, HTMLElement>());
  const registerRow = useCallback((index: number, element: HTMLElement | null) => {
    if (element) rows.current.set(index, element);
    else rows.current.delete(index);
  }, []);

  const button = useRef<HTMLButtonElement | null>(null);
  const buttonHadFocus = useRef(false);
  // React detaches refs before removing the node: the last moment to see its focus.
  const loadMoreRef = useCallback((node: HTMLButtonElement | null) => {
    if (!node) buttonHadFocus.current = !!button.current && document.activeElement === button.current;
    button.current = node;
  }, []);
  const retryRef = useRef<HTMLButtonElement>(null);

  const pending = useRef<{ from: number; asked: boolean } | null>(null);
  /** Rows are about to arrive; `asked`: the customer asked (a button), not infinite scroll. */
  const expectRows = useCallback(
    (asked: boolean) => {
      pending.current = { from: count, asked };
      buttonHadFocus.current = false;
    },
    [count],
  );
  const forget = useCallback(() => {
    pending.current = null;
  }, []);

  useEffect(() => {
    const wanted = pending.current;
    if (!wanted || count <= wanted.from) return;
    const active = document.activeElement;
    if (active !== button.current && !(lost(active) && (wanted.asked || buttonHadFocus.current))) {
      pending.current = null;
      return;
    }
    const row = rows.current.get(wanted.from);
    if (row) {
      pending.current = null;
      row.focus();
    } else {
      // Not rendered yet (virtualised away): bring it in; the next render focuses it.
      scrollToIndex(wanted.from);
    }
  });

  useEffect(() => {
    if (!pageFailed || !buttonHadFocus.current) return;
    buttonHadFocus.current = false;
    if (lost(document.activeElement)) retryRef.current?.focus();
  }, [pageFailed]);

  return { registerRow, loadMoreRef, retryRef, expectRows, forget };
}
