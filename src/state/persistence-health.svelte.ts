/**
 * Whether the page can keep what the learner does: storage blocked (privacy settings) or full
 * (quota), and saved data that could not be read and was set aside. Every reader and writer of
 * the page's keys goes through one watched store (`watch`), so none of them can forget to report:
 * a failed write names what is at risk (edits, lesson progress, preferences), and a backup key
 * written anywhere (./persistence `setAsideText`) is listed for download. The workspace's own
 * unreadable save has its notice already (Workspace.loadProblem), so it is not listed twice.
 */
import { BACKUP_MARKER, riskOf, storedKeys, type AtRisk, type KeyValueStore } from './persistence';

/** Saved data that could not be read: it is kept under `backupKey`. */
export interface SetAside {
  what: AtRisk;
  backupKey: string;
  /** The text kept, for the download (held here too: storage may be gone by the time it is asked for). */
  text: string;
}

export interface StorageWarning {
  /** Storage is blocked: nothing is saved at all. */
  blocked: boolean;
  /** What failed to save (storage full, or blocked), in a stable order. */
  atRisk: AtRisk[];
}

const ORDER: readonly AtRisk[] = ['edits', 'progress', 'preferences'];

export class StorageHealth {
  readonly #blocked: boolean;
  #failing = $state<AtRisk[]>([]);
  /** What the learner has already been warned about and dismissed: warned once, not on every keystroke. */
  #dismissed = $state<AtRisk[]>([]);
  #setAside = $state<SetAside[]>([]);

  /** `blocked`: the page could not reach its storage at all and keeps everything in memory. */
  constructor(blocked = false) {
    this.#blocked = blocked;
  }

  /**
   * The same store, watched: a write that throws is reported before the error goes on to its
   * caller (which keeps the value in memory), a write that succeeds clears that kind of failure,
   * and a backup key written is listed.
   */
  watch(store: KeyValueStore): KeyValueStore {
    return {
      getItem: (key) => store.getItem(key),
      removeItem: (key) => store.removeItem(key),
      keys: () => storedKeys(store, ''),
      setItem: (key, value) => {
        const what = riskOf(key);
        try {
          store.setItem(key, value);
        } catch (e) {
          if (what) this.#fail(what);
          throw e;
        }
        if (!what) return;
        if (this.#failing.includes(what)) this.#failing = this.#failing.filter((w) => w !== what);
        if (isListedBackup(key)) this.#setAside = [...this.#setAside, { what, backupKey: key, text: value }];
      },
    };
  }

  get blocked(): boolean {
    return this.#blocked;
  }

  /** The warning to show, or null when there is nothing new to say since the learner dismissed it. */
  get warning(): StorageWarning | null {
    const atRisk = this.#blocked ? [...ORDER] : this.#failing;
    if (atRisk.length === 0 || atRisk.every((w) => this.#dismissed.includes(w))) return null;
    return { blocked: this.#blocked, atRisk };
  }

  dismissWarning(): void {
    const w = this.warning;
    if (w) this.#dismissed = ORDER.filter((r) => this.#dismissed.includes(r) || w.atRisk.includes(r));
  }

  /** Unreadable saved data kept aside during this page view (newest last). */
  get setAside(): readonly SetAside[] {
    return this.#setAside;
  }

  dismissSetAside(backupKey: string): void {
    this.#setAside = this.#setAside.filter((s) => s.backupKey !== backupKey);
  }

  #fail(what: AtRisk): void {
    if (!this.#failing.includes(what)) this.#failing = ORDER.filter((w) => w === what || this.#failing.includes(w));
  }
}

/** Backups of everything but the workspace itself, whose notice says where its copy is. */
function isListedBackup(key: string): boolean {
  const at = key.indexOf(BACKUP_MARKER);
  return at > 0 && !key.slice(0, at).endsWith(':workspace');
}
