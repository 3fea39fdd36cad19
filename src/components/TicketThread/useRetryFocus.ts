'use client';
import { useCallback, useLayoutEffect, useRef } from 'react';

/**
 * The Retry buttons of failed replies, by local id, and a way to move focus
 * to one of them. The failed reply may render after focus is asked for (the
 * send's failure and the re-render race), so the request waits for it; it is
 * carried out only if `wanted()` still agrees then.
 */
export function useRetryFocus() {
  const buttons = useRef(new Map<string, HTMLButtonElement>());
  const request = useRef<{ localId: string; wanted: () => boolean } | null>(null);

  const attempt = useCallback(() => {
    const pending = request.current;
    const button = pending && buttons.current.get(pending.localId);
    if (!pending || !button) return;
    request.current = null;
    if (pending.wanted()) button.focus();
  }, []);
  // After every commit: the button may just have appeared.
  useLayoutEffect(attempt);

  const registerRetry = useCallback((localId: string, button: HTMLButtonElement | null) => {
    if (button) buttons.current.set(localId, button);
    else buttons.current.delete(localId);
  }, []);

  const focusRetry = useCallback(
    (localId: string, wanted: () => boolean) => {
      request.current = { localId, wanted };
      attempt();
    },
    [attempt],
  );

  return { registerRetry, focusRetry };
}
