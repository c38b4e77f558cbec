/**
 * Share links on the page: opening one (`#/share/v1.<codec>.<payload>`) and writing one.
 *
 * A link opens in a workspace slot of its own (`share:<hash of the payload>`), so the learner's
 * playground and lessons are never touched: "Keep it" replaces the playground only when they say
 * so (undoable), "Back to my work" is the playground as they left it, and edits made to a shared
 * setup are saved in its slot (a reload finds them). Opening runs nothing: the deployment stops,
 * the consoles are the link's (not connected), and the code waits for Deploy.
 *
 * A link that cannot be read (damaged, too large, hostile, from a newer version) leaves
 * everything as it was and says why, with the codec's or the validator's own message.
 * The codecs and the validation load on first use (src/share), outside the first paint.
 */
import type { ApiType } from '../gateway';
import type { Example } from '../examples';
import type { Setup, ShareBase, SharedClient, ShareState, ShareSummary } from '../share';
import type { Clients } from './clients.svelte';
import type { LessonsState } from './lessons.svelte';
import type { Route } from './route';
import type { Workspace, WorkspaceStart } from './workspace.svelte';

/** Links up to this length fit chat tools, QR codes (≤ 2,953 bytes) and old browsers (2,083). */
export const LINK_LIMIT = 2000;

/** What a link set up, for the banner. */
export interface OpenedShare {
  /** The slot the setup lives in. */
  slot: string;
  state: ShareState;
  summary: ShareSummary;
  /** What it starts from, in words: the example's or the lesson's title. */
  fromTitle: string;
  /** The link's payload, to tell one link from another. */
  key: string;
}

/** A link written for the Share dialog. */
export interface WrittenLink {
  url: string;
  /** The state as a `.agp.json` file's text. */
  json: string;
  /** Fits chat tools and QR codes (≤ LINK_LIMIT characters). */
  fits: boolean;
}

export interface ShareEnvironment {
  workspace: Workspace;
  lessons: LessonsState;
  examples: Record<ApiType, Example>;
  clients: () => Clients;
  /** Stops the running deployment; the consoles start over (Alice and Bob, not connected). */
  resetSession: () => void;
  /** The page's address without its fragment (the sub-path the site is served under included). */
  pageUrl: () => string;
  /** The timeline's step, when there is a timeline (written into links). */
  cursor?: () => number | undefined;
}

type Share = typeof import('../share');

const loadShare = (): Promise<Share> => import('../share');

/** FNV-1a: a short, stable name for a link's slot (not a security boundary: slots are the learner's own). */
function hashOf(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(36);
}

export class ShareLinks {
  #opened = $state.raw<OpenedShare | null>(null);
  #opening = $state(false);
  #error = $state('');
  #pendingCursor = $state<number | null>(null);
  #seq = 0;
  #settled: Promise<boolean> = Promise.resolve(false);
  readonly #env: ShareEnvironment;

  constructor(env: ShareEnvironment) {
    this.#env = env;
  }

  /** The link open now (its setup is in the workspace), or null. */
  get opened(): OpenedShare | null {
    return this.#opened;
  }
  get opening(): boolean {
    return this.#opening;
  }
  /** Why the last link could not be opened ('' when it could). */
  get error(): string {
    return this.#error;
  }
  /** The timeline step the link asked for, until the timeline takes it (`takeCursor`). */
  get pendingCursor(): number | null {
    return this.#pendingCursor;
  }
  takeCursor(): number | null {
    const c = this.#pendingCursor;
    this.#pendingCursor = null;
    return c;
  }
  dismissError(): void {
    this.#error = '';
  }

  /**
   * Opens the link of `route` in its own slot. Resolves true when it opened; false when it could
   * not be read (then `error` says why and nothing of the learner's changed).
   */
  open(route: Extract<Route, { view: 'share' }>): Promise<boolean> {
    this.#settled = this.#open(route);
    return this.#settled;
  }

  /** The last `open()`'s outcome (for callers that did not start it: the route did). */
  get settled(): Promise<boolean> {
    return this.#settled;
  }

  async #open(route: Extract<Route, { view: 'share' }>): Promise<boolean> {
    const key = `${route.codec}.${route.payload}`;
    if (this.#opened?.key === key) return true;
    const seq = ++this.#seq;
    this.#opening = true;
    this.#error = '';
    try {
      const share = await loadShare();
      if (route.version !== undefined)
        throw new share.ShareStateError(
          `This link was made by a newer version of the playground (link version v${route.version}; this one reads v1 links).`,
        );
      const state = share.readShareState(await share.decodePayload(route.codec, route.payload));
      const start = await this.#startOf(state);
      const setup = share.applyShare(state, start);
      if (seq !== this.#seq) return false;
      this.#show(share, state, start, setup, key);
      return true;
    } catch (e) {
      if (seq !== this.#seq) return false;
      this.#error =
        e instanceof Error && (e.name === 'ShareCodecError' || e.name === 'ShareStateError')
          ? e.message
          : `This link could not be opened: ${String(e)}`;
      return false;
    } finally {
      if (seq === this.#seq) this.#opening = false;
    }
  }

  /** The link's setup goes (another view opened): the workspace is back to the playground's. */
  close(): void {
    this.#seq++;
    this.#opening = false;
    if (!this.#opened) return;
    this.#opened = null;
    this.#pendingCursor = null;
    // A lesson shown over the link's setup goes with it (its own slot was never opened).
    if (this.#env.lessons.overShare) this.#env.lessons.close();
    this.#env.workspace.closeSlot();
    // The link's code stops with it: nothing shared keeps running beside the learner's own work.
    this.#env.resetSession();
  }

  /**
   * The learner keeps the shared setup: leaves its slot and replaces the playground's own
   * workspace with it (undoable like a reset). The consoles stay the link's.
   */
  keep(): void {
    const opened = this.#opened;
    if (!opened) return;
    const ws = this.#env.workspace;
    const setup = ws.snapshot();
    this.#opened = null;
    if (this.#env.lessons.overShare) this.#env.lessons.close();
    ws.closeSlot();
    ws.replaceWith(setup);
  }

  /** Writes the link of what is open now (and the same state as a file's text). */
  async write(): Promise<WrittenLink> {
    const share = await loadShare();
    const state = await share.captureShare(this.#env, this.#opened);
    const { codec, payload } = await share.encodePayload(state);
    const url = `${this.#env.pageUrl()}#/share/v1.${codec}.${payload}`;
    return { url, json: JSON.stringify(state, null, 2), fits: url.length <= LINK_LIMIT };
  }

  /**
   * A `.agp.json` file's text, checked as a link is, as the route that opens it. Throws the
   * same specific errors a link gives.
   */
  async routeOfFile(text: string): Promise<Extract<Route, { view: 'share' }>> {
    const share = await loadShare();
    if (text.length > share.MAX_JSON_BYTES)
      throw new share.ShareStateError(`This file is too large (at most ${share.MAX_JSON_BYTES / 1024 / 1024} MB).`);
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      throw new share.ShareStateError('This file is not a playground setup: it is not JSON.');
    }
    const state = share.readShareState(raw);
    share.applyShare(state, await this.#startOf(state));
    const { codec, payload } = await share.encodePayload(state);
    return { view: 'share', codec, payload };
  }

  /**
   * The link's consoles, named, configured and scripted as shared (in one list update); none
   * connects and no script starts until the learner says so.
   */
  #setClients(shared: SharedClient[]): void {
    const clients = this.#env.clients();
    clients.removeMany(clients.list);
    clients.addClients(shared);
  }

  #startOf(state: ShareState): Promise<WorkspaceStart & ShareBase> {
    return loadShare().then((share) => share.startOf(this.#env, state));
  }

  #show(share: Share, state: ShareState, start: WorkspaceStart, setup: Setup, key: string): void {
    const { workspace: ws } = this.#env;
    const slot = `share:${hashOf(key)}`;
    // A lesson's link opens with the playground's tools: the lesson's own slot stays the learner's.
    if (this.#env.lessons.current) this.#env.lessons.close();
    const restored = ws.openSlot(slot, start) === 'restored';
    // Opened before, maybe edited since: those edits are the learner's, and stay.
    if (!restored) ws.applySnapshot({ ...setup, activeFile: setup.focus, exampleId: start.id });
    this.#env.resetSession();
    // Made in the lesson view: the lesson's instructions and checks, over the link's own slot.
    if (state.view === 'lesson' && 'lesson' in state.from) this.#env.lessons.showOver(state.from.lesson);
    if (state.clients) this.#setClients(state.clients);
    this.#pendingCursor = state.cursor ?? null;
    this.#opened = {
      slot,
      state,
      summary: share.summarize(state, start, setup),
      fromTitle: start.title,
      key,
    };
  }
}
