import { describe, expect, it } from 'vitest';
import { deckLink, parseDeck, type Deck } from '../deck';
import { DeckState } from './deck.svelte';
import type { Route } from './route';
import { memoryStore } from './test-environment';

const file = {
  v: 1,
  title: 'Workshop',
  hideSolutions: true,
  steps: [
    { title: 'One', notes: 'Say hello', target: { lesson: 'first-websocket-api' } },
    { title: 'Solution', target: { lesson: 'routing-table', solution: true } },
    { title: 'Setup', target: { share: '#/share/v1.z.abc' } },
  ],
};
const KEY = 'apigw-playground:/p/:deck';
const deck = (parseDeck(file) as { ok: true; deck: Deck }).deck;

function make(store = memoryStore()) {
  const moves: { route: Route; replace?: boolean }[] = [];
  const revealed: string[] = [];
  const state = new DeckState({
    store,
    key: KEY,
    go: (route, o) => void moves.push({ route, ...(o?.replace ? { replace: true } : {}) }),
    revealSolution: async (slug) => void revealed.push(slug),
    lessonSlugs: async () => ['first-websocket-api', 'routing-table'],
    href: () => 'https://e.com/p/#/lessons/first-websocket-api?class',
  });
  return { state, moves, revealed, store };
}

const asFile = (value: unknown, name = 'deck.json') => {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return { name, size: text.length, text: async () => text };
};

describe('DeckState', () => {
  it('opens a deck file at its first step and moves the router there, with the class flag', async () => {
    const { state, moves } = make();
    expect(await state.openFile(asFile(file))).toBe(true);
    expect(state.deck?.title).toBe('Workshop');
    expect(state.index).toBe(0);
    expect(moves).toEqual([{ route: { view: 'lesson', slug: 'first-websocket-api', forClass: true } }]);
  });

  it('steps forward and back, showing a step’s solution when it asks, and stops at the ends', async () => {
    const { state, moves, revealed } = make();
    await state.openFile(asFile(file));
    state.previous();
    expect(state.index).toBe(0);
    state.next();
    expect(revealed).toEqual(['routing-table']);
    state.next();
    expect(state.hasNext).toBe(false);
    state.next();
    expect(moves.map((m) => m.route)).toEqual([
      { view: 'lesson', slug: 'first-websocket-api', forClass: true },
      { view: 'lesson', slug: 'routing-table', forClass: true },
      { view: 'share', codec: 'z', payload: 'abc' },
    ]);
    state.previous();
    expect(state.current?.title).toBe('Solution');
  });

  it('opens a deck link at the step it names, in the link’s place in the history', async () => {
    const { state, moves } = make();
    const link = (await deckLink(deck, 3)).split('.');
    const [codec, rest] = [link[1], link.slice(2).join('.')];
    expect(await state.openLink(codec, rest.split('/')[0], 3)).toBe(true);
    expect(state.index).toBe(2);
    expect(moves).toEqual([{ route: { view: 'share', codec: 'z', payload: 'abc' }, replace: true }]);
    expect(await state.deckLink()).toMatch(/^https:\/\/e\.com\/p\/#\/deck\/v1\.z\.[\w-]+\/3$/);
  });

  it('keeps the open deck when another one fails its checks, and says which step and field', async () => {
    const { state, moves } = make();
    await state.openFile(asFile(file));
    state.next();
    const before = moves.length;
    const bad = { ...file, steps: [file.steps[0], { title: 'x', target: { lesson: 'no-such-lesson' } }] };
    expect(await state.openFile(asFile(bad, '<b>bad</b>.json'))).toBe(false);
    expect(state.error).toEqual({
      source: 'the deck file “<b>bad</b>.json”',
      problems: [{ where: 'step 2, target.lesson', message: 'there is no lesson “no-such-lesson” in this playground' }],
      kept: true,
    });
    expect(state.deck).toEqual(deck);
    expect(state.index).toBe(1);
    expect(moves).toHaveLength(before);
    expect(await state.openFile(asFile('not json'))).toBe(false);
    expect(state.error?.problems[0].where).toBe('file');
    state.dismissError();
    expect(state.error).toBeNull();
  });

  it('comes back after a reload at its step, with the notes as the trainer left them, without moving the page', async () => {
    const { state, store } = make();
    await state.openFile(asFile(file));
    state.next();
    state.toggleNotes();
    const again = make(store);
    again.state.restore();
    expect(again.state.deck).toEqual(deck);
    expect(again.state.index).toBe(1);
    expect(again.state.notesOpen).toBe(false);
    expect(again.moves).toEqual([]);
    again.state.close();
    expect(store.data.has(KEY)).toBe(false);
  });

  it('drops a saved deck it cannot read', async () => {
    const store = memoryStore();
    store.setItem(KEY, '{"schema":1,"deck":{"v":1,"title":"x","steps":[]}}');
    const { state } = make(store);
    state.restore();
    expect(state.deck).toBeNull();
    expect(store.data.has(KEY)).toBe(false);
  });

  it('gives each step its link for the room', async () => {
    const { state } = make();
    await state.openFile(asFile(file));
    expect(state.roomLink()).toMatchObject({
      url: 'https://e.com/p/#/lessons/first-websocket-api?class',
      kind: 'short',
    });
    expect(state.roomLink(2)).toMatchObject({
      url: 'https://e.com/p/#/share/v1.z.abc',
      kind: 'share',
      length: 32,
    });
  });
});
