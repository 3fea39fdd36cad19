'use client';
import { useCallback, useRef, type RefObject } from 'react';
import { defaultRangeExtractor, measureElement, observeElementRect, useVirtualizer, type Range, type Rect } from '@tanstack/react-virtual';
import type { Ticket } from '../../client';

/**
 * A row's height before it is measured: `.dt-ticket-list-row` at the default
 * density (block padding 2 × `--dt-space-3`, a title line at `--dt-font-size`,
 * a metadata line with the status badge at `--dt-font-size-sm`, the row gap
 * `--dt-space-1`) plus the item's 1px bottom border. Rows are measured once
 * rendered; this only sizes the scrollbar until then.
 */
const ESTIMATED_ROW = 76;
/**
 * The viewport's size when there is no layout at all (jsdom, a container with
 * `display: none`): a typical side panel, so a bounded number of rows renders
 * instead of none. It mirrors no CSS rule; with layout the real size is used.
 */
const NO_LAYOUT: Rect = { width: 640, height: 720 };

/**
 * Virtualised rows of the ticket list. The row holding focus (and its
 * neighbours, for Tab and Shift+Tab) stays mounted when scrolled away, so
 * focus is never lost to `<body>`.
 */
export function useTicketVirtualizer(tickets: Ticket[], viewportRef: RefObject<HTMLDivElement | null>) {
  const focused = useRef<number | null>(null);
  const virtualizer = useVirtualizer({
    count: tickets.length,
    getScrollElement: () => viewportRef.current,
    estimateSize: () => ESTIMATED_ROW,
    overscan: 6,
    getItemKey: (index) => tickets[index]?.id ?? index,
    initialRect: NO_LAYOUT,
    observeElementRect: (instance, cb) => observeElementRect(instance, (rect) => cb(rect.height ? rect : NO_LAYOUT)),
    measureElement: (element, entry, instance) => measureElement(element, entry, instance) || ESTIMATED_ROW,
    rangeExtractor: (range: Range) => {
      const indexes = defaultRangeExtractor(range);
      const index = focused.current;
      if (index === null || index >= range.count) return indexes;
      const extra = [index - 1, index, index + 1].filter((i) => i >= 0 && i < range.count && !indexes.includes(i));
      return extra.length ? [...indexes, ...extra].sort((a, b) => a - b) : indexes;
    },
  });
  const setFocused = useCallback((index: number | null) => {
    focused.current = index;
  }, []);
  return { virtualizer, setFocused };
}
