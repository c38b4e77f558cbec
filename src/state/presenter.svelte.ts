/**
 * Presenter mode, for a projector: the whole app's text scaled (1.25× to 2×, a CSS custom
 * property on the root that every rem-based size follows), the secondary panels hidden (the
 * layout's presenter profile) and the diagram given the room; its text floor rises to 16 px.
 * Remembered in the page's preferences, so a trainer's reload keeps the room's settings.
 */
import type { PrefsSlot } from './layout.svelte';

export const FONT_SCALES = [1.25, 1.5, 1.75, 2] as const;
export const MIN_SCALE = 1.25;
export const MAX_SCALE = 2;
const DEFAULT_SCALE = 1.5;

/**
 * Schema history:
 * 1. `{ schema: 1, active: boolean, fontScale: number }`.
 */
export const PRESENTER_SCHEMA = 1 as const;

/** A scale within 1.25×–2×, to the nearest 0.05 (anything unreadable is the default 1.5×). */
export function clampScale(scale: number): number {
  if (!Number.isFinite(scale)) return DEFAULT_SCALE;
  return Math.round(Math.min(MAX_SCALE, Math.max(MIN_SCALE, scale)) * 20) / 20;
}

export class Presenter {
  #active = $state(false);
  #fontScale = $state(DEFAULT_SCALE);
  readonly #slot: PrefsSlot;

  constructor(slot: PrefsSlot) {
    this.#slot = slot;
    const raw = slot.read() as { schema?: unknown; active?: unknown; fontScale?: unknown } | null;
    if (raw && typeof raw === 'object' && raw.schema === PRESENTER_SCHEMA) {
      this.#active = raw.active === true;
      if (typeof raw.fontScale === 'number') this.#fontScale = clampScale(raw.fontScale);
    }
  }

  get active(): boolean {
    return this.#active;
  }

  /** The chosen scale (kept while presenter mode is off, for next time). */
  get fontScale(): number {
    return this.#fontScale;
  }

  /** What the root font size is multiplied by now: the chosen scale in presenter mode, else 1. */
  get rootScale(): number {
    return this.#active ? this.#fontScale : 1;
  }

  toggle(): void {
    this.setActive(!this.#active);
  }

  setActive(active: boolean): void {
    if (active === this.#active) return;
    this.#active = active;
    this.#save();
  }

  setFontScale(scale: number): void {
    const s = clampScale(scale);
    if (s === this.#fontScale) return;
    this.#fontScale = s;
    this.#save();
  }

  #save(): void {
    this.#slot.write({ schema: PRESENTER_SCHEMA, active: this.#active, fontScale: this.#fontScale });
  }
}
