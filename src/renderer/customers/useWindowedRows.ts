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

/** Which rows to render for a scroll position, and the spacers standing in for the others. */
export type RowWindow = {
  /** The scroll position, clamped to the list (a shorter list than the old position). */
  top: number;
  /** The height shown: the measured one, or UNMEASURED_HEIGHT before the list is measured. */
  visible: number;
  /** The rows to render: [start, end). */
  start: number;
  end: number;
  padTop: number;
  padBottom: number;
};

/**
 * The arithmetic of windowing, without the DOM: `count` rows of `rowHeight` pixels, scrolled to
 * `scrollTop`, in a box `height` pixels tall (0 while unmeasured). A list shorter than the scroll
 * position is clamped as the browser clamps scrollTop (reading scrollTop back forced a layout in
 * every commit); OVERSCAN rows above and below the visible ones are rendered too.
 */
export function rowWindow(count: number, rowHeight: number, scrollTop: number, height: number): RowWindow {
  const visible = height || UNMEASURED_HEIGHT;
  const top = Math.max(0, Math.min(scrollTop, count * rowHeight - visible));
  const start = Math.max(0, Math.min(count, Math.floor(top / rowHeight) - OVERSCAN));
  const end = Math.min(count, Math.ceil((top + visible) / rowHeight) + OVERSCAN);
  return { top, visible, start, end, padTop: start * rowHeight, padBottom: (count - end) * rowHeight };
}

/** The least scroll that shows row `index` whole in `view`, or null when it is shown already. */
export function scrollTopToShow(index: number, rowHeight: number, view: { top: number; visible: number }): number | null {
  const rowTop = index * rowHeight;
  const rowBottom = rowTop + rowHeight;
  if (rowTop < view.top) return rowTop;
  if (rowBottom > view.top + view.visible) return rowBottom - view.visible;
  return null;
}

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

  const { top, visible, start, end, padTop, padBottom } = rowWindow(count, rowHeight, scrollTop, height);

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
      const next = scrollTopToShow(index, rowHeight, view.current);
      if (next === null) return;
      node.scrollTop = next;
      setScrollTop(next);
    },
    [rowHeight],
  );

  return { ref, onScroll, start, end, padTop, padBottom, scrollIntoView };
}
