/**
 * The first minute: a "Start here" panel that a first visit to the playground opens by itself
 * (what this is; connect Alice and Bob; send a message and watch the diagram; then Lesson 1).
 * It never opens by itself for a returning learner (saved edits, lesson progress, or closed
 * once before) nor on a deep link (a lesson, the comparison, a share link): those people know
 * where they are going. Closing it is remembered (versioned, namespaced by base path, in
 * ./persistence); the header's "Start here" opens it again at any time.
 */
import { loadPrefs, savePrefs, type KeyValueStore } from './persistence';
import type { Route } from './route';
import type { ClientSession } from './clients.svelte';

export interface StartHereOptions {
  store: KeyValueStore;
  basePath: string;
  now: () => number;
  /** This browser has been here before: saved edits or lesson progress. */
  returning: () => boolean;
  /** The WebSocket clients the steps talk about (Alice and Bob first). */
  clients: () => readonly ClientSession[];
}

/** Whether the panel opens by itself when the page starts on `route`. */
export function opensOnArrival(state: { returning: boolean; dismissed: boolean; route: Route }): boolean {
  return !state.returning && !state.dismissed && state.route.view === 'playground';
}

export class StartHere {
  #open = $state(false);
  /** Opened from the header (focus moves into the panel), rather than by itself on arrival. */
  #asked = $state(false);
  #dismissedAt: number | null;
  readonly #opts: StartHereOptions;

  constructor(opts: StartHereOptions) {
    this.#opts = opts;
    this.#dismissedAt = loadPrefs(opts.store, opts.basePath).startHereDismissedAt ?? null;
  }

  get open(): boolean {
    return this.#open;
  }
  /** The learner asked for the panel (the header's button): it takes the focus. */
  get asked(): boolean {
    return this.#asked;
  }
  get dismissed(): boolean {
    return this.#dismissedAt !== null;
  }

  /** The page starts on `route`: opens the panel when this is a first visit to the playground. */
  arrive(route: Route): void {
    this.#open = opensOnArrival({ returning: this.#opts.returning(), dismissed: this.dismissed, route });
    this.#asked = false;
  }

  /** The header's "Start here". */
  reopen(): void {
    this.#open = true;
    this.#asked = true;
  }

  /** Closes the panel, for good: it will not open by itself again in this browser. */
  dismiss(): void {
    this.#open = false;
    this.#asked = false;
    if (this.#dismissedAt !== null) return;
    this.#dismissedAt = this.#opts.now();
    savePrefs(this.#opts.store, this.#opts.basePath, {
      ...loadPrefs(this.#opts.store, this.#opts.basePath),
      startHereDismissedAt: this.#dismissedAt,
    });
  }

  /** Step 2's button: connects the first two clients (those not connected yet). */
  connectBoth(): void {
    for (const c of this.#opts.clients().slice(0, 2)) if (!c.connected) c.connect();
  }

  /** Step 3's button: the first client sends `text` (the first chip). */
  send(text: string): void {
    this.#opts.clients()[0]?.send(text);
  }

  /** Step 2 is done: the first two clients (Alice and Bob) are connected. */
  get connected(): boolean {
    const [a, b] = this.#opts.clients();
    return a?.status === 'open' && b?.status === 'open';
  }

  /** Step 3 is done: a client has sent a message. */
  get sent(): boolean {
    return this.#opts.clients().some((c) => c.frames.some((f) => f.kind === 'sent'));
  }
}
