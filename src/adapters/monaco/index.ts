/**
 * The code editor, behind a small interface. Monaco is ~3 MB of JS plus workers, so this
 * entry only holds types and a dynamic import: the editor loads when the panel mounts, not
 * with the page.
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

/** Loads Monaco (first call only) and creates an editor in `el`. */
export async function createEditor(el: HTMLElement, opts: EditorOptions): Promise<EditorHandle> {
  const mod = await import('./editor');
  return mod.createEditor(el, opts);
}
