import { describe, expect, it } from 'vitest';
import { rowWindow, scrollTopToShow } from '../../../src/renderer/customers/useWindowedRows';

/** The windowing arithmetic of the customer list (rows of 56 px; 6 rows of overscan each side). */
const ROW = 56;

describe('rowWindow', () => {
  it('renders the rows in view and six more each side, spacers standing in for the rest', () => {
    // 560 px tall = rows 20..29 in view at 1,120 px (row 20's top).
    const w = rowWindow(500, ROW, 20 * ROW, 560);
    expect(w).toEqual({ top: 1120, visible: 560, start: 14, end: 36, padTop: 14 * ROW, padBottom: (500 - 36) * ROW });
    expect(w.padTop + (w.end - w.start) * ROW + w.padBottom).toBe(500 * ROW);
  });

  it('renders a partly visible row at either edge', () => {
    const w = rowWindow(500, ROW, 20 * ROW + 10, 560);
    expect([w.start, w.end]).toEqual([14, 37]);
  });

  it('starts at the top without a spacer above, and never renders past the last row', () => {
    expect(rowWindow(500, ROW, 0, 560)).toMatchObject({ top: 0, start: 0, end: 16, padTop: 0 });
    expect(rowWindow(5, ROW, 0, 560)).toEqual({ top: 0, visible: 560, start: 0, end: 5, padTop: 0, padBottom: 0 });
    expect(rowWindow(0, ROW, 0, 560)).toMatchObject({ start: 0, end: 0, padTop: 0, padBottom: 0 });
  });

  it('clamps a scroll position past a shorter list, as the browser does', () => {
    // 500 rows scrolled to the end, then 40 results: the last screenful of the 40 is shown.
    const w = rowWindow(40, ROW, 499 * ROW, 560);
    expect(w.top).toBe(40 * ROW - 560);
    expect([w.start, w.end]).toEqual([30 - 6, 40]);
    expect(w.padBottom).toBe(0);
    // A list shorter than the box: scrolled to the top.
    expect(rowWindow(3, ROW, 400, 560).top).toBe(0);
  });

  it('assumes a tall box before the list is measured, rather than render nothing', () => {
    const w = rowWindow(500, ROW, 0, 0);
    expect(w.visible).toBe(1200);
    expect(w.end).toBe(Math.ceil(1200 / ROW) + 6);
  });
});

describe('scrollTopToShow', () => {
  const view = { top: 10 * ROW, visible: 560 }; // rows 10..19 whole

  it('does not scroll for a row shown whole', () => {
    expect(scrollTopToShow(10, ROW, view)).toBeNull();
    expect(scrollTopToShow(19, ROW, view)).toBeNull();
  });

  it('scrolls the least: a row above comes to the top, a row below to the bottom', () => {
    expect(scrollTopToShow(9, ROW, view)).toBe(9 * ROW);
    expect(scrollTopToShow(0, ROW, view)).toBe(0);
    expect(scrollTopToShow(20, ROW, view)).toBe(21 * ROW - 560);
    expect(scrollTopToShow(499, ROW, view)).toBe(500 * ROW - 560);
  });

  it('shows a row cut at the top or bottom edge whole', () => {
    const cut = { top: 10 * ROW + 20, visible: 560 };
    expect(scrollTopToShow(10, ROW, cut)).toBe(10 * ROW);
    expect(scrollTopToShow(20, ROW, cut)).toBe(21 * ROW - 560);
  });
});
