/**
 * How a diagram is being looked at: its zoom, the overview, focus mode and the step the learner
 * is reading. The numbers are in src/diagram/zoom.ts (pure); this holds the choices, reactively.
 *
 * `LiveDrawing` is how a diagram that follows the trace keeps up: its render pace and whether
 * live drawing is paused (steps arriving faster than it can show them), with the steps not drawn.
 *
 * `diagramSettings.minFontPx` is the page-wide floor for diagram text (12 px). Presenter mode
 * raises it (16 px) and every diagram on the page redraws at the new floor.
 */
import {
  canZoomIn,
  canZoomOut,
  MIN_FONT_PX,
  READABLE,
  scaleOf,
  zoomBy,
  zoomIn,
  zoomOut,
  type DiagramMetrics,
  type Zoom,
} from '../diagram/zoom';
import { RenderPace, type PaceOptions } from '../diagram/pace';

export class DiagramSettings {
  /** No diagram label is drawn smaller than this many CSS px, except in an overview the learner picked. */
  minFontPx = $state(MIN_FONT_PX);
}

/** The page's one settings object: presenter mode sets `diagramSettings.minFontPx = 16`. */
export const diagramSettings = new DiagramSettings();

export class DiagramView {
  readonly #settings: DiagramSettings;
  #zoom = $state.raw<Zoom>(READABLE);
  /** The rendered diagram and its room, measured by the view after each render and resize. */
  metrics = $state.raw<DiagramMetrics | null>(null);
  /** The diagram's panel fills the viewport. */
  focusMode = $state(false);

  constructor(settings: DiagramSettings = diagramSettings) {
    this.#settings = settings;
  }

  get minFontPx(): number {
    return this.#settings.minFontPx;
  }

  get zoom(): Zoom {
    return this.#zoom;
  }

  /** CSS px per SVG unit (1 before the first render). */
  readonly scale = $derived.by(() => (this.metrics ? scaleOf(this.#zoom, this.metrics, this.minFontPx) : 1));

  /** The smallest label as drawn, in CSS px. */
  get smallestFontPx(): number {
    return this.metrics ? this.metrics.smallestFont * this.scale : this.minFontPx;
  }

  get overview(): boolean {
    return this.#zoom.kind === 'overview';
  }

  get canZoomIn(): boolean {
    return this.metrics !== null && canZoomIn(this.#zoom, this.metrics, this.minFontPx);
  }

  get canZoomOut(): boolean {
    return this.metrics !== null && canZoomOut(this.#zoom, this.metrics, this.minFontPx);
  }

  zoomIn(): void {
    if (this.metrics) this.#zoom = zoomIn(this.#zoom, this.metrics, this.minFontPx);
  }

  zoomOut(): void {
    if (this.metrics) this.#zoom = zoomOut(this.#zoom, this.metrics, this.minFontPx);
  }

  /** Ctrl+wheel: zoom by a factor (see `wheelFactor`). */
  zoomBy(factor: number): void {
    if (this.metrics) this.#zoom = zoomBy(this.#zoom, this.metrics, factor, this.minFontPx);
  }

  /** Back to the readable default (fitted to the panel, text at least `minFontPx`). */
  reset(): void {
    this.#zoom = READABLE;
  }

  /** The whole diagram in view, however small, until the next zoom action or reset. */
  showOverview(): void {
    this.#zoom = { kind: 'overview' };
  }

  toggleFocus(): void {
    this.focusMode = !this.focusMode;
  }
}

/**
 * A live diagram's drawing state: the pace its renders follow (src/diagram/pace.ts), and, when
 * steps arrive faster than it can show them, a pause with the count of steps not drawn yet.
 */
export class LiveDrawing {
  readonly pace: RenderPace;
  /** Drawable steps in the trace, and in the drawing on screen. */
  steps = $state(0);
  drawnSteps = $state(0);
  paused = $state(false);

  constructor(options: PaceOptions) {
    this.pace = new RenderPace(options);
  }

  /** Steps in the trace but not in the drawing. */
  get behind(): number {
    return Math.max(0, this.steps - this.drawnSteps);
  }

  /** The trace has `steps` steps at `now`; returns whether live drawing is paused. */
  observe(steps: number, now: number): boolean {
    if (steps < this.steps) this.drawnSteps = 0; // a new trace
    this.steps = steps;
    this.pace.observe(steps, now);
    this.paused = this.pace.paused;
    return this.paused;
  }

  /** A drawing of the first `steps` steps is on screen. */
  drawn(steps: number): void {
    this.drawnSteps = steps;
  }
}
