/**
 * A trainer's deck (docs/trainer-deck.md): a titled list of steps, each a lesson (optionally shown
 * with its solution) or a share link, with speaker notes. A deck comes from a file or a link, so
 * every field is untrusted text: it is checked here field by field, and each problem names the
 * step and the field, so a trainer can fix the file. Notes stay text (the lessons' Markdown
 * subset, rendered as text nodes); nothing in a deck is ever markup or code.
 *
 * The file, version 1:
 *
 *   { "v": 1, "title": "…", "hideSolutions": true,
 *     "steps": [ { "title": "…", "notes": "…", "target": { "lesson": "routing-table" } },
 *                { "title": "…", "target": { "lesson": "routing-table", "solution": true } },
 *                { "title": "…", "target": { "share": "#/share/v1.z.…" } } ] }
 */

export const DECK_VERSION = 1 as const;

/** Bounds: a deck is a page of a workshop plan, not a data store. */
export const DECK_LIMITS = {
  steps: 100,
  title: 200,
  notes: 20_000,
  /** A share fragment as long as a share link may be (src/share/codec.ts's bound) and its prefix. */
  fragment: 512 * 1024 + 64,
  /** A deck file, read before it is parsed. */
  fileBytes: 2 * 1024 * 1024,
} as const;

export type DeckTarget = { kind: 'lesson'; slug: string; solution: boolean } | { kind: 'share'; fragment: string };

export interface DeckStep {
  title: string;
  /** Speaker notes: plain text or the lessons' Markdown subset ('' when none). */
  notes: string;
  target: DeckTarget;
}

export interface Deck {
  v: typeof DECK_VERSION;
  title: string;
  /** Every lesson link the deck makes carries `?class`: "Reveal solution" is hidden there. */
  hideSolutions: boolean;
  steps: DeckStep[];
}

/** One thing wrong with a deck: where (`step 3, target.lesson`) and what. */
export interface DeckProblem {
  where: string;
  message: string;
}

export type DeckResult = { ok: true; deck: Deck } | { ok: false; problems: DeckProblem[] };

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** A share link's fragment: RFC 3986 fragment characters only (no spaces, quotes or brackets). */
const SHARE_FRAGMENT = /^#\/share\/v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9._~!$&'()*+,;=:@/?%-]*$/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

const DECK_FIELDS = ['v', 'title', 'hideSolutions', 'steps'];
const STEP_FIELDS = ['title', 'notes', 'target'];
const TARGET_FIELDS = ['lesson', 'solution', 'share'];

/** An untrusted value, quoted for a message (short, one line; it is shown as text). */
export function quote(value: unknown): string {
  let s: string;
  try {
    s = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  } catch {
    s = String(value);
  }
  s = s.replace(/\s+/g, ' ');
  return `“${s.length > 40 ? `${s.slice(0, 40)}…` : s}”`;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function kind(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

/** Unknown fields are refused by name (a misspelt `hideSolution` would otherwise do nothing). */
function unknownFields(o: Record<string, unknown>, known: string[], where: string, out: DeckProblem[]): void {
  for (const k of Object.keys(o))
    if (!known.includes(k))
      out.push({ where, message: `unknown field ${quote(k)} (a deck knows ${known.join(', ')})` });
}

function text(
  v: unknown,
  where: string,
  max: number,
  out: DeckProblem[],
  { required, multiline }: { required: boolean; multiline: boolean },
): string {
  if (v === undefined && !required) return '';
  if (typeof v !== 'string') {
    out.push({ where, message: v === undefined ? 'is missing (text expected)' : `must be text, not ${kind(v)}` });
    return '';
  }
  const t = v.trim();
  if (required && !t) out.push({ where, message: 'is empty' });
  else if (v.length > max)
    out.push({
      where,
      message: `is ${v.length.toLocaleString('en')} characters long (at most ${max.toLocaleString('en')})`,
    });
  else if (CONTROL.test(v) || (!multiline && /[\r\n]/.test(v)))
    out.push({ where, message: multiline ? 'holds control characters' : 'must be one line of text' });
  return t;
}

function parseTarget(v: unknown, where: string, out: DeckProblem[]): DeckTarget | null {
  if (!isRecord(v)) {
    out.push({
      where,
      message:
        v === undefined
          ? 'is missing: give a lesson ({"lesson": "routing-table"}) or a share link ({"share": "#/share/v1.…"})'
          : `must be an object, not ${kind(v)}`,
    });
    return null;
  }
  const before = out.length;
  unknownFields(v, TARGET_FIELDS, where, out);
  const hasLesson = v.lesson !== undefined;
  const hasShare = v.share !== undefined;
  if (hasLesson === hasShare) {
    out.push({
      where,
      message: hasLesson
        ? 'names both a lesson and a share link: a step opens one of them'
        : 'names neither a lesson nor a share link ("lesson" or "share")',
    });
    return null;
  }
  if (hasLesson) {
    const slug = v.lesson;
    if (typeof slug !== 'string' || !SLUG.test(slug))
      out.push({
        where: `${where}.lesson`,
        message: `${typeof slug === 'string' ? quote(slug) : kind(slug)} is not a lesson slug (lowercase letters, digits and hyphens, e.g. "routing-table")`,
      });
    if (v.solution !== undefined && typeof v.solution !== 'boolean')
      out.push({ where: `${where}.solution`, message: `must be true or false, not ${kind(v.solution)}` });
    if (out.length > before) return null;
    return { kind: 'lesson', slug: slug as string, solution: v.solution === true };
  }
  if (v.solution !== undefined)
    out.push({ where: `${where}.solution`, message: 'belongs to a lesson step; a share link carries its own setup' });
  const f = v.share;
  if (typeof f !== 'string') out.push({ where: `${where}.share`, message: `must be text, not ${kind(f)}` });
  else if (f.length > DECK_LIMITS.fragment)
    out.push({
      where: `${where}.share`,
      message: `is ${f.length.toLocaleString('en')} characters long, more than a share link can be`,
    });
  else if (!SHARE_FRAGMENT.test(f))
    out.push({
      where: `${where}.share`,
      message: `${quote(f)} is not a share link fragment: copy the link's part from “#/share/v1.” on (letters, digits and URL punctuation only)`,
    });
  if (out.length > before) return null;
  return { kind: 'share', fragment: f as string };
}

function parseStep(v: unknown, n: number, out: DeckProblem[]): DeckStep | null {
  const where = `step ${n}`;
  if (!isRecord(v)) {
    out.push({ where, message: `must be an object with a title and a target, not ${kind(v)}` });
    return null;
  }
  const before = out.length;
  unknownFields(v, STEP_FIELDS, where, out);
  const title = text(v.title, `${where}, title`, DECK_LIMITS.title, out, { required: true, multiline: false });
  const notes = text(v.notes, `${where}, notes`, DECK_LIMITS.notes, out, { required: false, multiline: true });
  const target = parseTarget(v.target, `${where}, target`, out);
  if (out.length > before || !target) return null;
  return { title, notes, target };
}

/** Checks a parsed deck file; every problem found is listed (up to a screenful), not just the first. */
export function parseDeck(raw: unknown): DeckResult {
  const out: DeckProblem[] = [];
  if (!isRecord(raw))
    return { ok: false, problems: [{ where: 'deck', message: `must be a JSON object, not ${kind(raw)}` }] };
  if (raw.v !== DECK_VERSION)
    return {
      ok: false,
      problems: [
        {
          where: 'v',
          message:
            raw.v === undefined
              ? 'is missing: a deck file starts with "v": 1 (is this a deck?)'
              : typeof raw.v === 'number' && raw.v > DECK_VERSION
                ? `this deck is version ${raw.v}; this playground reads version ${DECK_VERSION} (the deck may come from a newer playground)`
                : `must be ${DECK_VERSION}, not ${quote(raw.v)}`,
        },
      ],
    };
  unknownFields(raw, DECK_FIELDS, 'deck', out);
  const title = text(raw.title, 'title', DECK_LIMITS.title, out, { required: true, multiline: false });
  if (raw.hideSolutions !== undefined && typeof raw.hideSolutions !== 'boolean')
    out.push({ where: 'hideSolutions', message: `must be true or false, not ${kind(raw.hideSolutions)}` });
  const steps: DeckStep[] = [];
  if (!Array.isArray(raw.steps))
    out.push({
      where: 'steps',
      message: raw.steps === undefined ? 'is missing (a list of steps)' : `must be a list, not ${kind(raw.steps)}`,
    });
  else if (raw.steps.length === 0) out.push({ where: 'steps', message: 'is empty: a deck needs at least one step' });
  else if (raw.steps.length > DECK_LIMITS.steps)
    out.push({ where: 'steps', message: `has ${raw.steps.length} steps (at most ${DECK_LIMITS.steps})` });
  else
    raw.steps.forEach((s, i) => {
      const step = parseStep(s, i + 1, out);
      if (step) steps.push(step);
    });
  if (out.length) return { ok: false, problems: out.slice(0, 20) };
  return { ok: true, deck: { v: DECK_VERSION, title, hideSolutions: raw.hideSolutions === true, steps } };
}

/** A deck file's text: JSON first (a message that says so), then the checks above. */
export function parseDeckText(source: string): DeckResult {
  let raw: unknown;
  try {
    raw = JSON.parse(source);
  } catch (e) {
    return { ok: false, problems: [{ where: 'file', message: `is not JSON (${(e as Error).message.slice(0, 120)})` }] };
  }
  return parseDeck(raw);
}

/** The deck as its file writes it (what a deck link and the saved deck hold). */
export function deckJson(deck: Deck): unknown {
  return {
    v: deck.v,
    title: deck.title,
    ...(deck.hideSolutions ? { hideSolutions: true } : {}),
    steps: deck.steps.map((s) => ({
      title: s.title,
      ...(s.notes ? { notes: s.notes } : {}),
      target:
        s.target.kind === 'lesson'
          ? { lesson: s.target.slug, ...(s.target.solution ? { solution: true } : {}) }
          : { share: s.target.fragment },
    })),
  };
}
