import { describe, expect, it, vi } from 'vitest';
import { EXAMPLES, chatExample } from '../examples';
import { loadBundledCourse } from '../lessons/bundled';
import { nodeInvokerFactory } from '../lessons/node';
import { runChecks } from '../lessons/runner';
import type { Check, CheckResult, Files, LearnerSession } from '../lessons';
import { progressKey } from './lesson-progress';
import { LessonsState, lessonExample, type LessonsOptions } from './lessons.svelte';
import { storageKeys } from './persistence';
import { manualTimers, memoryStore } from './test-environment';
import { Workspace } from './workspace.svelte';

const course = await loadBundledCourse();

type Run = LessonsOptions['runChecks'];
const realRun: Run = (checks: readonly Check[], files: Files, session: LearnerSession) =>
  runChecks(checks, files, { createInvoker: nodeInvokerFactory, session });

function make(opts: { store?: ReturnType<typeof memoryStore>; run?: Run } = {}) {
  const store = opts.store ?? memoryStore();
  const timers = manualTimers();
  const ws = new Workspace({
    store,
    basePath: '/p/',
    example: chatExample,
    examples: EXAMPLES,
    timers,
    now: () => 7_000,
  });
  const run = vi.fn(opts.run ?? realRun);
  const lessons = new LessonsState({
    workspace: ws,
    store,
    basePath: '/p/',
    timers,
    now: () => 9_000,
    loadCourse: async () => course,
    runChecks: run,
    session: () => ({ trace: [] }),
    examples: EXAMPLES,
  });
  return { store, timers, ws, lessons, run };
}

describe("a lesson's own examples", () => {
  it('offers every HTTP or REST lesson its own requests, each under a label of its own, and never the shop callers', async () => {
    const loaded = await loadBundledCourse();
    if (!loaded.ok) throw new Error('course did not load');
    for (const lesson of loaded.value.lessons.filter((l) => l.meta.api === 'http' || l.meta.api === 'rest')) {
      const start = lessonExample(lesson, lesson.files.start, EXAMPLES)!;
      const labels = (start.requests ?? []).map((r) => r.label);
      expect(labels.length, lesson.slug).toBeGreaterThan(0);
      expect(new Set(labels).size, lesson.slug).toBe(labels.length);
      expect(start.callers, lesson.slug).toBeUndefined();
    }
  });
});

describe('LessonsState', () => {
  it('opens a comparison lesson with its inputs file in the editor, and its checks pass once the learner fixes it', async () => {
    const { ws, lessons } = make();
    await lessons.load();
    const slug = lessons.lessons.find((l) => l.meta.api === 'compare')!.slug;
    expect(lessons.open(slug)).toBe(true);
    expect(ws.activeFile).toBe('comparison.json');
    await lessons.runChecks();
    expect(Object.values(lessons.results).some((r) => r.status !== 'pass')).toBe(true);
    const solution = lessons.current!.files.solution['comparison.json'];
    ws.setFile('comparison.json', solution);
    await lessons.runChecks();
    expect(Object.values(lessons.results).map((r) => r.status)).toEqual(lessons.current!.checks.map(() => 'pass'));
  });

  it('opens a lesson by slug with its start files in a workspace of its own, and runs nothing', async () => {
    const { ws, lessons, run } = make();
    ws.setFile('default.ts', '// my playground edit');
    await lessons.load();
    expect(lessons.open('routing-table')).toBe(true);
    expect(ws.slot).toBe('lesson:routing-table');
    expect(ws.fileNames).toEqual(['fallback.ts', 'joinRoom.ts', 'leaveRoom.ts']);
    expect(Object.keys(ws.websocket?.routes ?? {})).not.toContain('joinRoom');
    expect(run).not.toHaveBeenCalled();
    expect(lessons.status('join-route')).toBe('pending');
    lessons.close();
    expect(ws.files['default.ts']).toBe('// my playground edit');
  });

  it('says no for a slug that names no lesson', async () => {
    const { lessons } = make();
    await lessons.load();
    expect(lessons.open('no-such-lesson')).toBe(false);
    expect(lessons.current).toBeNull();
  });

  it('keeps the learner edits of a lesson when it is reopened, also after a reload', async () => {
    const store = memoryStore();
    const first = make({ store });
    await first.lessons.load();
    first.lessons.open('routing-table');
    first.ws.setFile('leaveRoom.ts', '// my attempt');
    expect(first.lessons.hasLocalEdits).toBe(true);
    first.lessons.close();
    expect(store.data.has(storageKeys('/p/', 'lesson:routing-table').workspace)).toBe(true);

    const again = make({ store });
    await again.lessons.load();
    again.lessons.open('routing-table');
    expect(again.ws.files['leaveRoom.ts']).toBe('// my attempt');
    expect(again.ws.restoredAt).not.toBeNull();
  });

  it('re-runs the checks after an edit only once the learner has acted in the lesson', async () => {
    const fake: Run = async (checks) =>
      checks.map(
        (c) =>
          ({
            checkId: c.id,
            title: c.title,
            kind: c.kind,
            status: 'fail',
            message: 'no',
            expectations: [],
            actions: [],
            trace: [],
          }) as CheckResult,
      );
    const { ws, lessons, run, timers } = make({ run: fake });
    await lessons.load();
    lessons.open('routing-table');
    ws.setFile('leaveRoom.ts', '// typing');
    lessons.edited();
    expect(timers.pending.size).toBeLessThanOrEqual(1); // only the workspace save, no re-run
    timers.runAll();
    expect(run).not.toHaveBeenCalled();

    lessons.markActed();
    ws.setFile('leaveRoom.ts', '// typing more');
    lessons.edited();
    timers.runAll();
    await vi.waitFor(() => expect(run).toHaveBeenCalledTimes(1));
    await vi.waitFor(() => expect(lessons.status('join-route')).toBe('fail'));
  });

  it('turns the checks green for the solution and records the lesson as complete (✓) in saved progress', async () => {
    const { lessons, store } = make();
    await lessons.load();
    lessons.open('routing-table');
    await lessons.runChecks();
    expect(lessons.status('leave-route')).toBe('fail');
    expect(lessons.results['leave-route'].message).toBeTruthy();
    expect(lessons.completed('routing-table')).toBe(false);

    lessons.revealSolution();
    await lessons.runChecks();
    expect(lessons.current!.checks.map((c) => lessons.status(c.id)).every((s) => s === 'pass')).toBe(true);
    expect(lessons.completed('routing-table')).toBe(true);
    expect(lessons.announcement).toContain('All');
    const saved = JSON.parse(store.data.get(progressKey('/p/'))!);
    expect(saved.schema).toBe(1);
    expect(saved.lessons['routing-table'].revealed).toBe(true);

    const reloaded = make({ store });
    expect(reloaded.lessons.completed('routing-table')).toBe(true);
  });

  it('keeps the learner version while the solution is shown and brings it back', async () => {
    const { ws, lessons } = make();
    await lessons.load();
    lessons.open('routing-table');
    ws.setFile('leaveRoom.ts', '// mine');
    lessons.revealSolution();
    expect(lessons.showingSolution).toBe(true);
    expect(ws.files['leaveRoom.ts']).not.toBe('// mine');
    expect(Object.keys(ws.websocket?.routes ?? {})).toContain('joinRoom');
    lessons.backToMine();
    expect(lessons.showingSolution).toBe(false);
    expect(ws.files['leaveRoom.ts']).toBe('// mine');
  });

  it('resets a lesson to its start files', async () => {
    const { ws, lessons } = make();
    await lessons.load();
    lessons.open('routing-table');
    const start = ws.files['leaveRoom.ts'];
    ws.setFile('leaveRoom.ts', '// mine');
    lessons.reset();
    expect(ws.files['leaveRoom.ts']).toBe(start);
    expect(lessons.hasLocalEdits).toBe(false);
  });

  it('imports progress from a file, adding to what is there, and names what is wrong in a bad file', () => {
    const { lessons } = make();
    expect(lessons.importProgress('{"schema":1,"lessons":{"routing-table":{"passed":["join-route", 3]}}}')).toEqual({
      ok: false,
      error: 'lessons.routing-table.passed[1] is not a check id',
    });
    expect(lessons.importProgress('not json')).toMatchObject({ ok: false, error: expect.stringContaining('not JSON') });
    expect(lessons.importProgress('{"schema":2,"lessons":{}}')).toMatchObject({
      ok: false,
      error: expect.stringContaining('newer'),
    });
    expect(
      lessons.importProgress('{"schema":1,"lessons":{"routing-table":{"passed":["join-route"],"completedAt":5}}}'),
    ).toEqual({ ok: true, lessons: 1 });
    expect(lessons.completed('routing-table')).toBe(true);
    expect(JSON.parse(lessons.exportProgress()).lessons['routing-table'].passed).toEqual(['join-route']);
  });
});

describe('saved progress', () => {
  it('unreadable progress is kept under a backup key, not replaced by the next pass', () => {
    const store = memoryStore();
    const key = progressKey('/p/');
    const corrupt = '{"schema":1,"lessons":{"routing-table":{"passed":"all of them"}}}';
    store.setItem(key, corrupt);
    const { lessons } = make({ store });
    expect(lessons.progress.lessons).toEqual({});
    expect(store.data.get(`${key}.unreadable.9000`)).toBe(corrupt);
    expect(store.data.has(key)).toBe(false);
  });

  it('keeps what another tab recorded when this tab saves, and takes it in when told of it', () => {
    const store = memoryStore();
    const key = progressKey('/p/');
    const one = make({ store }).lessons;
    const two = make({ store }).lessons;
    expect(one.importProgress('{"schema":1,"lessons":{"routing-table":{"passed":["join-route"]}}}').ok).toBe(true);
    expect(two.importProgress('{"schema":1,"lessons":{"first-steps":{"passed":["connect"]}}}').ok).toBe(true);
    expect(Object.keys(JSON.parse(store.data.get(key)!).lessons).sort()).toEqual(['first-steps', 'routing-table']);
    one.storedProgressChanged();
    expect(one.passedOnce('first-steps')).toEqual(['connect']);
  });
});
