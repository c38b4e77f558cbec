import { describe, expect, it } from 'vitest';
import { encodePayload } from '../share/codec';
import { parseRoute } from '../state/route';
import { deckLink, readDeckLink } from './load';
import { parseDeck, type Deck } from './schema';

const deck = (
  parseDeck({
    v: 1,
    title: 'Workshop',
    steps: [
      { title: 'One', notes: 'Hello', target: { lesson: 'first-websocket-api' } },
      { title: 'Two', target: { lesson: 'routing-table' } },
    ],
  }) as { ok: true; deck: Deck }
).deck;

/** Reads a deck fragment as the page does: the route, then the link. */
async function open(fragment: string) {
  const r = parseRoute(fragment);
  if (r.view !== 'deck') throw new Error(`not a deck route: ${fragment}`);
  return { step: r.step, result: await readDeckLink(r.codec, r.payload) };
}

describe('deck links', () => {
  it('round-trips a deck through its link, compressed or plain, with the step to open', async () => {
    for (const compress of [true, false]) {
      const link = await deckLink(deck, 2, { compress });
      expect(link).toMatch(compress ? /^#\/deck\/v1\.z\.[\w-]+\/2$/ : /^#\/deck\/v1\.j\.[\w-]+\/2$/);
      const { step, result } = await open(link);
      expect(step).toBe(2);
      expect(result).toEqual({ ok: true, deck });
    }
    expect((await open(await deckLink(deck, 1))).step).toBeUndefined();
  });

  it('says what is wrong with a damaged, foreign or invalid link', async () => {
    const message = async (fragment: string) => {
      const { result } = await open(fragment);
      return result.ok ? '' : result.problems.map((p) => `${p.where}: ${p.message}`).join('\n');
    };
    expect(await message('#/deck/')).toMatch(/not a deck link the playground can read/);
    expect(await message('#/deck/v1.x.abc')).toMatch(/codec this playground does not know/);
    expect(await message('#/deck/v1.z.!!!')).toMatch(/not valid base64url/);
    expect(await message('#/deck/v1.j.' + 'a'.repeat(600 * 1024))).toMatch(/too long to open/);
    const notADeck = await encodePayload({ v: 1, title: '<b>x</b>', steps: 'none' });
    expect(await message(`#/deck/v1.${notADeck.codec}.${notADeck.payload}`)).toBe(
      'steps: must be a list, not a string',
    );
  });
});
