/**
 * Decks in and out of links: `#/deck/v1.<codec>.<payload>` holds the deck file's JSON, written
 * with the share links' payload codecs (src/share/codec.ts: `z` deflate-raw, `j` plain), so a
 * deck link opens wherever a share link does. Reading is bounded and every failure is a
 * DeckProblem a trainer can act on.
 */
import { decodePayload, encodePayload, MAX_PAYLOAD_CHARS, ShareCodecError } from '../share/codec';
import { deckFragment } from './links';
import { deckJson, parseDeck, type Deck, type DeckResult } from './schema';

/** Reads a deck link's codec and payload (as route.ts found them). */
export async function readDeckLink(codec: string, payload: string): Promise<DeckResult> {
  // The codec's messages are whole sentences about "this link": they stand without a field name.
  const fail = (message: string): DeckResult => ({ ok: false, problems: [{ where: '', message }] });
  if (codec !== 'z' && codec !== 'j')
    return fail(
      codec === ''
        ? 'This is not a deck link the playground can read (expected #/deck/v1.z.… or #/deck/v1.j.…, then optionally /<step>).'
        : 'This link uses a codec this playground does not know: it may come from a newer playground.',
    );
  if (payload.length > MAX_PAYLOAD_CHARS)
    return fail(
      `This link is too long to open (${Math.round(payload.length / 1024)} K characters): open the deck file instead.`,
    );
  let raw: unknown;
  try {
    raw = await decodePayload(codec, payload);
  } catch (e) {
    if (e instanceof ShareCodecError) return fail(e.message);
    throw e;
  }
  return parseDeck(raw);
}

/** The deck's own link fragment, at step `step` (counted from 1; the first step writes none). */
export async function deckLink(deck: Deck, step?: number, options: { compress?: boolean } = {}): Promise<string> {
  return deckFragment(await encodePayload(deckJson(deck), options), step);
}
