/**
 * The open lesson: the course (loaded on demand), which lesson is open, its check results,
 * progress (localStorage, versioned; export/import as JSON), "Reveal solution" with the way
 * back, and when checks run. Each lesson has its own saved workspace (Workspace slots), so
 * reopening a lesson finds the learner's edits and the playground's are untouched.
 *
 * Nothing runs when a lesson opens: checks run when the learner acts (Deploy, "Run checks",
 * Ctrl+Enter); after that, scenario checks re-run on save (debounced) and learner-trace checks
 * follow the learner's own trace.
 */
import type { ApiDefinition, ApiType } from '../gateway';
import type { Example } from '../examples';
import type { Check, CheckResult, Course, Files, LearnerSession, Lesson, LessonProblem, LoadResult } from '../lessons';
import {
  emptyProgress,
  isComplete,
  markRevealed,
  mergeProgress,
  mineKey,
  parseProgress,
  progressKey,
  recordPassed,
  type Progress,
} from './lesson-progress';
import { setAsideText, type KeyValueStore, type Timers } from './persistence';
import { lessonPresets } from './chips';
import { lessonRequests } from './requests';
import { exampleStart, startSnapshot, type Snapshot, type Workspace, type WorkspaceStart } from './workspace.svelte';

/** The lesson's files as the runner wants them: `api.json` is the definition. */
const API_FILE = 'api.json';

export interface LessonsOptions {
  workspace: Workspace;
  store: KeyValueStore;
  basePath: string;
  timers: Timers;
  now: () => number;
  /** `loadBundledCourse` (dynamically imported by the caller, so the course is not in the first load). */
  loadCourse: () => Promise<LoadResult<Course>>;
  /** `runChecks` with the sandbox runtime as `createInvoker` on the page; a Node invoker in tests. */
  runChecks: (checks: readonly Check[], files: Files, session: LearnerSession) => Promise<CheckResult[]>;
  /** The learner's own session now (the current deployment's trace and tables). */
  session: () => LearnerSession;
  /** Presets and callers of each API type, lent to a lesson's workspace. */
  examples: Record<ApiType, Example>;
  /** Re-run delay after an edit (about a second, so typing does not start a run per key). */
  rerunDelayMs?: number;
}

export type CheckStatus = 'pass' | 'fail' | 'error' | 'pending' | 'running';

const API_TYPE_OF: Record<string, ApiType | undefined> = { websocket: 'WEBSOCKET', http: 'HTTP', rest: 'REST' };

/**
 * The lesson's start, as the workspace starts from it ("Reset" and `hasEdits` compare against
 * it), or null for an API type the page does not know. A WebSocket lesson's chips are the
 * messages its checks send (never the chat example's); an HTTP or REST lesson's example requests
 * are the requests its checks send (never the shop's). A comparison lesson edits its inputs
 * file (comparison.json) and runs no API of its own: its start has no definition, and lends
 * the WebSocket example's console presets to the tools the page keeps showing.
 */
export function lessonExample(
  lesson: Lesson,
  variant: Files,
  examples: Record<ApiType, Example>,
): WorkspaceStart | null {
  const files: Record<string, string> = {};
  for (const [k, v] of Object.entries(variant)) if (k !== API_FILE) files[k] = v;
  const common = {
    id: `lesson:${lesson.slug}`,
    title: lesson.meta.title,
    files,
    focus: lesson.meta.focus in files ? lesson.meta.focus : (Object.keys(files)[0] ?? ''),
  };
  if (lesson.meta.api === 'compare') {
    return { ...exampleStart(examples.WEBSOCKET), ...common, kind: 'compare', definition: null };
  }
  const kind = API_TYPE_OF[lesson.meta.api];
  if (!kind) return null;
  const definition = (variant[API_FILE] !== undefined ? JSON.parse(variant[API_FILE]) : {}) as ApiDefinition;
  if (kind === 'WEBSOCKET') {
    return { ...exampleStart(examples[kind]), ...common, presets: lessonPresets(lesson.checks), kind, definition };
  }
  // HTTP and REST: the lesson's own requests and the two plain callers (the shop's carry its API key).
  const requests = lessonRequests(lesson.checks, definition);
  const { callers: _shop, ...base } = exampleStart(examples[kind]);
  return { ...base, ...common, requests, kind, definition };
}

export class LessonsState {
  #course = $state.raw<Course | null>(null);
  #loadProblems = $state.raw<LessonProblem[]>([]);
  #loading: Promise<void> | null = null;
  #current = $state.raw<Lesson | null>(null);
  #overShare = $state(false);
  #results = $state.raw<Record<string, CheckResult>>({});
  #running = $state(false);
  /** The learner has acted in this lesson (deployed or ran checks): edits now re-run checks. */
  #acted = $state(false);
  #progress = $state.raw<Progress>(emptyProgress());
  /** The learner's version while the solution is shown ("Back to my version"). */
  #mine = $state.raw<Snapshot | null>(null);
  /** One line for the aria-live region: what the last run found. */
  #announcement = $state('');
  #rerunHandle: unknown = undefined;
  #rerunQueued = false;
  #runSeq = 0;
  readonly #opts: LessonsOptions;

  constructor(opts: LessonsOptions) {
    this.#opts = opts;
    this.#progress = this.#readProgress();
  }

  // ---- course ------------------------------------------------------------------------

  /** Loads the course once; a broken pack is reported through `loadProblems`. */
  load(): Promise<void> {
    this.#loading ??= this.#opts.loadCourse().then(
      (r) => {
        if (r.ok) this.#course = r.value;
        else this.#loadProblems = r.problems;
      },
      (e: unknown) => {
        this.#loadProblems = [{ file: 'lessons', field: '', message: `could not load: ${String(e)}` }];
      },
    );
    return this.#loading;
  }

  get loaded(): boolean {
    return this.#course !== null || this.#loadProblems.length > 0;
  }
  get loadProblems(): LessonProblem[] {
    return this.#loadProblems;
  }
  get lessons(): Lesson[] {
    return this.#course?.lessons ?? [];
  }
  get current(): Lesson | null {
    return this.#current;
  }
  get previous(): Lesson | null {
    const i = this.#index();
    return i > 0 ? this.lessons[i - 1] : null;
  }
  get next(): Lesson | null {
    const i = this.#index();
    return i >= 0 && i < this.lessons.length - 1 ? this.lessons[i + 1] : null;
  }

  #index(): number {
    const c = this.#current;
    return c ? this.lessons.findIndex((l) => l.slug === c.slug) : -1;
  }

  // ---- open / close ------------------------------------------------------------------

  /**
   * Opens a lesson by slug: its own saved workspace, or its start files. Returns false when
   * no lesson has this slug. Runs nothing.
   */
  open(slug: string): boolean {
    if (this.#current?.slug === slug && !this.#overShare) return true;
    return this.#open(slug, false);
  }

  /**
   * Shows a lesson's instructions and checks over the workspace open now, without touching the
   * lesson's own slot: a share link made in the lesson view opens in a slot of its own, and the
   * learner's saved work in that lesson stays as it was. `close()` then leaves the workspace to
   * whoever opened it. Returns false when no lesson has this slug.
   */
  showOver(slug: string): boolean {
    return this.#open(slug, true);
  }

  /** The lesson is shown over a workspace it does not own (`showOver`). */
  get overShare(): boolean {
    return this.#overShare;
  }

  #open(slug: string, over: boolean): boolean {
    const lesson = this.lessons.find((l) => l.slug === slug);
    if (!lesson) return false;
    this.#cancelRerun();
    this.#runSeq++;
    this.#current = lesson;
    this.#results = {};
    this.#running = false;
    this.#acted = false;
    this.#announcement = '';
    this.#overShare = over;
    const start = over ? null : lessonExample(lesson, lesson.files.start, this.#opts.examples);
    if (start) this.#opts.workspace.openSlot(`lesson:${slug}`, start);
    // Over a shared setup, "my version" is the link's, for this page view: the lesson's own is not touched.
    this.#mine = over ? null : this.#readMine(slug, lesson.meta.api !== 'compare');
    return true;
  }

  /** Leaves the lesson for the playground's own workspace (the lesson's edits stay saved). */
  close(): void {
    if (!this.#current) return;
    this.#cancelRerun();
    this.#runSeq++;
    this.#current = null;
    this.#results = {};
    this.#running = false;
    this.#mine = null;
    if (this.#overShare) this.#overShare = false;
    else this.#opts.workspace.closeSlot();
  }

  // ---- checks ------------------------------------------------------------------------

  get results(): Record<string, CheckResult> {
    return this.#results;
  }
  get running(): boolean {
    return this.#running;
  }
  get acted(): boolean {
    return this.#acted;
  }
  get announcement(): string {
    return this.#announcement;
  }

  status(checkId: string): CheckStatus {
    const r = this.#results[checkId];
    if (r) return r.status;
    return this.#running ? 'running' : 'pending';
  }

  /** The learner deployed (or pressed Ctrl+Enter): from now on edits re-run the checks. */
  markActed(): void {
    if (this.#current) this.#acted = true;
  }

  /** Runs every check of the open lesson now ("Run checks"). */
  async runChecks(): Promise<void> {
    const lesson = this.#current;
    if (!lesson) return;
    this.#acted = true;
    this.#cancelRerun();
    if (this.#running) {
      // One run at a time (each spins up an isolated gateway): run again when this one ends.
      this.#rerunQueued = true;
      return;
    }
    const seq = ++this.#runSeq;
    this.#running = true;
    this.#announcement = 'Running the checks…';
    let results: CheckResult[];
    try {
      results = await this.#opts.runChecks(lesson.checks, this.#files(), this.#opts.session());
    } catch (e) {
      if (seq !== this.#runSeq) return;
      this.#running = false;
      this.#announcement = `The checks could not run: ${String(e)}`;
      return;
    }
    if (seq !== this.#runSeq) return;
    this.#running = false;
    this.#apply(lesson, results);
    if (this.#rerunQueued) {
      this.#rerunQueued = false;
      void this.runChecks();
    }
  }

  /** The workspace changed: once the learner has acted, re-run the checks after a pause. */
  edited(): void {
    if (!this.#current || !this.#acted) return;
    this.#cancelRerun();
    this.#rerunHandle = this.#opts.timers.set(() => {
      this.#rerunHandle = undefined;
      void this.runChecks();
    }, this.#opts.rerunDelayMs ?? 1000);
  }

  /**
   * The learner's trace changed: learner-trace checks are evaluated against it (a pass
   * counts at once; scenario results are kept).
   */
  async traceChanged(): Promise<void> {
    const lesson = this.#current;
    // Before the learner acts in this lesson the trace is another deployment's (the playground's).
    if (!lesson || !this.#acted || this.#running) return;
    const checks = lesson.checks.filter((c) => c.kind === 'learner-trace');
    if (!checks.length) return;
    const session = this.#opts.session();
    if (!session.trace.length) return;
    const seq = this.#runSeq;
    const results = await this.#opts.runChecks(checks, this.#files(), session);
    if (seq !== this.#runSeq || this.#current !== lesson) return;
    this.#apply(lesson, results);
  }

  #apply(lesson: Lesson, results: CheckResult[]): void {
    const next = { ...this.#results };
    for (const r of results) next[r.checkId] = r;
    this.#results = next;
    const passed = results.filter((r) => r.status === 'pass').map((r) => r.checkId);
    const wasComplete = isComplete(this.#progress, lesson.slug);
    this.#setProgress(
      recordPassed(
        this.#progress,
        lesson.slug,
        passed,
        lesson.checks.map((c) => c.id),
        this.#opts.now(),
      ),
    );
    const all = lesson.checks.length;
    const ok = lesson.checks.filter((c) => next[c.id]?.status === 'pass').length;
    const firstFail = lesson.checks.find((c) => next[c.id] && next[c.id].status !== 'pass');
    this.#announcement =
      ok === all
        ? `All ${all} checks pass.${!wasComplete ? ' Lesson complete.' : ''}`
        : `${ok} of ${all} checks pass.${firstFail ? ` Failing: ${firstFail.title}.` : ''}`;
  }

  #cancelRerun(): void {
    if (this.#rerunHandle !== undefined) this.#opts.timers.clear(this.#rerunHandle);
    this.#rerunHandle = undefined;
  }

  /** The workspace as lesson files: `api.json` (when there is an API) plus the other files. */
  #files(): Files {
    const ws = this.#opts.workspace;
    const definition = ws.definitionSnapshot();
    return {
      ...(definition ? { [API_FILE]: JSON.stringify(definition, null, 2) } : {}),
      ...ws.filesSnapshot(),
    };
  }

  // ---- reset / reveal ----------------------------------------------------------------

  /** The learner's files differ from the lesson's start. */
  get hasLocalEdits(): boolean {
    return this.#current !== null && this.#opts.workspace.hasEdits;
  }

  /** True while the solution is shown and the learner's version is kept aside. */
  get showingSolution(): boolean {
    return this.#mine !== null;
  }

  /** Back to the lesson's start files (the UI confirms first); results are cleared. */
  reset(): void {
    const lesson = this.#current;
    if (!lesson) return;
    const start = lessonExample(lesson, lesson.files.start, this.#opts.examples);
    if (!start) return;
    this.#runSeq++;
    this.#cancelRerun();
    this.#running = false;
    this.#results = {};
    this.#setMine(lesson.slug, null);
    this.#opts.workspace.applySnapshot(startSnapshot(start));
  }

  /** Loads the solution, keeping the learner's version for `backToMine()` (saved, survives a reload). */
  revealSolution(): void {
    const lesson = this.#current;
    if (!lesson) return;
    const solution = lessonExample(lesson, lesson.files.solution, this.#opts.examples);
    if (!solution) return;
    if (!this.#mine) this.#setMine(lesson.slug, this.#opts.workspace.snapshot());
    this.#setProgress(markRevealed(this.#progress, lesson.slug));
    const s = startSnapshot(solution);
    s.activeFile = this.#opts.workspace.activeFile in s.files ? this.#opts.workspace.activeFile : s.activeFile;
    this.#opts.workspace.applySnapshot(s);
  }

  /** Puts the learner's own version back after a reveal. */
  backToMine(): void {
    const lesson = this.#current;
    const mine = this.#mine;
    if (!lesson || !mine) return;
    this.#setMine(lesson.slug, null);
    this.#opts.workspace.applySnapshot(mine);
  }

  #readMine(slug: string, hasApi: boolean): Snapshot | null {
    const key = mineKey(this.#opts.basePath, slug);
    let text: string | null;
    try {
      text = this.#opts.store.getItem(key);
    } catch {
      return null;
    }
    if (!text) return null;
    let v: Snapshot | null = null;
    try {
      v = JSON.parse(text) as Snapshot;
    } catch {
      // set aside below
    }
    // A comparison lesson's version has no definition (null); any other lesson's has one.
    const definitionOk = hasApi ? !!v?.definition : v?.definition !== undefined;
    if (v && typeof v === 'object' && v.files && typeof v.files === 'object' && definitionOk) return v;
    // The learner's own work: kept under a backup key (and listed for download), never overwritten.
    setAsideText(this.#opts.store, key, text, this.#opts.now);
    return null;
  }

  #setMine(slug: string, mine: Snapshot | null): void {
    this.#mine = mine;
    if (this.#overShare) return;
    const key = mineKey(this.#opts.basePath, slug);
    try {
      if (mine) this.#opts.store.setItem(key, JSON.stringify(mine));
      else this.#opts.store.removeItem(key);
    } catch {
      // Storage full or blocked: the version stays in memory for this page view.
    }
  }

  // ---- progress ----------------------------------------------------------------------

  get progress(): Progress {
    return this.#progress;
  }

  /** ✓ in the table of contents: every check of the lesson has passed at least once. */
  completed(slug: string): boolean {
    return isComplete(this.#progress, slug);
  }

  /** The checks of a lesson that have passed at least once. */
  passedOnce(slug: string): string[] {
    return this.#progress.lessons[slug]?.passed ?? [];
  }

  exportProgress(): string {
    return JSON.stringify(this.#progress, null, 2);
  }

  /** Adds imported progress to this browser's; the error says what is wrong with the file. */
  importProgress(text: string): { ok: true; lessons: number } | { ok: false; error: string } {
    const r = parseProgress(text);
    if (!r.ok) return r;
    this.#setProgress(mergeProgress(this.#progress, r.progress));
    return { ok: true, lessons: Object.keys(r.progress.lessons).length };
  }

  /**
   * Another tab saved progress: what it passed is added to this tab's (progress only grows), so
   * neither tab's next save can take back what the other recorded.
   */
  storedProgressChanged(): void {
    this.#progress = mergeProgress(this.#progress, this.#readProgress());
  }

  /**
   * The saved progress. Unreadable progress (not JSON, a newer schema, a file edited by hand) is
   * set aside under a backup key, listed for download, and reads as none: never overwritten.
   */
  #readProgress(): Progress {
    const key = progressKey(this.#opts.basePath);
    let text: string | null;
    try {
      text = this.#opts.store.getItem(key);
    } catch {
      return emptyProgress();
    }
    if (!text) return emptyProgress();
    const r = parseProgress(text);
    if (r.ok) return r.progress;
    setAsideText(this.#opts.store, key, text, this.#opts.now);
    return emptyProgress();
  }

  #setProgress(p: Progress): void {
    // What another tab saved meanwhile is kept: progress only grows.
    this.#progress = mergeProgress(p, this.#readProgress());
    try {
      this.#opts.store.setItem(progressKey(this.#opts.basePath), JSON.stringify(this.#progress));
    } catch {
      // Storage full or blocked: progress lives for this page view; export still works.
    }
  }
}
