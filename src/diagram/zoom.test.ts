import { describe, expect, it } from 'vitest';
import {
  anchoredScroll,
  canZoomIn,
  canZoomOut,
  MAX_SCALE,
  minScale,
  overviewScale,
  READABLE,
  readableScale,
  scaleOf,
  wheelFactor,
  zoomBy,
  zoomIn,
  zoomOut,
  type DiagramMetrics,
  type Zoom,
} from './zoom';

/** A chat diagram at Mermaid's 16-unit labels, 1,500 × 1,100 units, in a 600 × 700 px panel. */
const wide: DiagramMetrics = { width: 1500, height: 1100, smallestFont: 16, viewportWidth: 600, viewportHeight: 700 };
/** A small diagram that fits its panel at its natural size. */
const small: DiagramMetrics = { width: 400, height: 300, smallestFont: 16, viewportWidth: 600, viewportHeight: 700 };
/** The comparison's compact diagrams set labels in 12-unit type. */
const compact: DiagramMetrics = { ...wide, smallestFont: 12 };

const px = (zoom: Zoom, m: DiagramMetrics, minFontPx?: number) => scaleOf(zoom, m, minFontPx) * m.smallestFont;

describe('the readable scale', () => {
  it('shrinks a wide diagram only until its smallest label is 12 px, then scrolls', () => {
    expect(minScale(wide)).toBe(0.75);
    expect(readableScale(wide)).toBe(0.75);
    expect(px(READABLE, wide)).toBe(12);
  });

  it('draws a diagram that fits at its natural size, never larger', () => {
    expect(readableScale(small)).toBe(1);
    expect(readableScale({ ...wide, viewportWidth: 1200 })).toBe(0.8);
  });

  it('keeps 12-unit labels at their natural size at least', () => {
    expect(readableScale(compact)).toBe(1);
  });

  it('follows a raised minimum (presenter mode: 16 px), enlarging the diagram when it must', () => {
    expect(px(READABLE, wide, 16)).toBe(16);
    expect(scaleOf(READABLE, compact, 16)).toBeCloseTo(4 / 3);
  });

  it('survives metrics of a diagram not laid out yet (zero sizes)', () => {
    const empty = { width: 0, height: 0, smallestFont: 0, viewportWidth: 0, viewportHeight: 0 };
    expect(Number.isFinite(readableScale(empty))).toBe(true);
    expect(Number.isFinite(overviewScale(empty))).toBe(true);
  });
});

describe('zooming in and out', () => {
  it('steps in by 1.25× and out again, never below the 12 px rule', () => {
    const inOnce = zoomIn(READABLE, wide);
    expect(scaleOf(inOnce, wide)).toBeCloseTo(0.9375);
    expect(scaleOf(zoomOut(inOnce, wide), wide)).toBeCloseTo(0.75);
    expect(scaleOf(zoomOut(zoomOut(inOnce, wide), wide), wide)).toBeCloseTo(0.75);
    expect(canZoomOut(READABLE, wide)).toBe(false);
    expect(canZoomOut(inOnce, wide)).toBe(true);
  });

  it('stops at 4× the natural size', () => {
    let zoom: Zoom = READABLE;
    for (let i = 0; i < 30; i++) zoom = zoomIn(zoom, wide);
    expect(scaleOf(zoom, wide)).toBe(MAX_SCALE);
    expect(canZoomIn(zoom, wide)).toBe(false);
  });

  it('holds a chosen scale above a minimum raised later', () => {
    const chosen: Zoom = { kind: 'scale', scale: 0.8 };
    expect(px(chosen, wide)).toBeCloseTo(12.8);
    expect(px(chosen, wide, 16)).toBe(16);
  });

  it('zooms by a wheel factor within the same limits', () => {
    expect(scaleOf(zoomBy(READABLE, wide, 0.1), wide)).toBe(0.75);
    expect(scaleOf(zoomBy(READABLE, wide, 2), wide)).toBe(1.5);
  });
});

describe('the overview', () => {
  it('shows the whole diagram, below the 12 px rule if it must', () => {
    const overview: Zoom = { kind: 'overview' };
    expect(scaleOf(overview, wide)).toBeCloseTo(0.4);
    expect(px(overview, wide)).toBeLessThan(12);
    // A diagram that already fits is not shrunk further.
    expect(scaleOf(overview, small)).toBe(1);
  });

  it('is left by the next zoom action: in or out returns to the readable scale', () => {
    const overview: Zoom = { kind: 'overview' };
    expect(zoomIn(overview, wide)).toEqual(READABLE);
    expect(zoomOut(overview, wide)).toEqual(READABLE);
    expect(px(zoomBy(overview, wide, 1.1), wide)).toBeGreaterThanOrEqual(12);
    expect(canZoomOut(overview, wide)).toBe(true);
  });
});

describe('wheel and scroll', () => {
  it('turns a mouse notch into about one step, a trackpad delta into a small one, and caps both', () => {
    expect(wheelFactor(-100)).toBeGreaterThan(1.2);
    expect(wheelFactor(100)).toBeLessThan(0.85);
    expect(wheelFactor(-4)).toBeCloseTo(1.009, 2);
    expect(wheelFactor(-10_000)).toBe(2);
    expect(wheelFactor(3, 1)).toBeCloseTo(wheelFactor(48));
    expect(wheelFactor(Number.NaN)).toBe(1);
  });

  it('keeps the point under the pointer in place when the scale changes', () => {
    // 100 px scrolled, pointer 200 px in: the point at 300 px becomes 600 px at twice the scale.
    expect(anchoredScroll(100, 200, 1, 2)).toBe(400);
    expect(anchoredScroll(400, 200, 2, 1)).toBe(100);
    expect(anchoredScroll(0, 50, 1, 0.5)).toBe(0);
  });
});
