/**
 * How the page divides its room: the widths of the main columns (set by dragging a splitter or
 * with its arrow keys), which panels are collapsed to a labelled strip, and which tab a lesson's
 * work column shows (the lesson text, the editor and the diagram come first there; the API panel
 * and the clients are tabs beside the editor). There are two profiles, normal and presenter, so a
 * trainer's projector layout never disturbs the layout they use at their desk. Remembered in the
 * page's preferences (versioned; anything unreadable reads as the defaults).
 */
import { loadPrefs, savePrefs, type KeyValueStore } from './persistence';

/** The splitters, each a column width in percent of the row it divides. */
export type SplitId = 'lesson' | 'lessonWork' | 'left' | 'middle';
/** The panels that can collapse to a strip. */
export type PanelId = 'lesson' | 'left' | 'api' | 'middle' | 'bottom';
/** What a lesson's work column shows. */
export type WorkTab = 'code' | 'api' | 'clients';
export type Profile = 'normal' | 'presenter';

export interface SplitLimits {
  min: number;
  max: number;
  /** The normal profile's width; `presenter` overrides it for the projector. */
  normal: number;
  presenter: number;
}

/**
 * Percentages. `lesson` is the lesson text's share of the page; `lessonWork` the editor column's
 * share of what the lesson leaves (57 % keeps the editor over 560 px at 1440×900 beside a 28 %
 * lesson); `left` and `middle` the playground's API + code and clients columns (the diagram
 * takes the rest). CSS adds pixel minimums, so a small share on a small screen stays usable.
 */
export const SPLITS: Record<SplitId, SplitLimits> = {
  lesson: { min: 15, max: 50, normal: 28, presenter: 26 },
  lessonWork: { min: 25, max: 75, normal: 57, presenter: 40 },
  left: { min: 15, max: 55, normal: 30, presenter: 25 },
  middle: { min: 15, max: 55, normal: 28, presenter: 30 },
};

/** The playground's two splitters share a row: together they leave the diagram at least this much. */
const DIAGRAM_MIN_SHARE = 20;

/** A keyboard step and a big step (Shift, Page Up/Down), in percent. */
export const STEP = 2;
export const BIG_STEP = 10;

/** What the projector hides: the API panel and the logs give the diagram their room. */
const PRESENTER_COLLAPSED: readonly PanelId[] = ['left', 'bottom'];
const PANELS: readonly PanelId[] = ['lesson', 'left', 'api', 'middle', 'bottom'];
const TABS: readonly WorkTab[] = ['code', 'api', 'clients'];

/** One stored preference section (the page's prefs, or a Map in tests). */
export interface PrefsSlot {
  read(): unknown;
  write(value: unknown): void;
}

/**
 * A section of the page's preferences (./persistence). Writes that fail (storage full or
 * blocked) keep the preference for this page view only: nothing here is the learner's work.
 */
export function storedPrefsSlot(store: KeyValueStore, basePath: string, name: 'layout' | 'presenter'): PrefsSlot {
  return {
    read: () => loadPrefs(store, basePath)[name] ?? null,
    write: (value) => void savePrefs(store, basePath, { ...loadPrefs(store, basePath), [name]: value }),
  };
}

/**
 * Schema history:
 * 1. `{ schema: 1, normal: ProfilePrefs, presenter: ProfilePrefs, tab: WorkTab }`.
 */
export const LAYOUT_SCHEMA = 1 as const;

interface ProfilePrefs {
  sizes: Record<SplitId, number>;
  collapsed: PanelId[];
}

export interface LayoutPrefs {
  schema: typeof LAYOUT_SCHEMA;
  normal: ProfilePrefs;
  presenter: ProfilePrefs;
  tab: WorkTab;
}

const SPLIT_IDS = Object.keys(SPLITS) as SplitId[];

function defaultProfile(profile: Profile): ProfilePrefs {
  return {
    sizes: Object.fromEntries(SPLIT_IDS.map((id) => [id, SPLITS[id][profile]])) as Record<SplitId, number>,
    collapsed: profile === 'presenter' ? [...PRESENTER_COLLAPSED] : [],
  };
}

/** Keeps `value` within the splitter's limits (and a number at all). */
export function clampSize(id: SplitId, value: number): number {
  const { min, max } = SPLITS[id];
  if (!Number.isFinite(value)) return SPLITS[id].normal;
  return Math.round(Math.min(max, Math.max(min, value)) * 10) / 10;
}

function readProfile(raw: unknown, profile: Profile): ProfilePrefs {
  const d = defaultProfile(profile);
  if (!raw || typeof raw !== 'object') return d;
  const r = raw as { sizes?: unknown; collapsed?: unknown };
  const sizes = { ...d.sizes };
  if (r.sizes && typeof r.sizes === 'object')
    for (const id of SPLIT_IDS) {
      const v = (r.sizes as Record<string, unknown>)[id];
      if (typeof v === 'number') sizes[id] = clampSize(id, v);
    }
  const collapsed = Array.isArray(r.collapsed)
    ? PANELS.filter((p) => (r.collapsed as unknown[]).includes(p))
    : d.collapsed;
  return { sizes, collapsed };
}

/** Reads stored layout preferences: unknown fields are dropped, bad values fall back to defaults. */
export function readLayoutPrefs(raw: unknown): LayoutPrefs {
  const doc =
    raw && typeof raw === 'object' && (raw as LayoutPrefs).schema === LAYOUT_SCHEMA ? (raw as LayoutPrefs) : null;
  return {
    schema: LAYOUT_SCHEMA,
    normal: readProfile(doc?.normal, 'normal'),
    presenter: readProfile(doc?.presenter, 'presenter'),
    tab: TABS.includes(doc?.tab as WorkTab) ? (doc!.tab as WorkTab) : 'code',
  };
}

/** The next width for a splitter key (ArrowLeft/Right, Up/Down, PageUp/Down, Home, End), or null. */
export function keyStep(id: SplitId, current: number, key: string, shift = false): number | null {
  const step = shift ? BIG_STEP : STEP;
  switch (key) {
    case 'ArrowLeft':
    case 'ArrowDown':
      return clampSize(id, current - step);
    case 'ArrowRight':
    case 'ArrowUp':
      return clampSize(id, current + step);
    case 'PageDown':
      return clampSize(id, current - BIG_STEP);
    case 'PageUp':
      return clampSize(id, current + BIG_STEP);
    case 'Home':
      return SPLITS[id].min;
    case 'End':
      return SPLITS[id].max;
    default:
      return null;
  }
}

export class LayoutState {
  #prefs: LayoutPrefs = $state(readLayoutPrefs(null));
  /** Which profile applies: the presenter's while presenter mode is on. */
  #profile: () => Profile;
  readonly #slot: PrefsSlot;

  constructor(slot: PrefsSlot, profile: () => Profile = () => 'normal') {
    this.#slot = slot;
    this.#profile = profile;
    this.#prefs = readLayoutPrefs(slot.read());
  }

  get #current(): ProfilePrefs {
    return this.#prefs[this.#profile()];
  }

  /** A splitter's width in percent, within its limits. */
  size(id: SplitId): number {
    return this.#current.sizes[id];
  }

  /**
   * Sets a splitter's width (clamped). The playground's two columns together always leave the
   * diagram its share, so dragging one never pushes the diagram off the page.
   */
  setSize(id: SplitId, value: number): void {
    let v = clampSize(id, value);
    const other: SplitId | null = id === 'left' ? 'middle' : id === 'middle' ? 'left' : null;
    if (other) v = Math.min(v, 100 - DIAGRAM_MIN_SHARE - this.#current.sizes[other]);
    v = Math.max(SPLITS[id].min, v);
    if (v === this.#current.sizes[id]) return;
    this.#current.sizes[id] = v;
    this.#save();
  }

  /** Applies a splitter key; true when the key was one of the splitter's. */
  key(id: SplitId, key: string, shift = false): boolean {
    const next = keyStep(id, this.size(id), key, shift);
    if (next === null) return false;
    this.setSize(id, next);
    return true;
  }

  /** Back to the profile's default width (a double-click on the splitter). */
  resetSize(id: SplitId): void {
    this.setSize(id, SPLITS[id][this.#profile()]);
  }

  collapsed(panel: PanelId): boolean {
    return this.#current.collapsed.includes(panel);
  }

  setCollapsed(panel: PanelId, collapsed: boolean): void {
    if (this.collapsed(panel) === collapsed) return;
    const list = this.#current.collapsed.filter((p) => p !== panel);
    this.#current.collapsed = collapsed ? [...list, panel] : list;
    this.#save();
  }

  toggle(panel: PanelId): void {
    this.setCollapsed(panel, !this.collapsed(panel));
  }

  /** The lesson work column's tab: code, API or clients/requests. */
  get tab(): WorkTab {
    return this.#prefs.tab;
  }

  set tab(tab: WorkTab) {
    if (!TABS.includes(tab) || tab === this.#prefs.tab) return;
    this.#prefs.tab = tab;
    this.#save();
  }

  #save(): void {
    this.#slot.write($state.snapshot(this.#prefs));
  }
}
