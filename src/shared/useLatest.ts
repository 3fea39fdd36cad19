'use client';
import { useEffect, useLayoutEffect, useRef } from 'react';

// Layout effects don't run on the server (and React 18 warns about them there).
const useCommitEffect = typeof window === 'undefined' ? useEffect : useLayoutEffect;

/**
 * A ref that holds the latest committed value, for callbacks created once
 * (listeners, timers, async continuations). Updated in a layout effect, never
 * during render, so an abandoned render can't leak its values; before any
 * passive effect runs, it already holds the new value.
 */
export function useLatest<T>(value: T) {
  const ref = useRef(value);
  useCommitEffect(() => {
    ref.current = value;
  });
  return ref;
}
