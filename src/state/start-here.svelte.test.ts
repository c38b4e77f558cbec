import { describe, expect, it } from 'vitest';
import { EXAMPLES, chatExample } from '../examples';
import { loadBundledCourse } from '../lessons/bundled';
import { AppState } from './app.svelte';
import { loadPrefs, prefsKey, PREFS_SCHEMA, storageKeys } from './persistence';
import { progressKey } from './lesson-progress';
import type { ClientSession } from './clients.svelte';
import { opensOnArrival, StartHere } from './start-here.svelte';
import {
  fakeLocation,
  fakePlaygroundEnvironment,
  fakeServices,
  manualTimers,
  memoryStore,
  settle,
} from './test-environment';

const course = await loadBundledCourse();

/** A page view on `store` (one browser), starting on `hash`. */
function visit(store = memoryStore(), hash = '') {
  const fake = fakeServices();
  const { env: playground } = fakePlaygroundEnvironment(fake.services);
  const location = fakeLocation(hash);
  const app = new AppState({
    example: chatExample,
    examples: EXAMPLES,
    store,
    basePath: '/p/',
    timers: manualTimers(),
    now: () => 7_000,
    playground,
    router: location.env,
    lessons: { loadCourse: async () => course, runChecks: async () => [] },
  });
  app.start();
  return { app, store, location };
}

describe('"Start here": when it opens by itself', () => {
  it('opens only for a first visit that lands on the playground', () => {
    const first = { returning: false, dismissed: false };
    expect(opensOnArrival({ ...first, route: { view: 'playground' } })).toBe(true);
    expect(opensOnArrival({ ...first, route: { view: 'lesson', slug: 'routing-table' } })).toBe(false);
    expect(opensOnArrival({ ...first, route: { view: 'compare' } })).toBe(false);
    expect(opensOnArrival({ ...first, route: { view: 'share', codec: 'gz', payload: 'x' } })).toBe(false);
    expect(opensOnArrival({ returning: true, dismissed: false, route: { view: 'playground' } })).toBe(false);
    expect(opensOnArrival({ returning: false, dismissed: true, route: { view: 'playground' } })).toBe(false);
  });

  it('opens on a first visit, stays closed after it is closed and the page reloads, and opens again from the header', async () => {
    const { app, store } = visit();
    expect(app.startHere.open).toBe(true);
    expect(app.startHere.asked).toBe(false);
    app.startHere.dismiss();
    expect(app.startHere.open).toBe(false);
    // Versioned, in the base path's namespace.
    expect(JSON.parse(store.data.get(prefsKey('/p/'))!)).toEqual({ schema: PREFS_SCHEMA, startHereDismissedAt: 7_000 });
    expect(loadPrefs(store, '/other/').startHereDismissedAt).toBeUndefined();

    const again = visit(store);
    expect(again.app.startHere.open).toBe(false);
    again.app.router.go({ view: 'compare' });
    again.app.showStartHere();
    expect(again.app.router.view).toBe('playground');
    expect(again.app.startHere.open).toBe(true);
    expect(again.app.startHere.asked).toBe(true);
    await settle();
  });

  it('stays closed on a deep link, even on a first visit', () => {
    expect(visit(memoryStore(), '#/lessons/routing-table').app.startHere.open).toBe(false);
    expect(visit(memoryStore(), '#/compare').app.startHere.open).toBe(false);
  });

  it('stays closed for a returning learner: saved edits, or lesson progress', () => {
    const edited = memoryStore();
    const before = visit(edited);
    before.app.workspace.setFile('default.ts', '// mine');
    before.app.workspace.flush();
    expect(edited.data.has(storageKeys('/p/').workspace)).toBe(true);
    expect(visit(edited).app.startHere.open).toBe(false);

    const learner = memoryStore();
    learner.setItem(
      progressKey('/p/'),
      JSON.stringify({ schema: 1, lessons: { 'routing-table': { passed: ['join-route'] } } }),
    );
    expect(visit(learner).app.startHere.open).toBe(false);
  });

  it('reads unreadable preferences as none, and keeps them closed for this page view when storage refuses', () => {
    const store = memoryStore();
    store.setItem(prefsKey('/p/'), '{not json');
    expect(visit(store).app.startHere.open).toBe(true);
    const full = memoryStore();
    full.setItem = () => {
      throw new Error('QuotaExceededError');
    };
    const { app } = visit(full);
    app.startHere.dismiss();
    expect(app.startHere.open).toBe(false);
    expect(app.startHere.dismissed).toBe(true);
  });

  it('ticks its steps off as the first two clients connect and one of them sends', () => {
    const clients = [
      { status: 'open', frames: [] as { kind: string }[], connected: true, connect() {} },
      { status: 'idle', frames: [] as { kind: string }[], connected: false, connect() {} },
    ];
    let connects = 0;
    clients[1]!.connect = () => void connects++;
    const sh = new StartHere({
      store: memoryStore(),
      basePath: '/p/',
      now: () => 1,
      returning: () => false,
      clients: () => clients as unknown as ClientSession[],
    });
    expect(sh.connected).toBe(false);
    sh.connectBoth();
    expect(connects).toBe(1);
    clients[1]!.status = 'open';
    expect(sh.connected).toBe(true);
    expect(sh.sent).toBe(false);
    clients[0]!.frames.push({ kind: 'sent' });
    expect(sh.sent).toBe(true);
  });

  it('opens Lesson 1 from its last step, and is then done with for good', async () => {
    const { app, location } = visit();
    await settle();
    await app.openFirstLesson();
    expect(location.location.hash).toBe(`#/lessons/${(course.ok && course.value.lessons[0]!.slug) || ''}`);
    expect(app.startHere.dismissed).toBe(true);
  });
});
