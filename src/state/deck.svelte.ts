/**
 * The trainer's deck as the page holds it (format and checks in src/deck): which deck is open,
 * the step it is at, whether the speaker notes show, and what went wrong when a deck could not
 * be opened. Moving to a step moves the router to the step's target, so a deck step is the same
 * page a learner reaches through the step's link. A deck that fails its checks changes nothing:
 * the deck already open (if any) stays, and no workspace is touched. The open deck and its step
 * are saved, so a trainer's reload keeps the workshop where it was. AppState makes this (and
 * loads src/deck with it) on first use, so a visit without a deck never downloads either.
 */
import {
  clampStep,
  DECK_LIMITS,
  deckJson,
  deckLink,
  parseDeck,
  parseDeckText,
  readDeckLink,
  roomLink,
  siteUrl,
  stepFragment,
  type Deck,
  type DeckProblem,
  type DeckResult,
  type DeckStep,
  type RoomLink,
} from '../deck';
import type { AppState } from './app.svelte';
import type { KeyValueStore } from './persistence';
import { parseRoute, type Route } from './route';

export interface DeckHost {
  store: KeyValueStore;
  /** Where the open deck is saved (`deckKey` in app.svelte.ts). */
  key: string;
  go(route: Route, options?: { replace?: boolean }): void;
  /** Opens a lesson and shows its solution (a step that asks for it). */
  revealSolution(slug: string): Promise<void>;
  /** The course's lesson slugs, to name a step whose lesson does not exist ([] when unknown). */
  lessonSlugs(): Promise<string[]>;
  /** The page's address now: links for the room are made from it. */
  href(): string;
}

export interface DeckError {
  /** What was being opened: `the deck file “x.json”`, `the deck link`. */
  source: string;
  problems: DeckProblem[];
  /** A deck was open before and still is. */
  kept: boolean;
}

/** Schema history: 1. `{ schema: 1, deck: <deck file JSON>, step: number, notesOpen: boolean }`. */
const SAVED_SCHEMA = 1;

interface Saved {
  schema?: unknown;
  deck?: unknown;
  step?: unknown;
  notesOpen?: unknown;
}

function readSaved(text: string): Saved | null {
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === 'object' ? (v as Saved) : null;
  } catch {
    return null;
  }
}

export class DeckState {
  #deck = $state.raw<Deck | null>(null);
  #index = $state(0);
  #notesOpen = $state(true);
  #error = $state.raw<DeckError | null>(null);
  #loading = $state(false);
  /** Each open supersedes the ones before it (a file picked while a link still loads). */
  #seq = 0;
  readonly #host: DeckHost;

  constructor(host: DeckHost) {
    this.#host = host;
  }

  get deck(): Deck | null {
    return this.#deck;
  }
  /** The step shown (0-based). */
  get index(): number {
    return this.#index;
  }
  get current(): DeckStep | null {
    return this.#deck?.steps[this.#index] ?? null;
  }
  get notesOpen(): boolean {
    return this.#notesOpen;
  }
  get error(): DeckError | null {
    return this.#error;
  }
  get loading(): boolean {
    return this.#loading;
  }
  get hasPrevious(): boolean {
    return !!this.#deck && this.#index > 0;
  }
  get hasNext(): boolean {
    return !!this.#deck && this.#index < this.#deck.steps.length - 1;
  }

  // ---- opening -----------------------------------------------------------------------

  /** A deck file (the "Open deck" button, or one dropped on the page). Opens its first step. */
  async openFile(file: Pick<File, 'name' | 'size' | 'text'>): Promise<boolean> {
    const source = `the deck file “${file.name.slice(0, 80)}”`;
    const seq = this.#begin();
    if (file.size > DECK_LIMITS.fileBytes)
      return this.#fail(seq, source, [
        {
          where: 'file',
          message: `is ${Math.round(file.size / 1024)} KB (a deck is at most ${DECK_LIMITS.fileBytes / 1024 / 1024} MB)`,
        },
      ]);
    let text: string;
    try {
      text = await file.text();
    } catch (e) {
      return this.#fail(seq, source, [{ where: 'file', message: `could not be read (${String(e)})` }]);
    }
    return this.#finish(seq, source, parseDeckText(text), 0, false);
  }

  /** A deck link (`#/deck/v1.<codec>.<payload>[/<n>]`): opens step n (default 1) in the link's place. */
  async openLink(codec: string, payload: string, step?: number): Promise<boolean> {
    const seq = this.#begin();
    let result: DeckResult;
    try {
      result = await readDeckLink(codec, payload);
    } catch (e) {
      result = { ok: false, problems: [{ where: '', message: `This link could not be read (${String(e)}).` }] };
    }
    return this.#finish(seq, 'the deck link', result, (step ?? 1) - 1, true);
  }

  #begin(): number {
    this.#loading = true;
    return ++this.#seq;
  }

  async #finish(seq: number, source: string, result: DeckResult, index: number, replace: boolean): Promise<boolean> {
    if (seq !== this.#seq) return false;
    if (!result.ok) return this.#fail(seq, source, result.problems);
    const deck = result.deck;
    const problems = await this.#missingLessons(deck);
    if (seq !== this.#seq) return false;
    if (problems.length) return this.#fail(seq, source, problems);
    this.#loading = false;
    this.#error = null;
    this.#deck = deck;
    this.#notesOpen = true;
    this.go(index, { replace });
    return true;
  }

  #fail(seq: number, source: string, problems: DeckProblem[]): false {
    if (seq === this.#seq) {
      this.#loading = false;
      this.#error = { source, problems, kept: this.#deck !== null };
    }
    return false;
  }

  /** Steps whose lesson the course does not have (none checked when the course cannot load). */
  async #missingLessons(deck: Deck): Promise<DeckProblem[]> {
    let slugs: string[];
    try {
      slugs = await this.#host.lessonSlugs();
    } catch {
      return [];
    }
    if (!slugs.length) return [];
    const out: DeckProblem[] = [];
    deck.steps.forEach((s, i) => {
      if (s.target.kind === 'lesson' && !slugs.includes(s.target.slug))
        out.push({
          where: `step ${i + 1}, target.lesson`,
          message: `there is no lesson “${s.target.slug}” in this playground`,
        });
    });
    return out;
  }

  dismissError(): void {
    this.#error = null;
  }

  // ---- presenting --------------------------------------------------------------------

  /** Moves to step `index` (0-based): the router follows the step's target. */
  go(index: number, options: { replace?: boolean } = {}): void {
    const deck = this.#deck;
    if (!deck) return;
    this.#index = Math.min(deck.steps.length - 1, Math.max(0, Number.isInteger(index) ? index : 0));
    this.#save();
    const step = deck.steps[this.#index];
    this.#host.go(parseRoute(stepFragment(deck, step)), options);
    if (step.target.kind === 'lesson' && step.target.solution) void this.#host.revealSolution(step.target.slug);
  }

  next(): void {
    if (this.hasNext) this.go(this.#index + 1);
  }

  previous(): void {
    if (this.hasPrevious) this.go(this.#index - 1);
  }

  toggleNotes(): void {
    this.#notesOpen = !this.#notesOpen;
    this.#save();
  }

  /** Puts the deck away (the page stays where it is). */
  close(): void {
    this.#seq++;
    this.#deck = null;
    this.#index = 0;
    this.#error = null;
    this.#loading = false;
    try {
      this.#host.store.removeItem(this.#host.key);
    } catch {
      // Storage blocked: nothing was saved either.
    }
  }

  /** The link for the room to step `index` (default: the step shown), with its length. */
  roomLink(index = this.#index): RoomLink | null {
    const deck = this.#deck;
    const step = deck?.steps[index];
    if (!deck || !step) return null;
    return roomLink(this.#host.href(), deck, step);
  }

  /** This deck's own link (`#/deck/v1.…`, at the step shown), for another machine. */
  async deckLink(): Promise<string | null> {
    const deck = this.#deck;
    if (!deck) return null;
    return siteUrl(this.#host.href()) + (await deckLink(deck, this.#index + 1));
  }

  // ---- saved deck --------------------------------------------------------------------

  /** Reopens the deck saved by this browser, at its step, without moving the page. */
  restore(): void {
    let text: string | null;
    try {
      text = this.#host.store.getItem(this.#host.key);
    } catch {
      return;
    }
    if (!text) return;
    // A deck opened since (a link on arrival) wins over the saved one.
    if (this.#deck) return;
    const saved = readSaved(text);
    const r = saved?.schema === SAVED_SCHEMA ? parseDeck(saved.deck) : null;
    if (!r?.ok) {
      // Only a copy of a file or link the trainer has: nothing to keep.
      this.close();
      return;
    }
    this.#deck = r.deck;
    this.#index = clampStep(r.deck, typeof saved?.step === 'number' ? saved.step : 0);
    this.#notesOpen = saved?.notesOpen !== false;
  }

  #save(): void {
    const deck = this.#deck;
    if (!deck) return;
    try {
      this.#host.store.setItem(
        this.#host.key,
        JSON.stringify({
          schema: SAVED_SCHEMA,
          deck: deckJson(deck),
          step: this.#index,
          notesOpen: this.#notesOpen,
        }),
      );
    } catch {
      // Storage full or blocked: the deck lasts for this page view.
    }
  }
}

/** The page's deck: its steps move the app's router and open its lessons. */
export function appDeck(
  app: Pick<AppState, 'router' | 'lessons' | 'openLesson'>,
  page: Pick<DeckHost, 'store' | 'key' | 'href'>,
): DeckState {
  return new DeckState({
    ...page,
    go: (route, o) => app.router.go(route, o),
    revealSolution: async (slug) => {
      if (await app.openLesson(slug)) app.lessons.revealSolution();
    },
    lessonSlugs: async () => {
      await app.lessons.load();
      return app.lessons.lessons.map((l) => l.slug);
    },
  });
}
