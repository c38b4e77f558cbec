/**
 * The page's keyboard shortcuts, listed once: the `?` dialog shows this list and the App's key
 * handler asks `shortcutFor` which one a key press is. A plain `?` is text while the learner
 * types (an input, a text area, Monaco), so it only opens the list elsewhere.
 */

export type ShortcutAction = 'presenter' | 'shortcuts' | 'deck-next' | 'deck-previous';

export interface Shortcut {
  keys: string;
  what: string;
}

const mac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
const MOD = mac ? '⌘' : 'Ctrl';

export const SHORTCUTS: readonly Shortcut[] = [
  { keys: '?', what: 'Show this list of shortcuts (not while typing)' },
  { keys: `${MOD}+Enter`, what: 'Deploy, from anywhere (also in the code editor)' },
  { keys: 'Alt+Shift+P', what: 'Presenter mode on or off (larger text, the diagram gets the room)' },
  {
    keys: 'Alt+Shift+N, Alt+Shift+B',
    what: "A trainer's deck: next, previous step (in its bar also ← → and Page keys)",
  },
  { keys: 'Ctrl+M', what: 'In the code editor: switch between Tab moving focus and Tab indenting' },
  { keys: '← → Home End', what: 'On a splitter between columns: make the column narrower or wider' },
  { keys: 'Shift+← →, Page Up/Down', what: 'On a splitter: bigger steps' },
  { keys: '← → Home End', what: 'In a row of tabs: choose the previous, next, first or last tab' },
  { keys: '[ ]', what: 'Timeline: step back or forward through the trace (not while typing)' },
  { keys: 'Esc', what: 'Close a dialog' },
];

/** What a key press lands on, as far as typing is concerned. */
interface KeyTarget {
  tagName?: string;
  type?: string;
  isContentEditable?: boolean;
  closest?(selector: string): unknown;
}

const NOT_TEXT = new Set(['button', 'checkbox', 'radio', 'range', 'color', 'file', 'submit', 'reset', 'image']);

/** True when a printable key would type into the target (an input, a text area, Monaco). */
export function isTyping(target: KeyTarget | null): boolean {
  if (!target || typeof target.tagName !== 'string') return false;
  const tag = target.tagName.toLowerCase();
  if (tag === 'textarea' || tag === 'select' || target.isContentEditable) return true;
  if (tag === 'input') return !NOT_TEXT.has((target.type ?? 'text').toLowerCase());
  return !!target.closest?.('.monaco-editor');
}

interface KeyPress {
  key: string;
  code?: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
  target: unknown;
  defaultPrevented?: boolean;
}

/** The page shortcut a key press is, or null. */
export function shortcutFor(e: KeyPress): ShortcutAction | null {
  if (e.defaultPrevented) return null;
  // By code: Alt+Shift+P types "∏" on a Mac keyboard.
  if (e.altKey && e.shiftKey && !e.ctrlKey && !e.metaKey && (e.code === 'KeyP' || e.key.toLowerCase() === 'p'))
    return 'presenter';
  // Alt+Shift with a letter: Monaco binds Alt+Shift+arrows and Page keys, the timeline [ and ].
  if (e.altKey && e.shiftKey && !e.ctrlKey && !e.metaKey) {
    if (e.code === 'KeyN' || e.key.toLowerCase() === 'n') return 'deck-next';
    if (e.code === 'KeyB' || e.key.toLowerCase() === 'b') return 'deck-previous';
  }
  if (e.key === '?' && !e.ctrlKey && !e.metaKey && !e.altKey && !isTyping(e.target as KeyTarget | null))
    return 'shortcuts';
  return null;
}
