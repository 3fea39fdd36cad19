'use client';
import { useLayoutEffect, useState, type RefObject } from 'react';

/**
 * The original message and files sit above the virtualised list; the list
 * starts where they end (the virtualizer's scroll margin). When they change
 * height above what the reader is reading (an image loads, the files list
 * arrives), the reading position is kept, unless the reader is pinned to the end.
 */
export function useIntroMargin(
  scrollRef: RefObject<HTMLElement | null>,
  introRef: RefObject<HTMLElement | null>,
  feedRef: RefObject<HTMLElement | null>,
  pinned: RefObject<boolean>,
) {
  const [margin, setMargin] = useState(0);
  useLayoutEffect(() => {
    const intro = introRef.current;
    const feed = feedRef.current;
    const el = scrollRef.current;
    if (!intro || !feed || !el) return;
    let current = feed.offsetTop;
    setMargin(current);
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => {
      const next = feed.offsetTop;
      if (next === current) return;
      if (!pinned.current && el.scrollTop >= current) el.scrollTop += next - current;
      current = next;
      setMargin(next);
    });
    observer.observe(intro);
    return () => observer.disconnect();
  }, [scrollRef, introRef, feedRef, pinned]);
  return margin;
}
