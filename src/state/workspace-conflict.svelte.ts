/**
 * Two tabs with the same workspace open: each saves as its learner types, so without care the
 * last one to save silently replaces the other's work. A tab hears another tab's save (the page's
 * `storage` event; a tab never hears its own), and when that save holds other work than its own,
 * it is behind: its saves stop going to the workspace key and are held under a key of their own
 * until the learner chooses (load theirs, keep mine, download mine). Equal work is no conflict.
 */
import { migrate, type KeyValueStore, type SavedWorkspace } from './persistence';

/** Another tab saved this workspace while this one had it open: the learner chooses whose to keep. */
export interface Conflict {
  /** Epoch ms of the other tab's save. */
  savedAt: number;
  /** Where this tab's own edits are kept meanwhile (the workspace key is the other tab's now). */
  heldKey: string;
}

export class TabConflict {
  #conflict = $state.raw<Conflict | null>(null);
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
    this.#conflict = { savedAt: theirs.savedAt, heldKey: this.#conflict?.heldKey ?? `${key}.unsaved.${this.#now()}` };
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
}

/** What two saved copies must share to hold the same work (times and settings aside). */
function workOf(d: SavedWorkspace): Pick<SavedWorkspace, 'exampleId' | 'definition' | 'files'> {
  return { exampleId: d.exampleId, definition: d.definition, files: d.files };
}
