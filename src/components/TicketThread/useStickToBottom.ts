'use client';
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react';

/** Within this many px of the end counts as "at the end". */
const END_SLACK = 24;
/** The element is scrolled to `top` (give or take a rounded pixel). */
const isAt = (el: HTMLElement, top: number | null) => top !== null && Math.abs(el.scrollTop - top) <= 1;
const atEnd = (el: HTMLElement) => el.scrollHeight - el.scrollTop - el.clientHeight <= END_SLACK;

/**
 * A scroller that opens at the end, stays pinned there while the reader is
 * there (as messages arrive and get measured), and never moves once they
 * scrolled up: what arrives then is counted in `unseen` instead.
 *
 * `ownScrollTop` is where the virtualizer last scrolled to: its corrections
 * for rows measured above the viewport can move the position up, which must
 * not read as the reader scrolling away. `contentKey` changes whenever the
 * content may have changed height. `pinned` says whether the reader is at the end.
 */
export function useStickToBottom(
  scrollRef: RefObject<HTMLElement | null>,
  ownScrollTop: RefObject<number | null>,
  pinned: RefObject<boolean>,
  contentKey: unknown,
) {
  const lastTop = useRef(0);
  const [unseen, setUnseen] = useState(0);

  const toEnd = useCallback(() => {
    const el = scrollRef.current;
    if (!el) return;
    el.scrollTop = el.scrollHeight;
    lastTop.current = el.scrollTop;
  }, [scrollRef]);

  // Pin state follows the reader: reaching the end pins, scrolling up unpins.
  useEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const onScroll = () => {
      if (atEnd(el)) {
        pinned.current = true;
        setUnseen(0);
      } else if (el.scrollTop < lastTop.current && !isAt(el, ownScrollTop.current)) {
        pinned.current = false;
      }
      ownScrollTop.current = null;
      lastTop.current = el.scrollTop;
    };
    // Capture runs before the virtualizer's own listener re-renders (and re-pins) synchronously.
    el.addEventListener('scroll', onScroll, { passive: true, capture: true });
    return () => el.removeEventListener('scroll', onScroll, { capture: true });
  }, [scrollRef, ownScrollTop, pinned]);

  // Pinned: stay at the end as messages arrive and get measured.
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el || !pinned.current) return;
    // The reader scrolled up and the scroll event hasn't been dispatched yet: that wins.
    if (!atEnd(el) && el.scrollTop < lastTop.current - 1 && !isAt(el, ownScrollTop.current)) {
      pinned.current = false;
      return;
    }
    toEnd();
  }, [scrollRef, ownScrollTop, pinned, toEnd, contentKey]);

  /** Go to the end and stay there, wherever the reader was (the customer just sent something). */
  const follow = useCallback(() => {
    pinned.current = true;
    setUnseen(0);
    toEnd();
  }, [pinned, toEnd]);

  /** New messages arrived: counted for "Show new replies" unless the reader is at the end. */
  const arrived = useCallback(
    (count: number) => {
      if (!pinned.current) setUnseen((n) => n + count);
    },
    [pinned],
  );

  return { unseen, follow, arrived };
}
