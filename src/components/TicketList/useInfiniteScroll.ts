'use client';
import { useEffect, type RefObject } from 'react';

/**
 * Calls `load` when `sentinel` scrolls into view inside `root`. Re-armed
 * whenever `rearm` changes (after every page), so a list too short to fill its
 * box keeps loading until it does.
 */
export function useInfiniteScroll(
  root: RefObject<HTMLElement | null>,
  sentinel: RefObject<HTMLElement | null>,
  enabled: boolean,
  load: () => void,
  rearm: unknown,
) {
  useEffect(() => {
    const box = root.current;
    const end = sentinel.current;
    if (!enabled || !box || !end || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) load();
    }, { root: box });
    observer.observe(end);
    return () => observer.disconnect();
  }, [root, sentinel, enabled, load, rearm]);
}
