import { describe, expect, it } from 'vitest';
import { chatTrace } from '../../tests/support/chat-trace';
import { EXAMPLES, chatExample } from '../examples';
import { loadBundledCourse } from '../lessons/bundled';
import { encodePayload } from '../share/codec';
import type { ShareState } from '../share/state';
import { AppState } from './app.svelte';
import {
  fakeLocation,
  fakePlaygroundEnvironment,
  fakeServices,
  manualTimers,
  memoryStore,
  settle,
} from './test-environment';

const course = await loadBundledCourse();

function make(hash = '', store = memoryStore()) {
  const fake = fakeServices();
  const { env: playground } = fakePlaygroundEnvironment(fake.services);
  const location = fakeLocation(hash);
  const app = new AppState({
    example: chatExample,
    examples: EXAMPLES,
    store,
    basePath: '/p/',
    timers: manualTimers(),
    now: () => 5_000,
    playground,
    router: location.env,
    pageUrl: () => 'https://example.test/some/prefix/',
    lessons: { loadCourse: async () => course, runChecks: async () => [] },
  });
  return { app, store, location, ...fake };
}

async function linkTo(state: ShareState): Promise<string> {
  const { codec, payload } = await encodePayload(state);
  return `#/share/v1.${codec}.${payload}`;
}

/** Waits until the route's share link has opened or failed. */
async function opened(app: AppState): Promise<void> {
  await app.share.settled;
  await settle();
}

const edited: ShareState = {
  v: 1,
  from: { example: 'chat' },
  view: 'playground',
  files: { 'sendmessage.ts': '// from the link' },
  clients: [
    { name: 'Ann', query: 'room=1' },
    { name: 'Ben', script: ['hi'] },
  ],
  cursor: 3,
};

describe('ShareLinks: opening a link', () => {
  it('opens the setup in a slot of its own and runs nothing, even on a first visit', async () => {
    const { app, deployments } = make(await linkTo(edited));
    app.start();
    await opened(app);
    expect(app.share.error).toBe('');
    expect(app.workspace.slot).toMatch(/^share:/);
    expect(app.workspace.files['sendmessage.ts']).toBe('// from the link');
    expect(app.clients.list.map((c) => [c.name, c.query, c.status])).toEqual([
      ['Ann', 'room=1', 'idle'],
      ['Ben', 'name=Ben', 'idle'],
    ]);
    expect(app.clients.list.map((c) => c.script.messages)).toEqual([[], ['hi']]);
    expect(app.share.pendingCursor).toBe(3);
    expect(app.share.opened?.summary.changed).toEqual(['sendmessage.ts']);
    await settle();
    expect(deployments).toHaveLength(0);
    expect(app.playground.status).toBe('idle');
  });

  it("leaves the learner's own work as it was, and returns to it", async () => {
    const { app, store, location } = make();
    app.start();
    app.workspace.setFile('sendmessage.ts', '// mine');
    app.workspace.flush();
    const before = store.getItem('apigw-playground:/p/:workspace');
    location.location.hash = await linkTo(edited);
    app.router.sync();
    await opened(app);
    expect(app.share.error).toBe('');
    expect(app.workspace.files['sendmessage.ts']).toBe('// from the link');
    app.workspace.setFile('default.ts', '// edited in the shared setup');
    app.workspace.flush();
    expect(store.getItem('apigw-playground:/p/:workspace')).toBe(before);
    app.router.go({ view: 'playground' });
    expect(app.workspace.slot).toBeNull();
    expect(app.workspace.files['sendmessage.ts']).toBe('// mine');
    expect(app.clients.list.map((c) => c.name)).toEqual(['Alice', 'Bob']);
  });

  it('keeps a shared setup as the playground only when asked, and that can be undone', async () => {
    const { app } = make();
    app.start();
    app.workspace.setFile('sendmessage.ts', '// mine');
    app.router.go({ view: 'playground' });
    const route = (await linkTo(edited)).slice('#/share/v1.'.length).split('.');
    app.router.go({ view: 'share', codec: route[0], payload: route[1] });
    await opened(app);
    app.keepShared();
    expect(app.workspace.slot).toBeNull();
    expect(app.router.route.view).toBe('playground');
    expect(app.workspace.files['sendmessage.ts']).toBe('// from the link');
    expect(app.workspace.replacement).toEqual({ kind: 'share' });
    app.undoReset();
    expect(app.workspace.files['sendmessage.ts']).toBe('// mine');
  });

  it('says why a link cannot be opened and changes nothing', async () => {
    for (const [hash, message] of [
      ['#/share/v1.z.!!!', /not valid base64url/],
      ['#/share/v1.q.abc', /codec the playground does not know/],
      ['#/share/v7.z.abc', /newer version of the playground \(link version v7/],
      [await linkTo({ ...edited, files: { '../x.ts': '' } }), /file name "..\/x.ts"/],
      [await linkTo({ ...edited, from: { example: 'nope' } }), /example "nope", which this version/],
      [await linkTo({ ...edited, from: { lesson: 'nope', start: true } }), /lesson "nope", which this version/],
    ] as const) {
      const { app, deployments } = make(hash);
      app.start();
      await opened(app);
      expect(app.share.error).toMatch(message);
      expect(app.workspace.slot).toBeNull();
      expect(app.workspace.files).toEqual(chatExample.files);
      // A first visit whose link failed gets the example, as a first visit does.
      await settle();
      expect(deployments).toHaveLength(1);
    }
  });

  it('opens a link made from a lesson, against its start or its solution', async () => {
    const lesson = course.ok ? course.value.lessons.find((l) => l.slug === 'routing-table')! : null;
    const { app } = make(await linkTo({ v: 1, from: { lesson: 'routing-table', start: false }, view: 'lesson' }));
    app.start();
    await opened(app);
    expect(app.share.error).toBe('');
    expect(app.share.opened?.fromTitle).toBe(lesson?.meta.title);
    for (const [name, text] of Object.entries(lesson!.files.solution))
      if (name !== 'api.json') expect(app.workspace.files[name]).toBe(text);
    // Made in the lesson view: the lesson's instructions and checks, over the link's own slot.
    expect(app.workspace.slot).toMatch(/^share:/);
    expect(app.lessons.current?.slug).toBe('routing-table');
    expect(app.view).toBe('lessons');
  });

  it("shows a lesson link's lesson without touching the learner's own work in that lesson", async () => {
    const { app, location } = make('#/lessons/routing-table');
    app.start();
    await app.lessons.load();
    await settle();
    app.workspace.setFile('fallback.ts', '// my lesson work');
    app.workspace.flush();
    location.location.hash = await linkTo({ v: 1, from: { lesson: 'routing-table', start: false }, view: 'lesson' });
    app.router.sync();
    await opened(app);
    expect(app.lessons.overShare).toBe(true);
    app.lessons.reset();
    app.workspace.setFile('fallback.ts', '// edited in the link');
    app.workspace.flush();
    // Back in the lesson: the learner's own slot, as they left it.
    app.router.go({ view: 'lesson', slug: 'routing-table' });
    await settle();
    expect(app.lessons.overShare).toBe(false);
    expect(app.workspace.slot).toBe('lesson:routing-table');
    expect(app.workspace.files['fallback.ts']).toBe('// my lesson work');
    expect(app.view).toBe('lessons');
    app.router.go({ view: 'playground' });
    expect(app.lessons.current).toBeNull();
    expect(app.workspace.slot).toBeNull();
  });

  it("moves the timeline to the link's step once the learner's run has reached it, not before", async () => {
    const { app } = make(await linkTo(edited));
    app.start();
    await opened(app);
    expect(await app.goToSharedStep()).toBe(false);
    expect(app.share.pendingCursor).toBe(3);
    const { events } = await chatTrace();
    for (const e of events) app.trace.append(e);
    await settle();
    expect(await app.goToSharedStep()).toBe(true);
    expect(app.timeline?.cursor).toBe(3);
    expect(app.share.pendingCursor).toBeNull();
  }, 60_000);

  it('keeps "Reveal solution" hidden over a lesson-view link that a class opened', async () => {
    const { app, location } = make('#/lessons/routing-table?class');
    app.start();
    await app.lessons.load();
    await settle();
    expect(app.solutionsHidden).toBe(true);
    location.location.hash = await linkTo({ v: 1, from: { lesson: 'routing-table', start: true }, view: 'lesson' });
    app.router.sync();
    await opened(app);
    expect(app.lessons.overShare).toBe(true);
    expect(app.solutionsHidden).toBe(true);
  });

  it("gives the link's scripted clients their scripts, and a link written from them carries them again", async () => {
    const { app } = make(await linkTo(edited));
    app.start();
    await opened(app);
    const ben = app.clients.list.find((c) => c.name === 'Ben')!;
    expect(ben.script.messages).toEqual(['hi']);
    ben.setScript({ messages: ['one', 'two'] });
    const state = JSON.parse((await app.share.write()).json) as ShareState;
    expect(state.clients).toEqual([
      { name: 'Ann', query: 'room=1' },
      { name: 'Ben', script: ['one', 'two'] },
    ]);
  });
});

describe('ShareLinks: writing a link', () => {
  it('writes only what differs, and the link opens to the same setup', async () => {
    const { app } = make();
    app.start();
    app.workspace.setFile('sendmessage.ts', '// edited');
    app.clients.list[0].setQuery('room=7');
    const written = await app.share.write();
    expect(written.url).toMatch(/^https:\/\/example\.test\/some\/prefix\/#\/share\/v1\.z\.[A-Za-z0-9_-]+$/);
    expect(written.fits).toBe(true);
    expect(JSON.parse(written.json)).toEqual({
      v: 1,
      from: { example: 'chat' },
      view: 'playground',
      files: { 'sendmessage.ts': '// edited' },
      clients: [{ name: 'Alice', query: 'room=7' }, { name: 'Bob' }],
    });
    const other = make(written.url.slice(written.url.indexOf('#')));
    other.app.start();
    await opened(other.app);
    expect(other.app.workspace.filesSnapshot()).toEqual(app.workspace.filesSnapshot());
    expect(other.app.workspace.definitionSnapshot()).toEqual(app.workspace.definitionSnapshot());
  });

  it('writes a lesson setup against the nearer of its start and solution', async () => {
    const { app } = make('#/lessons/routing-table');
    app.start();
    await app.lessons.load();
    await settle();
    app.lessons.revealSolution();
    const state = JSON.parse((await app.share.write()).json) as ShareState;
    expect(state).toMatchObject({ from: { lesson: 'routing-table', start: false }, view: 'lesson' });
    expect(state.files).toBeUndefined();
    expect(state.definition).toBeUndefined();
  });

  it('opens a .agp.json file as a link, checked the same way', async () => {
    const { app } = make();
    app.start();
    const route = await app.share.routeOfFile(JSON.stringify(edited));
    expect(route.view).toBe('share');
    await expect(app.share.routeOfFile('{ nope')).rejects.toThrow(/not JSON/);
    await expect(app.share.routeOfFile(JSON.stringify({ ...edited, v: 9 }))).rejects.toThrow(/newer version/);
  });
});
