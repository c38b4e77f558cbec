/**
 * The only code that touches Mermaid. It is loaded on first use (`import('mermaid')` becomes its own
 * chunk, so the 3 MB library never weighs on the first paint; a diagram without steps is drawn
 * without it, ./plain.ts) or when the page is idle (`preloadDiagramRenderer`), and initialised with
 * `securityLevel: 'strict'`, which makes Mermaid run DOMPurify over the SVG it returns.
 *
 * Mermaid keeps its configuration and a scratch element in the page, so renders are serialised
 * page-wide (two concurrent renders would share that state) and each gets a unique id.
 */

import type { Mermaid, MermaidConfig } from 'mermaid';

export type DiagramTheme = 'default' | 'dark' | 'neutral' | 'forest' | 'base';

export type RenderResult = { svg: string } | { error: string };

export interface DiagramRenderer {
  /** Parses then renders Mermaid text. Never throws: a bad diagram resolves to `{ error }`. */
  render(text: string): Promise<RenderResult>;
}

export interface DiagramRendererOptions {
  /** A theme, or a function read before each render. Default: follows `prefers-color-scheme`. */
  theme?: DiagramTheme | (() => DiagramTheme);
}

/** Mermaid's own limit is 50,000; a 50-step window of fully escaped labels stays well below this. */
export const MAX_TEXT_SIZE = 100_000;

// Page-wide because Mermaid itself is: one module instance, one configuration, one scratch area.
let loading: Promise<Mermaid> | undefined;
let queue: Promise<unknown> = Promise.resolve();
let initializedTheme: DiagramTheme | undefined;
let renderCount = 0;
/** Distinguishes this page load's ids from any SVG ids already in the document (e.g. HMR). */
const idPrefix = `agp-seq-${Math.random().toString(36).slice(2, 8)}`;

function loadMermaid(): Promise<Mermaid> {
  loading ??= import('mermaid').then(
    (m) => m.default,
    (error: unknown) => {
      loading = undefined; // a failed chunk load (offline) can be retried on the next render
      throw error;
    },
  );
  return loading;
}

/** The page's theme (`setPageDiagramTheme`), for renderers given none; the system's until it is set. */
let pageTheme: { theme: DiagramTheme; variables?: Record<string, string | boolean> } | undefined;
let initializedVariables: string | undefined;

/**
 * The page's colour theme, for every renderer created without a theme of its own; `variables` are
 * Mermaid theme variables (for its 'base' theme). Takes effect from the next render.
 */
export function setPageDiagramTheme(theme: DiagramTheme, variables?: Record<string, string | boolean>): void {
  pageTheme = { theme, variables };
}

function systemTheme(): DiagramTheme {
  if (pageTheme) return pageTheme.theme;
  const dark = typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches;
  return dark ? 'dark' : 'default';
}

/** The colours a sequence diagram's lanes and notes are drawn in. */
export interface DiagramPalette {
  actorFill: string;
  actorBorder: string;
  actorText: string;
  actorLine: string;
  noteFill: string;
  noteBorder: string;
  noteText: string;
  /** Message lines and arrow heads, and message labels. */
  signal: string;
  signalText: string;
}

/** Mermaid's own colours for its default theme (sequence diagrams), and for its dark one. */
const DEFAULT_PALETTE: DiagramPalette = {
  actorFill: '#ECECFF',
  actorBorder: '#9370DB',
  actorText: 'black',
  actorLine: '#9370DB',
  noteFill: '#fff5ad',
  noteBorder: '#aaaa33',
  noteText: 'black',
  signal: '#333',
  signalText: '#333',
};
const DARK_PALETTE: DiagramPalette = {
  actorFill: '#1f2020',
  actorBorder: '#cccccc',
  actorText: 'lightgrey',
  actorLine: '#cccccc',
  noteFill: '#fff5ad',
  noteBorder: '#aaaa33',
  noteText: '#333333',
  signal: 'lightgrey',
  signalText: 'lightgrey',
};

/**
 * The colours the page's diagrams are drawn in now (the page theme's variables, else Mermaid's
 * theme), for what is drawn without Mermaid (./plain.ts): it looks like what Mermaid would draw.
 */
export function diagramPalette(): DiagramPalette {
  const theme = systemTheme();
  const v = pageTheme?.theme === theme ? pageTheme.variables : undefined;
  const base = theme === 'dark' ? DARK_PALETTE : DEFAULT_PALETTE;
  if (!v) return base;
  const pick = (key: string, fallback: string) =>
    typeof v[key] === 'string' && v[key] ? (v[key] as string) : fallback;
  return {
    actorFill: pick('actorBkg', base.actorFill),
    actorBorder: pick('actorBorder', base.actorBorder),
    actorText: pick('actorTextColor', base.actorText),
    actorLine: pick('actorLineColor', base.actorLine),
    noteFill: pick('noteBkgColor', base.noteFill),
    noteBorder: pick('noteBorderColor', base.noteBorder),
    noteText: pick('noteTextColor', base.noteText),
    signal: pick('signalColor', base.signal),
    signalText: pick('signalTextColor', base.signalText),
  };
}

/** A one-lane diagram drawn once and thrown away, so the first real one finds Mermaid ready. */
const WARM_UP = 'sequenceDiagram\nparticipant gw as API Gateway\nNote over gw: warm-up\n';

/**
 * Loads Mermaid and draws a throw-away diagram (when the page is idle, before the first step
 * needs it): loading the library, its sequence-diagram code and its first layout cost seconds of
 * main thread on a busy laptop, and paid at the first step they would land in the middle of
 * traffic. Resolves to what the throw-away drawing took (ms), or undefined when it failed (forgotten:
 * the next render tries again and reports it) or `stillWanted` said no before it started.
 */
export function preloadDiagramRenderer(stillWanted: () => boolean = () => true): Promise<number | undefined> {
  return serialise(async () => {
    if (!stillWanted()) return undefined;
    const started = performance.now();
    // Loading and the warm-up drawing are two long tasks: between them, traffic may have begun,
    // and then the drawing waits for a real diagram instead.
    await loadMermaid().catch(() => undefined);
    if (!stillWanted()) return undefined;
    const result = await renderNow(WARM_UP, systemTheme());
    return 'svg' in result ? performance.now() - started : undefined;
  }).catch(() => undefined);
}

function configFor(theme: DiagramTheme): MermaidConfig {
  return {
    startOnLoad: false,
    securityLevel: 'strict',
    theme,
    ...(pageTheme?.theme === theme && pageTheme.variables ? { themeVariables: pageTheme.variables } : {}),
    maxTextSize: MAX_TEXT_SIZE,
    // Throw instead of drawing Mermaid's "bomb" error diagram (and leaving its scratch element).
    suppressErrorRendering: true,
    // Classic look (no drop-shadow filters) and no mirrored actor row at the bottom: both cut
    // the work per render, which is what keeps the live diagram within ~100 ms of the trace.
    look: 'classic',
    sequence: { useMaxWidth: true, showSequenceNumbers: false, mirrorActors: false, look: 'classic' },
  };
}

function messageOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.trim().split('\n').slice(0, 6).join('\n') || 'Mermaid could not render this diagram.';
}

/** Runs `task` after every render queued before it, whatever their outcome. */
function serialise<T>(task: () => Promise<T>): Promise<T> {
  const run = queue.then(task, task);
  queue = run.catch(() => undefined);
  return run;
}

async function renderNow(text: string, theme: DiagramTheme): Promise<RenderResult> {
  let mermaid: Mermaid;
  try {
    mermaid = await loadMermaid();
  } catch (error) {
    return { error: `Could not load the diagram library: ${messageOf(error)}` };
  }
  const variables = JSON.stringify(pageTheme?.theme === theme ? pageTheme.variables : undefined);
  if (initializedTheme !== theme || initializedVariables !== variables) {
    mermaid.initialize(configFor(theme));
    initializedTheme = theme;
    initializedVariables = variables;
  }
  if (text.length > MAX_TEXT_SIZE) {
    return { error: `Diagram text is ${text.length} characters; the limit is ${MAX_TEXT_SIZE}.` };
  }
  // No separate parse first: render() parses anyway, and a parse error surfaces as a throw
  // (suppressErrorRendering) whose scratch elements the `finally` below removes.
  const id = `${idPrefix}-${++renderCount}`;
  try {
    const { svg } = await mermaid.render(id, text);
    return { svg };
  } catch (error) {
    return { error: messageOf(error) };
  } finally {
    // After a failed render Mermaid can leave its scratch <div id="d{id}"> (or iframe) in <body>.
    document.getElementById(`d${id}`)?.remove();
    document.getElementById(`i${id}`)?.remove();
  }
}

/** A renderer: lazy Mermaid, initialised once per theme, renders serialised page-wide. */
export function createDiagramRenderer(options: DiagramRendererOptions = {}): DiagramRenderer {
  const theme = (): DiagramTheme =>
    typeof options.theme === 'function' ? options.theme() : (options.theme ?? systemTheme());
  return {
    render: (text: string) => serialise(() => renderNow(text, theme())),
  };
}
