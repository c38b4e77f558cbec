/**
 * Two tabs with the same workspace open: each saves as its learner types, so without care the
 * last one to save silently replaces the other's work. A tab hears another tab's save (the page's
 * `storage` event; a tab never hears its own), and when that save holds other work than its own,
 * it is behind: its saves stop going to the workspace key and are held under a key of their own
 * until the learner chooses (load theirs, keep mine, download mine). Equal work is no conflict.
 */
import { migrate, storedKeys, type KeyValueStore, type SavedWorkspace } from './persistence';

/** Marks a key that holds a tab's edits while another tab's save is in the workspace key. */
const HELD = '.unsaved.';

/**
 * Edits held by a tab that closed (or moved on) before its learner chose: found when the
 * workspace opens and offered back, never dropped unasked.
 */
export interface HeldEdits {
  key: string;
  /** When the held copy was saved (epoch ms). */
  savedAt: number;
  /** The saved text as stored, for the download. */
  text: string;
  data: SavedWorkspace;
}

/** Another tab saved this workspace while this one had it open: the learner chooses whose to keep. */
export interface Conflict {
  /** Epoch ms of the other tab's save. */
  savedAt: number;
  /** Where this tab's own edits are kept meanwhile (the workspace key is the other tab's now). */
  heldKey: string;
}

export class TabConflict {
  #conflict = $state.raw<Conflict | null>(null);
  #held = $state.raw<HeldEdits[]>([]);
  readonly #store: KeyValueStore;
  readonly #now: () => number;

  constructor(store: KeyValueStore, now: () => number) {
    this.#store = store;
    this.#now = now;
  }

  get current(): Conflict | null {
    return this.#conflict;
  }

  /** Another tab saved `newValue` under `key` (this tab's workspace key); `mine` is what this tab holds. */
  heard(key: string, newValue: string, mine: SavedWorkspace): void {
    let theirs: SavedWorkspace;
    try {
      const m = migrate(JSON.parse(newValue));
      if (!m.ok) return;
      theirs = m.data;
    } catch {
      return;
    }
    if (JSON.stringify(workOf(theirs)) === JSON.stringify(workOf(mine))) return this.end();
    this.#conflict = { savedAt: theirs.savedAt, heldKey: this.#conflict?.heldKey ?? `${key}${HELD}${this.#now()}` };
  }

  /** Keeps this tab's edits under the held key (true when written). */
  hold(data: SavedWorkspace): boolean {
    if (!this.#conflict) return false;
    try {
      this.#store.setItem(this.#conflict.heldKey, JSON.stringify(data));
      return true;
    } catch {
      return false;
    }
  }

  /** The learner chose (or the tabs agree again): the held copy goes. */
  end(): void {
    const held = this.#conflict?.heldKey;
    this.#conflict = null;
    if (!held) return;
    try {
      this.#store.removeItem(held);
    } catch {
      // Blocked storage has no other tabs: nothing was held.
    }
  }

  /** Another workspace opens in this tab: an unresolved conflict's edits stay under its held key. */
  leave(): void {
    this.#conflict = null;
  }

  /** Held edits of the workspace saved under `key` that no open conflict of this tab holds (oldest first). */
  get held(): readonly HeldEdits[] {
    return this.#held;
  }

  /** Looks for edits other tabs held for the workspace under `key` (when it opens). */
  scan(key: string): void {
    const found: HeldEdits[] = [];
    for (const k of storedKeys(this.#store, key + HELD)) {
      if (k === this.#conflict?.heldKey) continue;
      const text = this.#store.getItem(k);
      if (text === null) continue;
      try {
        const m = migrate(JSON.parse(text));
        if (m.ok) found.push({ key: k, savedAt: m.data.savedAt, text, data: m.data });
      } catch {
        // Not a workspace: someone else's key; left alone.
      }
    }
    this.#held = found.sort((a, b) => a.savedAt - b.savedAt);
  }

  /** Keeps `data` (what this tab is about to replace) under a held key of `key`, offered back like the others. */
  stash(key: string, data: SavedWorkspace): boolean {
    try {
      this.#store.setItem(`${key}${HELD}${this.#now()}`, JSON.stringify(data));
      return true;
    } catch {
      return false;
    }
  }

  /** The learner has the held copy under `heldKey` (loaded or downloaded and discarded): it goes. */
  drop(heldKey: string): void {
    try {
      this.#store.removeItem(heldKey);
    } catch {
      // Blocked storage held nothing.
    }
    this.#held = this.#held.filter((h) => h.key !== heldKey);
  }
}

/** What two saved copies must share to hold the same work (times and settings aside). */
function workOf(d: SavedWorkspace): Pick<SavedWorkspace, 'exampleId' | 'definition' | 'files'> {
  return { exampleId: d.exampleId, definition: d.definition, files: d.files };
}
