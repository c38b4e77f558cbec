/**
 * The page's state, composed once in main.ts and handed to the UI: workspace (saved as the
 * learner types), deployment, trace and client consoles.
 */
import type { Example } from '../examples';
import { Clients } from './clients.svelte';
import { basePathOf, memoryStore, type KeyValueStore, type Timers } from './persistence';
import { Playground } from './playground.svelte';
import { TraceState } from './trace.svelte';
import { Workspace } from './workspace.svelte';

export interface AppStateOptions {
  example: Example;
  store: KeyValueStore;
  /** `import.meta.env.BASE_URL` resolved against the page (namespaces storage keys). */
  basePath: string;
  timers?: Timers;
  now?: () => number;
}

export class AppState {
  readonly example: Example;
  readonly workspace: Workspace;
  readonly trace: TraceState;
  readonly playground: Playground;
  readonly clients: Clients;

  constructor(opts: AppStateOptions) {
    this.example = opts.example;
    const now = opts.now ?? Date.now;
    this.workspace = new Workspace({
      store: opts.store,
      basePath: opts.basePath,
      example: opts.example,
      timers: opts.timers ?? { set: (fn, ms) => setTimeout(fn, ms), clear: (h) => clearTimeout(h as number) },
      now,
    });
    this.trace = new TraceState();
    this.playground = new Playground(this.workspace, this.trace);
    this.clients = new Clients({
      defaultUrl: () => this.playground.clientUrl,
      disabledReason: () => this.playground.clientsDisabledReason,
      mode: () => this.workspace.mode,
      observe: (o) => this.playground.observe(o),
    });
    this.playground.attachClients(this.clients);
  }

  /**
   * First visit: the built-in example is trusted, so it deploys at once and a newcomer can
   * connect straight away. Restored edits never run until the learner presses Deploy.
   */
  start(): void {
    // MSW loads in parallel with the engine; a failure is reported by the deploy that awaits it.
    this.playground.startGateway().catch(() => {});
    // A restored real-mode session shows the real endpoint's (observed) trace from the start.
    if (this.workspace.mode === 'real') this.playground.setMode('real');
    if (this.workspace.firstVisit) void this.playground.deploy({ trusted: true });
  }

  /** Saves pending edits when the page may be going away (a pending timer might never fire). */
  listenForPageHide(target: Window): () => void {
    const flush = () => this.workspace.flush();
    const onVisibility = () => {
      if (target.document.visibilityState === 'hidden') flush();
    };
    target.addEventListener('pagehide', flush);
    target.document.addEventListener('visibilitychange', onVisibility);
    return () => {
      target.removeEventListener('pagehide', flush);
      target.document.removeEventListener('visibilitychange', onVisibility);
    };
  }
}

export function createAppState(example: Example): AppState {
  let store: KeyValueStore;
  try {
    store = window.localStorage;
  } catch {
    // Storage blocked: keep edits for this page view only.
    store = memoryStore();
  }
  return new AppState({ example, store, basePath: basePathOf(import.meta.env.BASE_URL, location.href) });
}
