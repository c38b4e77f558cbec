import { describe, expect, it, vi } from 'vitest';
import { EXAMPLES, chatExample, restOrdersExample } from '../examples';
import { loadBundledCourse } from '../lessons/bundled';
import type { CheckResult } from '../lessons';
import { deckLink, parseDeck, type Deck } from '../deck';
import { AppState, type AppEnvironment } from './app.svelte';
import type { LessonsOptions } from './lessons.svelte';
import {
  fakeLocation,
  fakePlaygroundEnvironment,
  fakeServices,
  manualTimers,
  memoryStore,
  settle,
} from './test-environment';

const course = await loadBundledCourse();

/** A check runner that fails every check it is given (the wiring is under test, not the checks). */
const failing: LessonsOptions['runChecks'] = async (checks) =>
  checks.map((c): CheckResult => ({
    checkId: c.id,
    title: c.title,
    kind: c.kind,
    status: 'fail',
    expectations: [],
    actions: [],
    trace: [],
  }));

function make(hash = '', firstView?: Promise<void>) {
  const store = memoryStore();
  const timers = manualTimers();
  const fake = fakeServices();
  const { env: playground } = fakePlaygroundEnvironment(fake.services);
  const location = fakeLocation(hash);
  const runChecks = vi.fn(failing);
  const env: AppEnvironment = {
    store,
    basePath: '/p/',
    timers,
    now: () => 5_000,
    playground,
    router: location.env,
    lessons: { loadCourse: async () => course, runChecks },
    firstView,
  };
  const app = new AppState({ example: chatExample, examples: EXAMPLES, ...env });
  return { app, timers, runChecks, location, ...fake };
}

/** Waits for the course to load and the lesson the route asked for to open. */
async function routed(app: AppState): Promise<void> {
  await app.lessons.load();
  await settle();
}

describe('AppState: the route and the lessons', () => {
  it('opens the lesson of a deep link on start, and deploys nothing until the learner acts', async () => {
    const { app, deployments } = make('#/lessons/routing-table');
    app.start();
    await routed(app);
    expect(app.lessons.current?.slug).toBe('routing-table');
    expect(app.workspace.slot).toBe('lesson:routing-table');
    expect(app.router.view).toBe('lessons');
    expect(deployments).toHaveLength(0);
  });

  it('deploys the built-in example at once on a first visit to the playground', async () => {
    const { app, deployments } = make();
    app.start();
    await settle();
    expect(deployments).toHaveLength(1);
    expect(app.playground.status).toBe('deployed');
  });

  it("deploys a first visit's example only once the editor and diagram show (the page's first view)", async () => {
    let shown!: () => void;
    const { app, deployments } = make('', new Promise<void>((r) => (shown = r)));
    app.start();
    await settle();
    expect(deployments).toHaveLength(0);
    expect(app.playground.status).toBe('idle');
    shown();
    await settle();
    expect(deployments).toHaveLength(1);
    expect(app.playground.status).toBe('deployed');
  });

  it('leaves the example undeployed when the learner edited before the first view showed: their code waits for Deploy', async () => {
    let shown!: () => void;
    const { app, deployments } = make('', new Promise<void>((r) => (shown = r)));
    app.start();
    app.workspace.setFile(app.workspace.activeFile, '// mine\n');
    shown();
    await settle();
    expect(deployments).toHaveLength(0);
    expect(app.workspace.files[app.workspace.activeFile]).toBe('// mine\n');
  });

  it('closes the lesson when the route leaves it for the playground, but not for the comparison', async () => {
    const { app, location } = make();
    app.router.go({ view: 'lesson', slug: 'routing-table' });
    await routed(app);
    expect(app.lessons.current?.slug).toBe('routing-table');
    app.router.go({ view: 'compare' });
    expect(app.lessons.current?.slug).toBe('routing-table');
    location.location.hash = '';
    app.router.sync();
    expect(app.lessons.current).toBeNull();
    expect(app.workspace.slot).toBeNull();
  });

  it('says so when a lesson link names no lesson, until another lesson opens', async () => {
    const { app } = make('#/lessons/no-such-lesson');
    app.start();
    await routed(app);
    expect(app.lessonNotFound).toBe('no-such-lesson');
    app.router.go({ view: 'lesson', slug: 'routing-table' });
    expect(app.lessonNotFound).toBe('');
  });

  it('opens the first lesson not yet complete from the Lessons tab, and the open one after that', async () => {
    const { app } = make();
    await app.showView('lessons');
    await settle();
    expect(app.router.route).toEqual({ view: 'lesson', slug: course.ok ? course.value.lessons[0]!.slug : '' });
    await app.showView('compare');
    await app.showView('lessons');
    expect(app.router.route).toEqual({ view: 'lesson', slug: app.lessons.current!.slug });
  });
});

describe('AppState: a trainer’s deck and links for a class', () => {
  const deck = (
    parseDeck({
      v: 1,
      title: 'Workshop',
      hideSolutions: true,
      steps: [
        { title: 'One', target: { lesson: 'first-websocket-api' } },
        { title: 'Two', target: { lesson: 'routing-table', solution: true } },
      ],
    }) as { ok: true; deck: Deck }
  ).deck;

  it('opens a deck link on arrival at its step, in its place in the history, with solutions hidden', async () => {
    const { app, location } = make(await deckLink(deck, 2));
    app.start();
    // The deck module loads by dynamic import, which resolves on the loader's own time.
    await vi.waitFor(() => expect(app.lessons.showingSolution).toBe(true));
    expect(app.lessons.current?.slug).toBe('routing-table');
    expect(app.deck?.index).toBe(1);
    expect(location.replaced).toEqual(['#/lessons/routing-table?class']);
    expect(location.pushed).toEqual([]);
    expect(app.solutionsHidden).toBe(true);
  });

  it('keeps the class flag across the tabs until a lesson link without it, and drops it when the deck closes', async () => {
    const { app, location } = make('#/lessons/routing-table?class');
    app.start();
    await routed(app);
    expect(app.solutionsHidden).toBe(true);
    await app.showView('playground');
    expect(app.solutionsHidden).toBe(false);
    await app.showView('lessons');
    // The first lesson not yet complete, for the class.
    expect(location.location.hash).toBe('#/lessons/first-websocket-api?class');
    expect(app.solutionsHidden).toBe(true);
    app.closeDeck();
    expect(location.location.hash).toBe('#/lessons/first-websocket-api');
    expect(app.solutionsHidden).toBe(false);
    await app.showView('playground');
    await app.showView('lessons');
    expect(app.solutionsHidden).toBe(false);
  });
});

describe('AppState: what follows what', () => {
  it('re-runs the lesson checks after an edit once the learner has acted, through the workspace', async () => {
    const { app, timers, runChecks } = make('#/lessons/routing-table');
    app.start();
    await routed(app);
    app.workspace.setFile('leaveRoom.ts', '// before acting');
    timers.runAll();
    expect(runChecks).not.toHaveBeenCalled();
    app.lessons.markActed();
    app.workspace.setFile('leaveRoom.ts', '// after acting');
    timers.runAll();
    expect(runChecks).toHaveBeenCalledTimes(1);
  });

  it('evaluates learner-trace checks when the trace changes, once per burst of events', async () => {
    const { app, runChecks } = make('#/lessons/first-websocket-api');
    app.start();
    await routed(app);
    app.lessons.markActed();
    const event = {
      v: 1,
      seq: 1,
      t: 0,
      apiId: 'a',
      stage: 'dev',
      from: 'gateway',
      to: 'client:Alice',
      summary: 'x',
      kind: 'gateway.reject',
      status: 403,
      reason: 'x',
    } as const;
    for (const seq of [1, 2, 3]) app.trace.append({ ...event, seq });
    await settle();
    expect(runChecks).toHaveBeenCalledTimes(1);
    const [checks] = runChecks.mock.calls[0]!;
    expect(checks.length).toBeGreaterThan(0);
    expect(checks.every((c) => c.kind === 'learner-trace')).toBe(true);
  });

  it("gives the request builder the example's callers, and new ones only when the example changes", async () => {
    const { app } = make();
    const callers = app.callers;
    expect(app.callers).toBe(callers);
    expect(callers.list.map((c) => c.name)).toEqual(['Browser app', 'Partner system']);
    app.switchApiType('REST');
    const rest = app.callers;
    expect(rest).not.toBe(callers);
    expect(rest.list.map((c) => c.name)).toEqual(restOrdersExample.callers!.map((c) => c.name));
    app.workspace.setFile(app.workspace.fileNames[0]!, '// edited');
    app.resetToExample();
    expect(app.callers).toBe(rest);
    // Ids stay unique across sets, so the page never mistakes one caller for another.
    const ids = [...callers.list, ...rest.list].map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    await settle();
  });

  it('runs the checks of a comparison lesson on Deploy: it has no API, so nothing is deployed', async () => {
    const { app, runChecks, deployments } = make();
    app.start();
    await settle();
    const running = app.playground.api;
    const slug = course.ok ? course.value.lessons.find((l) => l.meta.api === 'compare')!.slug : '';
    app.router.go({ view: 'lesson', slug });
    await routed(app);
    expect(app.workspace.kind).toBe('compare');
    expect(await app.deploy()).toBe(false);
    await settle();
    expect(runChecks).toHaveBeenCalledTimes(1);
    expect(Object.keys(runChecks.mock.calls[0]![1])).toEqual(['comparison.json']);
    expect(deployments).toHaveLength(1);
    // Opening the lesson stopped the playground's API (nothing of another workspace stays on screen).
    expect(running).not.toBeNull();
    expect(deployments[0]!.disposed).toBe(true);
    expect(app.playground.api).toBeNull();
  });
});

describe('AppState: opening a lesson clears the previous one', () => {
  const slugOf = (api: string) => (course.ok ? course.value.lessons.find((l) => l.meta.api === api)!.slug : '');

  it("stops the previous lesson's deployment and empties its trace, tables and status", async () => {
    const { app, deployments } = make('#/lessons/routing-table');
    app.start();
    await routed(app);
    expect(await app.deploy()).toBe(true);
    deployments[0]!.emit({});
    await settle();
    expect(app.trace.events.length).toBeGreaterThan(0);
    app.router.go({ view: 'lesson', slug: slugOf('rest') });
    await routed(app);
    expect(deployments[0]!.disposed).toBe(true);
    expect(app.playground.api).toBeNull();
    expect(app.playground.status).toBe('idle');
    expect(app.playground.tables).toEqual([]);
    expect(app.trace.events).toEqual([]);
    expect(app.playground.clientUrl).toBe('');
  });

  it('starts the client consoles over as Alice and Bob, with no URL, frames or connection', async () => {
    const { app } = make('#/lessons/routing-table');
    app.start();
    await routed(app);
    await app.deploy();
    const before = app.clients.list;
    before[0]!.setUrl('wss://example.test/dev');
    before[0]!.setDraft('hello');
    app.router.go({ view: 'lesson', slug: 'server-push' });
    await routed(app);
    const after = app.clients.list;
    expect(after.map((c) => c.name)).toEqual(['Alice', 'Bob']);
    expect(after.some((c) => before.includes(c))).toBe(false);
    expect(after.every((c) => c.url === '' && c.frames.length === 0 && c.status === 'idle')).toBe(true);
    expect(before.every((c) => c.status === 'closed')).toBe(true);
  });

  it("offers a REST or HTTP lesson's own requests, never the shop example's, from fresh callers", async () => {
    const { app } = make();
    app.switchApiType('REST');
    const shop = app.callers;
    app.router.go({ view: 'lesson', slug: slugOf('rest') });
    await routed(app);
    const rest = app.currentExample.requests ?? [];
    expect(rest.length).toBeGreaterThan(0);
    expect(rest.some((r) => r.path.startsWith('/orders'))).toBe(false);
    expect(app.callers).not.toBe(shop);
    expect(app.callers.list.map((c) => c.name)).toEqual(['Browser app', 'Partner system']);
    expect(app.callers.list.every((c) => c.sentHeaders().length === 0)).toBe(true);
    app.router.go({ view: 'lesson', slug: slugOf('http') });
    await routed(app);
    const http = app.currentExample.requests ?? [];
    expect(http.length).toBeGreaterThan(0);
    expect(http).not.toEqual(rest);
  });

  it('leaves nothing of a lesson behind when the learner goes back to the playground', async () => {
    const { app, deployments } = make('#/lessons/routing-table');
    app.start();
    await routed(app);
    await app.deploy();
    app.router.go({ view: 'playground' });
    expect(app.lessons.current).toBeNull();
    expect(deployments.at(-1)!.disposed).toBe(true);
    expect(app.trace.events).toEqual([]);
    expect(app.playground.api).toBeNull();
  });

  it('keeps everything when the same lesson is opened again (a link to the lesson open now)', async () => {
    const { app } = make('#/lessons/routing-table');
    app.start();
    await routed(app);
    await app.deploy();
    const api = app.playground.api;
    const clients = app.clients.list;
    expect(await app.openLesson('routing-table')).toBe(true);
    expect(app.playground.api).toBe(api);
    expect(app.clients.list).toBe(clients);
  });
});

describe('AppState: the chips and real mode', () => {
  it('writes the chips for the deployed route selection expression, not for one still being typed', async () => {
    const { app } = make();
    app.start();
    await settle();
    expect(app.chips[0]!.text).toBe('{"action":"sendmessage","data":"hello"}');
    app.workspace.editWebSocket((d) => (d.routeSelectionExpression = '$request.body.type'));
    expect(app.chips[0]!.text).toBe('{"action":"sendmessage","data":"hello"}');
    expect(await app.deploy()).toBe(true);
    expect(app.chips.map((c) => c.text)).toEqual([
      '{"type":"sendmessage","data":"hello"}',
      '{"type":"dance"}',
      'hi there',
    ]);
  });

  it("shows a WebSocket lesson's own chips, not the chat example's, before anything is deployed", async () => {
    const { app } = make('#/lessons/routing-table');
    app.start();
    await routed(app);
    const texts = app.chips.map((c) => c.text);
    expect(texts).toContain('{"action":"joinRoom","data":{"roomId":"1234"}}');
    expect(texts.some((t) => t.includes('sendmessage'))).toBe(false);
  });

  it('does not deploy from the keyboard in real mode, where Deploy is switched off', async () => {
    const { app, deployments } = make();
    app.start();
    await settle();
    app.playground.setMode('real');
    expect(await app.deploy()).toBe(false);
    expect(deployments).toHaveLength(1);
  });
});
