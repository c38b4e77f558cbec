/**
 * How big to draw a rendered diagram, as plain numbers (pure: no DOM). A scale is CSS pixels per
 * SVG unit: at scale 1 a label Mermaid sets in 16-unit type is 16 px on screen.
 *
 * The rule: text is never drawn smaller than `minFontPx` (12 px; presenter mode raises it).
 * A diagram wider than its panel scrolls instead of shrinking past that. Only the overview, which
 * the learner picks explicitly, may go smaller, and the next zoom action leaves it.
 */

/** The smallest label size, in CSS px, at any zoom the learner reaches without the overview. */
export const MIN_FONT_PX = 12;
/** The largest scale zooming in reaches (4× the natural size). */
export const MAX_SCALE = 4;
/** One step of zoom in or out (buttons and keys). */
export const ZOOM_STEP = 1.25;

/** What is known about a rendered diagram and the room it has. */
export interface DiagramMetrics {
  /** The SVG's natural size (its viewBox), in SVG units. */
  width: number;
  height: number;
  /** The smallest font size of any label, in SVG units. */
  smallestFont: number;
  /** The room in the scroll area, in CSS px. */
  viewportWidth: number;
  viewportHeight: number;
}

/**
 * `readable`: the default, fitted to the panel's width while the text stays at least
 * `minFontPx`; `scale`: a zoom the learner chose; `overview`: the whole diagram in view, however
 * small (a temporary choice).
 */
export type Zoom = { kind: 'readable' } | { kind: 'scale'; scale: number } | { kind: 'overview' };

export const READABLE: Zoom = { kind: 'readable' };

function positive(n: number, fallback: number): number {
  return Number.isFinite(n) && n > 0 ? n : fallback;
}

/** The smallest scale at which the smallest label is still `minFontPx` on screen. */
export function minScale(m: DiagramMetrics, minFontPx: number = MIN_FONT_PX): number {
  return positive(minFontPx, MIN_FONT_PX) / positive(m.smallestFont, 16);
}

/** The default: the panel's width, never larger than the natural size, never below the minimum. */
export function readableScale(m: DiagramMetrics, minFontPx: number = MIN_FONT_PX): number {
  const fit = positive(m.viewportWidth, 1) / positive(m.width, 1);
  return Math.max(minScale(m, minFontPx), Math.min(1, fit));
}

/** The whole diagram in the panel (both directions); never larger than the readable scale. */
export function overviewScale(m: DiagramMetrics, minFontPx: number = MIN_FONT_PX): number {
  const fit = Math.min(
    positive(m.viewportWidth, 1) / positive(m.width, 1),
    positive(m.viewportHeight, 1) / positive(m.height, 1),
  );
  return Math.min(readableScale(m, minFontPx), fit);
}

/** The largest scale: `MAX_SCALE`, or the minimum when a large `minFontPx` needs more. */
function maxScale(m: DiagramMetrics, minFontPx: number): number {
  return Math.max(MAX_SCALE, minScale(m, minFontPx));
}

/** The scale a zoom choice draws at. A chosen scale is held inside the limits as they change. */
export function scaleOf(zoom: Zoom, m: DiagramMetrics, minFontPx: number = MIN_FONT_PX): number {
  if (zoom.kind === 'readable') return readableScale(m, minFontPx);
  if (zoom.kind === 'overview') return overviewScale(m, minFontPx);
  return Math.min(maxScale(m, minFontPx), Math.max(minScale(m, minFontPx), positive(zoom.scale, 1)));
}

/**
 * Zooms by `factor` from the current scale (Ctrl+wheel, the buttons), held inside the limits.
 * From the overview the result is at least the readable minimum, so any zoom leaves it.
 */
export function zoomBy(zoom: Zoom, m: DiagramMetrics, factor: number, minFontPx: number = MIN_FONT_PX): Zoom {
  const from = scaleOf(zoom, m, minFontPx);
  return { kind: 'scale', scale: scaleOf({ kind: 'scale', scale: from * positive(factor, 1) }, m, minFontPx) };
}

/** Zoom in one step; from the overview, back to the readable default. */
export function zoomIn(zoom: Zoom, m: DiagramMetrics, minFontPx: number = MIN_FONT_PX): Zoom {
  return zoom.kind === 'overview' ? READABLE : zoomBy(zoom, m, ZOOM_STEP, minFontPx);
}

/** Zoom out one step, never below the minimum; from the overview, back to the readable default. */
export function zoomOut(zoom: Zoom, m: DiagramMetrics, minFontPx: number = MIN_FONT_PX): Zoom {
  return zoom.kind === 'overview' ? READABLE : zoomBy(zoom, m, 1 / ZOOM_STEP, minFontPx);
}

/** Whether a step in would change the scale. */
export function canZoomIn(zoom: Zoom, m: DiagramMetrics, minFontPx: number = MIN_FONT_PX): boolean {
  return zoom.kind === 'overview' || scaleOf(zoom, m, minFontPx) < maxScale(m, minFontPx) - 1e-9;
}

/** Whether a step out would change the scale (at the 12 px floor it would not). */
export function canZoomOut(zoom: Zoom, m: DiagramMetrics, minFontPx: number = MIN_FONT_PX): boolean {
  return zoom.kind === 'overview' || scaleOf(zoom, m, minFontPx) > minScale(m, minFontPx) + 1e-9;
}

/**
 * The zoom factor of one Ctrl+wheel event: smooth for a trackpad's small deltas, about one
 * button step for a mouse notch (deltaY 100), and never more than 2× per event.
 * `deltaMode` 1 counts lines (about 16 px each), 2 pages.
 */
export function wheelFactor(deltaY: number, deltaMode = 0): number {
  const px = deltaY * (deltaMode === 1 ? 16 : deltaMode === 2 ? 400 : 1);
  if (!Number.isFinite(px)) return 1;
  return Math.min(2, Math.max(0.5, Math.exp(-px * 0.0022)));
}

/**
 * The scroll offset that keeps the point under `anchor` (px from the scroll area's edge) in place
 * when the scale changes from `from` to `to`: zooming towards the pointer.
 */
export function anchoredScroll(scroll: number, anchor: number, from: number, to: number): number {
  return Math.max(0, ((scroll + anchor) * positive(to, 1)) / positive(from, 1) - anchor);
}
