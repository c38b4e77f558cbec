import { describe, expect, it } from 'vitest';
import { DECK_LIMITS, deckJson, parseDeck, parseDeckText } from './schema';

const good = {
  v: 1,
  title: 'WebSocket workshop',
  hideSolutions: true,
  steps: [
    { title: 'A first API', notes: 'Say **hello**.\n\n- one\n- two', target: { lesson: 'first-websocket-api' } },
    { title: 'The solution', target: { lesson: 'routing-table', solution: true } },
    { title: 'A prepared setup', target: { share: '#/share/v1.z.abc_-DEF' } },
  ],
};

/** The problems of a deck, as `where: message` lines. */
function problems(raw: unknown): string[] {
  const r = parseDeck(raw);
  return r.ok ? [] : r.problems.map((p) => `${p.where}: ${p.message}`);
}

describe('the deck file', () => {
  it('reads a deck with lesson, solution and share steps, notes defaulting to none', () => {
    const r = parseDeck(good);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.deck.title).toBe('WebSocket workshop');
    expect(r.deck.hideSolutions).toBe(true);
    expect(r.deck.steps.map((s) => s.target)).toEqual([
      { kind: 'lesson', slug: 'first-websocket-api', solution: false },
      { kind: 'lesson', slug: 'routing-table', solution: true },
      { kind: 'share', fragment: '#/share/v1.z.abc_-DEF' },
    ]);
    expect(r.deck.steps[1].notes).toBe('');
  });

  it('writes back what it reads', () => {
    const r = parseDeck(good);
    if (!r.ok) throw new Error('expected a deck');
    expect(deckJson(r.deck)).toEqual(good);
    expect(parseDeck(deckJson(r.deck))).toEqual(r);
  });

  it('names the version it reads when a deck is newer, missing its version or not a deck at all', () => {
    expect(problems({ ...good, v: 2 })).toEqual([
      'v: this deck is version 2; this playground reads version 1 (the deck may come from a newer playground)',
    ]);
    expect(problems({ title: 'x', steps: [] })[0]).toMatch(/^v: is missing/);
    expect(problems([1, 2])).toEqual(['deck: must be a JSON object, not a list']);
    expect(parseDeckText('{"v":1,').ok).toBe(false);
    const notJson = parseDeckText('<html>');
    expect(!notJson.ok && notJson.problems[0].where).toBe('file');
  });

  it('names the step and the field of every problem, not only the first', () => {
    const bad = {
      v: 1,
      title: '',
      hideSolution: true,
      steps: [
        { title: 'ok', target: { lesson: 'Routing Table' } },
        { title: 'two\nlines', target: { lesson: 'a', share: '#/share/v1.z.x' } },
        { notes: 5, target: { share: 'https://example.com/#/share/v1.z.x' } },
        { title: 'x', target: { lesson: 'a', solution: 'yes' } },
        'step',
      ],
    };
    expect(problems(bad)).toEqual([
      'deck: unknown field “hideSolution” (a deck knows v, title, hideSolutions, steps)',
      'title: is empty',
      'step 1, target.lesson: “Routing Table” is not a lesson slug (lowercase letters, digits and hyphens, e.g. "routing-table")',
      'step 2, title: must be one line of text',
      'step 2, target: names both a lesson and a share link: a step opens one of them',
      'step 3, title: is missing (text expected)',
      'step 3, notes: must be text, not a number',
      "step 3, target.share: “https://example.com/#/share/v1.z.x” is not a share link fragment: copy the link's part from “#/share/v1.” on (letters, digits and URL punctuation only)",
      'step 4, target.solution: must be true or false, not a string',
      'step 5: must be an object with a title and a target, not a string',
    ]);
  });

  it('refuses markup and script in a share fragment, and bounds every text', () => {
    for (const share of [
      '#/share/v1.z.<img src=x onerror=alert(1)>',
      '#/share/v1.z."onmouseover',
      'javascript:alert(1)',
    ])
      expect(problems({ ...good, steps: [{ title: 't', target: { share } }] })[0]).toMatch(/^step 1, target.share: /);
    expect(problems({ ...good, title: 'x'.repeat(DECK_LIMITS.title + 1) })).toEqual([
      'title: is 201 characters long (at most 200)',
    ]);
    expect(
      problems({ ...good, steps: [{ title: 't', notes: 'n'.repeat(DECK_LIMITS.notes + 1), target: { lesson: 'a' } }] }),
    ).toEqual(['step 1, notes: is 20,001 characters long (at most 20,000)']);
    expect(problems({ ...good, steps: [] })).toEqual(['steps: is empty: a deck needs at least one step']);
    expect(problems({ ...good, steps: Array(101).fill(good.steps[0]) })).toEqual([
      'steps: has 101 steps (at most 100)',
    ]);
    expect(problems({ ...good, steps: [{ title: 't\u0000', target: { lesson: 'a' } }] })).toEqual([
      'step 1, title: must be one line of text',
    ]);
  });

  it('keeps hostile titles and notes as the text they are (they are shown as text, never markup)', () => {
    const xss = '<img src=x onerror="window.__pwned=1">';
    const r = parseDeck({
      v: 1,
      title: xss,
      steps: [{ title: xss, notes: `${xss}\n[x](javascript:alert(1))`, target: { lesson: 'a' } }],
    });
    expect(r.ok && r.deck.steps[0].title).toBe(xss);
  });
});

describe('the example deck (public/decks/websocket-workshop.json)', () => {
  it('passes the checks, and every lesson it names is in the course', async () => {
    const { readFileSync } = await import('node:fs');
    const { loadBundledCourse } = await import('../lessons/bundled');
    const r = parseDeckText(readFileSync('public/decks/websocket-workshop.json', 'utf8'));
    if (!r.ok) throw new Error(r.problems.map((p) => `${p.where}: ${p.message}`).join('\n'));
    expect(r.deck.steps).toHaveLength(5);
    const course = await loadBundledCourse();
    if (!course.ok) throw new Error('the course did not load');
    const slugs = course.value.lessons.map((l) => l.slug);
    for (const s of r.deck.steps) if (s.target.kind === 'lesson') expect(slugs).toContain(s.target.slug);
  });
});
