/**
 * A diagram that follows a changing text: every trace event produces new text, and a burst (a
 * broadcast is a dozen events) must not queue a dozen renders. One render is in flight at a
 * time; whatever arrives meanwhile replaces the pending text, so only the newest is rendered next,
 * and the DOM never goes back to an older text once a newer one is shown. Given a `pace`, the next
 * render also waits until the pace allows it (src/diagram/pace.ts: a gap that grows with what
 * renders cost), so a steady stream of events leaves the page most of its time.
 *
 * A text given with its plain parts is drawn at once without Mermaid (./plain.ts, a few ms where
 * a Mermaid render of the same window blocks the page for 200–900 ms). When those parts hold
 * traffic, Mermaid draws the same text once nothing newer has come for `settleMs` and the page is
 * idle, and its SVG replaces the plain one (laid out alike, so nothing moves): while steps stream
 * in, Mermaid never runs; once they stop, what is on screen is Mermaid's own drawing.
 *
 * The target carries hooks for tests and benchmarks: `data-version` (the `update` call whose text is
 * in the DOM, counting from 1), `data-tag` (the caller's label for it), `data-state`
 * (`rendering` | `waiting` | `idle` | `error`), `data-error`, `data-rendered-at` (`performance.now()`),
 * `data-renders` (renders started) and `data-render-ms` (what the last one took).
 * Nothing animates: the SVG is swapped in place, so reduced-motion users see no movement.
 */

import type { PlainDiagram } from '../../diagram';
import { nextTask } from '../next-task';
import { drawPlainDiagram } from './plain';
import {
  createDiagramRenderer,
  preloadDiagramRenderer,
  type DiagramRenderer,
  type DiagramRendererOptions,
} from './renderer';

/** When renders may start (src/diagram/pace.ts `RenderPace` fits). */
export interface LivePace {
  /** The earliest `performance.now()` the next render may start at. */
  nextStart(): number;
  /** A render took `costMs` (from the request to the SVG in the page) and ended at `end`. */
  rendered(costMs: number, end: number): void;
  /** Live drawing is paused while steps come faster than drawings (Mermaid's settling waits too). */
  readonly paused?: boolean;
}

export interface LiveDiagramOptions<M = undefined> extends DiagramRendererOptions {
  /** Defaults to a new `createDiagramRenderer({ theme })`. */
  renderer?: DiagramRenderer;
  /** Called when a text fails to render; the previous SVG stays in place. */
  onError?: (error: string, text: string) => void;
  /**
   * Called with each new SVG once it is in the page, before `data-version` says so, with the
   * `meta` given to `update` with its text (so what is added to the SVG matches what it shows).
   */
  onShown?: (svg: SVGSVGElement, meta: M | undefined) => void;
  /** Spaces renders out (default: each render starts as soon as the last ended). */
  pace?: LivePace;
  /**
   * After a plain drawing, Mermaid's idle preload waits for this too (the page's editor on
   * screen): its load and warm-up drawing are main-thread work the start should not pay for.
   */
  preloadAfter?: Promise<unknown>;
  /** After a plain drawing with traffic, Mermaid draws it once nothing newer came for this long (ms). Default 2,500: a learner between two sends is not kept waiting behind it. */
  settleMs?: number;
}

/** How long after the first drawing without traffic Mermaid's preload waits (then for an idle moment). */
const PRELOAD_QUIET_MS = 4000;

export interface LiveDiagram<M = undefined> {
  /**
   * Asks for `text` to be shown; `tag` (e.g. the last trace seq) is copied to `data-tag` once it
   * is, and `meta` goes to `onShown` with its SVG. Given `plain` (the same diagram as plain
   * parts: `traceToMermaid`'s `plain`, a diagram without steps), it is drawn without Mermaid.
   */
  update(text: string, tag?: string, meta?: M, plain?: PlainDiagram): void;
  /**
   * Like `update`, but the text is asked for only when a render is about to start: a caller whose
   * text is costly to derive (a long trace) asks once per drawing, not once per event.
   */
  request(get: () => { text: string; tag?: string; meta?: M; plain?: PlainDiagram }): void;
  /** The page's colours changed: the next text is drawn even when it is the one on screen. */
  forgetShown(): void;
  /** Stops rendering; a render in flight is discarded. The target keeps its last SVG. */
  dispose(): void;
  /** Resolves when nothing is rendering or pending (a Mermaid drawing still to replace a plain one is not waited for). */
  whenIdle(): Promise<void>;
  /** Resolves once Mermaid has drawn what is on screen (at once if it already has, or nothing is). */
  whenSettled(): Promise<void>;
  /** How many renders were started (for tests and benchmarks). */
  readonly renders: number;
}

/** Elements and attributes a sequence diagram never needs; removed as a second line of defence. */
const FORBIDDEN_ELEMENTS = 'script, iframe, object, embed, foreignObject';

function scrub(svg: Element): void {
  for (const el of svg.querySelectorAll(FORBIDDEN_ELEMENTS)) el.remove();
  for (const el of [svg, ...svg.querySelectorAll('*')]) {
    for (const attr of [...el.attributes]) {
      const name = attr.name.toLowerCase();
      const isLink = name === 'href' || name === 'xlink:href' || name === 'src';
      if (name.startsWith('on') || (isLink && !attr.value.trim().startsWith('#'))) el.removeAttribute(attr.name);
    }
  }
}

/** Parses Mermaid's SVG in an inert document (nothing loads or runs there) and scrubs it. */
export function inertSvg(svg: string): SVGSVGElement {
  const doc = new DOMParser().parseFromString(svg, 'text/html');
  const root = doc.body.querySelector('svg');
  if (!root) throw new Error('Mermaid returned no SVG.');
  scrub(root);
  return root;
}

/** Parses and checks the SVG (`inertSvg`), then moves it in. */
function place(target: HTMLElement, svg: string): SVGSVGElement {
  const placed = document.adoptNode(inertSvg(svg));
  target.replaceChildren(placed);
  return placed;
}

export function createLiveDiagram<M = undefined>(
  target: HTMLElement,
  options: LiveDiagramOptions<M> = {},
): LiveDiagram<M> {
  const renderer = options.renderer ?? createDiagramRenderer({ theme: options.theme });
  const settleMs = options.settleMs ?? 2500;
  let requested = 0;
  type Job = { text: string; tag?: string; meta?: M; plain?: PlainDiagram };
  let preloadAsked = false;
  /** After a plain drawing, Mermaid loads when the page is next idle (not before the editor and the rest of the start), so the first step need not wait for it. */
  const preloadWhenIdle = () => {
    if (preloadAsked || options.renderer) return;
    preloadAsked = true;
    // Once traffic is drawn, preloading would land in its middle (the library's load and the
    // warm-up drawing are ~150 and ~200 ms of main thread each): Mermaid loads when it settles
    // the drawing instead, once the traffic has stopped. A later start drawing asks again.
    const wanted = () => !disposed && !unsettled && !pending && !running;
    const preload = () => {
      if (!wanted()) preloadAsked = false;
      else void preloadDiagramRenderer(wanted);
    };
    // After a quiet spell, not at the first idle moment: a page that starts traffic right away
    // (a workshop's room connecting) would otherwise load the library in the middle of it.
    const whenIdle = () => {
      if (disposed) return;
      setTimeout(() => {
        if (typeof requestIdleCallback === 'function') requestIdleCallback(preload);
        else preload();
      }, PRELOAD_QUIET_MS);
    };
    if (options.preloadAfter) void options.preloadAfter.then(whenIdle, whenIdle);
    else whenIdle();
  };
  /** The next text to draw; `mermaid`: the one on screen, drawn plain, for Mermaid to draw again. */
  let pending: { version: number; get: () => Job; mermaid?: boolean } | undefined;
  let shownText: string | undefined;
  /** What is on screen, when it was drawn plain and has traffic: Mermaid is to draw it again. */
  let unsettled: { version: number; job: Job } | undefined;
  let settleTimer: ReturnType<typeof setTimeout> | undefined;
  const settledWaiters: (() => void)[] = [];
  let running: Promise<void> | undefined;
  let renders = 0;
  let disposed = false;

  const show = (version: number, tag: string | undefined) => {
    target.dataset.version = String(version);
    if (tag === undefined) delete target.dataset.tag;
    else target.dataset.tag = tag;
    target.dataset.renderedAt = String(performance.now());
  };

  const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
  const settled = () => {
    if (unsettled) return;
    for (const resolve of settledWaiters.splice(0)) resolve();
  };

  /** Mermaid draws the plain drawing on screen once nothing newer came for `settleMs` and the page is idle. */
  const scheduleSettle = () => {
    clearTimeout(settleTimer);
    if (!unsettled || disposed) return;
    settleTimer = setTimeout(() => {
      const start = () => {
        if (disposed || !unsettled || pending || running) return; // a newer drawing schedules its own
        // Live drawing is paused (steps come faster than drawings): the traffic has not stopped,
        // only the drawings have. Mermaid's drawing, 200 ms of main thread, waits for the end.
        if (options.pace?.paused) return void scheduleSettle();
        const { version, job } = unsettled;
        pending = { version, get: () => job, mermaid: true };
        kick();
      };
      if (typeof requestIdleCallback === 'function') requestIdleCallback(start, { timeout: 1000 });
      else start();
    }, settleMs);
  };

  async function pump(): Promise<void> {
    while (pending && !disposed) {
      const forMermaid = pending.mermaid === true;
      const wait = forMermaid ? 0 : (options.pace?.nextStart() ?? 0) - performance.now();
      if (wait > 0 || !forMermaid) {
        // Newer texts replace the pending one while this waits: only the newest is drawn.
        target.dataset.state = 'waiting';
        // Without a wait, still a task of its own: an update comes from inside the page's work
        // (a Svelte flush after 200 clients connected, say), and drawing in that task made one
        // long task of both.
        await (wait > 0 ? delay(wait) : nextTask());
        if (disposed || !pending) break;
      }
      const { version, get } = pending;
      pending = undefined;
      const job = { version, ...get() };
      if (job.text === shownText && !forMermaid) {
        // Same text as on screen (a re-derivation that changed nothing): no render needed.
        show(job.version, job.tag);
        continue;
      }
      const plain = forMermaid ? undefined : job.plain;
      renders++;
      target.dataset.renders = String(renders);
      target.dataset.state = 'rendering';
      target.setAttribute('aria-busy', 'true');
      const started = performance.now();
      const result = plain ? { plain } : await renderer.render(job.text);
      if (disposed) break;
      if (forMermaid && (pending || unsettled?.version !== job.version)) {
        // Something newer came while Mermaid drew the old text: it is drawn next, plain.
        continue;
      }
      let error = 'error' in result ? result.error : undefined;
      if ('svg' in result || 'plain' in result) {
        try {
          let svg: SVGSVGElement;
          if ('plain' in result) {
            svg = drawPlainDiagram(result.plain);
            target.replaceChildren(svg);
          } else svg = place(target, result.svg);
          shownText = job.text;
          options.onShown?.(svg, job.meta);
          show(job.version, job.tag);
          delete target.dataset.error;
          target.dataset.drawnBy = plain ? 'plain' : 'mermaid';
          unsettled = plain?.traffic ? { version: job.version, job } : undefined;
          if (plain && !plain.traffic) preloadWhenIdle();
        } catch (e) {
          error = e instanceof Error ? e.message : String(e);
        }
      }
      if (error !== undefined) {
        // A failed Mermaid drawing of a plain one on screen: the plain one stays, and is not tried again.
        if (forMermaid) unsettled = undefined;
        else {
          target.dataset.error = error;
          options.onError?.(error, job.text);
        }
      }
      const ended = performance.now();
      target.dataset.renderMs = String(Math.round(ended - started));
      // Mermaid's drawing after the traffic stopped says nothing about what the live drawings cost.
      if (!forMermaid) options.pace?.rendered(ended - started, ended);
    }
    if (!disposed) {
      target.dataset.state = target.dataset.error === undefined ? 'idle' : 'error';
      target.removeAttribute('aria-busy');
      scheduleSettle();
      settled();
    }
  }

  function kick(): void {
    if (running || disposed) return;
    clearTimeout(settleTimer);
    running = pump().finally(() => {
      running = undefined;
      // Text that arrived after the loop's last check but before this callback.
      if (pending) kick();
    });
  }

  return {
    update(text: string, tag?: string, meta?: M, plain?: PlainDiagram) {
      if (disposed) return;
      pending = { version: ++requested, get: () => ({ text, tag, meta, plain }) };
      kick();
    },
    request(get: () => Job) {
      if (disposed) return;
      pending = { version: ++requested, get };
      kick();
    },
    forgetShown() {
      shownText = undefined;
    },
    dispose() {
      disposed = true;
      pending = undefined;
      unsettled = undefined;
      clearTimeout(settleTimer);
      target.removeAttribute('aria-busy');
      for (const resolve of settledWaiters.splice(0)) resolve();
    },
    async whenIdle() {
      while (running) await running;
    },
    async whenSettled() {
      for (;;) {
        while (running) await running;
        if (disposed || (!unsettled && !pending)) return;
        await new Promise<void>((resolve) => settledWaiters.push(resolve));
      }
    },
    get renders() {
      return renders;
    },
  };
}
