/**
 * The code editor, behind a small interface. Monaco is most of the first load's JS, so this
 * entry only holds types and a dynamic import: the page starts it (preloadEditor) right after
 * its own script, in parallel with MSW's start, and the panel creates the editor when it is in.
 */

export interface EditorMarker {
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  endLine?: number;
  endColumn?: number;
  message: string;
}

/** The page's colour theme (src/state/theme.svelte.ts); the adapter picks Monaco's matching one. */
export type EditorTheme = 'light' | 'dark' | 'contrast';

export interface EditorOptions {
  /** path → text; one model per file. */
  files: Record<string, string>;
  active: string;
  /** Every learner edit, with the file's full new text. */
  onChange(path: string, text: string): void;
  /** The accessible name for the editor showing `path` (mentions Ctrl+M for Tab trapping). */
  ariaLabel(path: string): string;
  /** Default light. */
  theme?: EditorTheme;
  /**
   * Whether Tab moves focus out of the editor (default true, so a keyboard user is never trapped)
   * or indents. Ctrl+M in the editor toggles it and reports the new value here.
   */
  tabMovesFocus?: boolean;
  onTabMovesFocusChange?(tabMovesFocus: boolean): void;
  /** Code font size in CSS px (default 13); presenter mode scales it with the page. */
  fontSize?: number;
}

export interface EditorHandle {
  /**
   * Settles when the @types/aws-lambda declarations are attached: the editor is usable before
   * (they come in their own chunk), and the TS worker re-checks when they arrive.
   */
  typesLoaded: Promise<void>;
  /** Syncs models with the workspace: creates, updates (only when different) and disposes. */
  setFiles(files: Record<string, string>): void;
  /** Shows the model of `path`. */
  open(path: string): void;
  /** Markers for errors the runtime reports (e.g. Runtime.UserCodeSyntaxError with line/column). */
  setMarkers(file: string, markers: EditorMarker[]): void;
  setTheme(theme: EditorTheme): void;
  setTabMovesFocus(tabMovesFocus: boolean): void;
  /** Code font size in CSS px: Monaco measures its own text, so the page's rem scale does not reach it. */
  setFontSize(px: number): void;
  focus(): void;
  dispose(): void;
}

/**
 * Settles once the page has painted content (its first contentful paint), or after `fallbackMs`
 * in a browser that reports no paints: evaluating Monaco is one long task, which would otherwise
 * hold the shell's first paint back when its modulepreloaded chunks arrive first.
 */
function firstPaint(fallbackMs: number): Promise<void> {
  return new Promise((resolve) => {
    const go = () => setTimeout(resolve, 0);
    try {
      new PerformanceObserver((list, observer) => {
        if (!list.getEntriesByName('first-contentful-paint').length) return;
        observer.disconnect();
        go();
      }).observe({ type: 'paint', buffered: true });
    } catch {
      // No paint timing: the fallback alone.
    }
    setTimeout(go, fallbackMs);
  });
}

let loading: Promise<typeof import('./editor')> | null = null;
const load = () => (loading ??= firstPaint(3000).then(() => import('./editor')));

/**
 * Starts fetching and evaluating Monaco now (main.ts: before the shell mounts), so it does not
 * wait behind MSW's start; the first createEditor() then finds it loaded or on its way.
 */
export function preloadEditor(): void {
  load().catch(() => {
    // Reported by the createEditor() that needs it (the panel falls back to a text area).
    loading = null;
  });
}

let shown: () => void = () => {};
/** Settles once the first editor is on screen, or could not load (the page then has its text area). */
export const firstEditorShown = new Promise<void>((resolve) => (shown = resolve));

/** Loads Monaco (first call only) and creates an editor in `el`. */
export async function createEditor(el: HTMLElement, opts: EditorOptions): Promise<EditorHandle> {
  try {
    const mod = await load();
    return await mod.createEditor(el, opts);
  } finally {
    shown();
  }
}
