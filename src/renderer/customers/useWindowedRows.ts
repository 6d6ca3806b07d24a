import { useCallback, useEffect, useRef, useState } from 'react';

/** Rows rendered above and below the visible ones, so fast scrolling and arrowing never show a gap. */
const OVERSCAN = 6;
/** Before the list has been measured, assume a tall window rather than render nothing. */
const UNMEASURED_HEIGHT = 1200;

export type WindowedRows<E extends HTMLElement> = {
  /** The scrolling element (the listbox itself). */
  ref: (element: E | null) => void;
  onScroll: () => void;
  /** The rows to render: [start, end). */
  start: number;
  end: number;
  /** Height of the spacers standing in for the rows above and below the rendered ones. */
  padTop: number;
  padBottom: number;
  /** Scrolls the least needed to show row `index` whole. */
  scrollIntoView: (index: number) => void;
};

/**
 * Windowing for a list of fixed-height rows: only the rows in view (and a few around them) are in
 * the page, whatever the count, so 500 results render as fast as 10. Two spacers (not padding,
 * which would stop a flex item from shrinking) keep the scroll height that of the whole list.
 */
export function useWindowedRows<E extends HTMLElement>(count: number, rowHeight: number): WindowedRows<E> {
  const element = useRef<E | null>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(0);
  const observer = useRef<ResizeObserver | null>(null);

  const ref = useCallback((node: E | null) => {
    observer.current?.disconnect();
    observer.current = null;
    element.current = node;
    if (!node) return;
    setHeight(node.clientHeight);
    setScrollTop(node.scrollTop);
    // Inside a ResizeObserver callback layout is fresh: reading clientHeight costs nothing.
    observer.current = new ResizeObserver(() => setHeight(node.clientHeight));
    observer.current.observe(node);
  }, []);

  const onScroll = useCallback(() => {
    if (element.current) setScrollTop(element.current.scrollTop);
  }, []);

  // A shorter list than the scroll position (new results): the browser clamps scrollTop, and so
  // does this, by arithmetic. Reading scrollTop back here forced a layout in every commit.
  const visible = height || UNMEASURED_HEIGHT;
  const top = Math.max(0, Math.min(scrollTop, count * rowHeight - visible));

  useEffect(() => {
    if (top !== scrollTop) setScrollTop(top);
  }, [top, scrollTop]);

  // What the scrolling element shows now, for scrollIntoView without reading the DOM.
  const view = useRef({ top, visible });
  view.current = { top, visible };

  const scrollIntoView = useCallback(
    (index: number) => {
      const node = element.current;
      if (!node || index < 0) return;
      const { top: shown, visible: tall } = view.current;
      const rowTop = index * rowHeight;
      const rowBottom = rowTop + rowHeight;
      const next = rowTop < shown ? rowTop : rowBottom > shown + tall ? rowBottom - tall : null;
      if (next === null) return;
      node.scrollTop = next;
      setScrollTop(next);
    },
    [rowHeight],
  );

  const start = Math.max(0, Math.min(count, Math.floor(top / rowHeight) - OVERSCAN));
  const end = Math.min(count, Math.ceil((top + visible) / rowHeight) + OVERSCAN);
  return { ref, onScroll, start, end, padTop: start * rowHeight, padBottom: (count - end) * rowHeight, scrollIntoView };
}
