/**
 * Trace → Mermaid `sequenceDiagram` text. Pure: no DOM, no Mermaid import, same input → same text.
 *
 * One drawn step per trace event (an arrow, or a note for route selection and clock advances);
 * `lambda.log` events are not steps, they are counted on the invocation's result arrow. Lanes are
 * declared up front for the whole trace, so paging through a long trace never moves them.
 * Every label goes through ./escape.ts: trace text is untrusted (docs/aws-behaviour.md §1–3 describes
 * the WebSocket steps, §4–5 the HTTP and REST ones; the trace model is src/gateway/core/trace.ts).
 * HTTP and REST steps the gateway takes by itself (route match, authorizer, API key, throttle,
 * cache, validation, mapping, mock) are notes over its lane; browser CORS checks are notes over
 * the client, marked "(modelled)" when the engine modelled them in fake mode.
 */

import type { TraceEvent } from '../gateway';
import { encodeMermaidText, previewText } from './escape';
import { MERMAID_SPACING, type LaneSpacing, type PlainLane, type PlainStep } from './layout';
import { countLogs, plural, toStep } from './steps';

/** Steps shown when the caller gives no window size. */
export const DEFAULT_WINDOW_SIZE = 50;

/** A whole label is cut to this many characters after its parts were cut to their previews. */
const LABEL_LENGTH = 120;
const NOTE_LENGTH = 400;
/** Lane display names (client, function and table names). */
const NAME_LENGTH = 32;
/** Background of the highlighted step (the timeline cursor). */
const HIGHLIGHT_FILL = 'rgba(255, 193, 7, 0.3)';

export interface DiagramOptions {
  /**
   * Which steps to draw: `size` steps from step index `start` (0-based). Without `start` the
   * window shows the latest steps (or, with `highlightSeq` outside them, the highlighted step).
   */
  window?: { start?: number; size: number };
  /** Shown as the diagram title and used as its accessible title. */
  title?: string;
  /** The `seq` of the trace event to highlight (a `lambda.log` highlights its invocation). */
  highlightSeq?: number;
  /**
   * Real mode: the trace holds only what the client saw of a real endpoint. The gateway lane is
   * named for the endpoint and a note says the backend is not observable.
   */
  observedFromClient?: boolean;
  /**
   * Cut every step's label to this many characters (default 120; a note across all lanes keeps
   * the default, since it has the diagram's whole width). Mermaid spaces the lanes to
   * fit the longest label between them, so short labels keep a diagram narrow enough to sit in
   * a third of the screen (the comparison view).
   */
  maxLabelLength?: number;
  /**
   * Narrow layout for a diagram that shares the screen: step labels broken into short lines
   * (so they stop pushing the lanes apart), and smaller text and tighter lanes, set through the
   * diagram's own front matter so the page-wide Mermaid configuration stays as it is.
   */
  compact?: boolean;
  /**
   * Draw at most this many client lanes (2 or more). With more clients, the first
   * `maxClientLanes - 1` keep their own lanes and the rest share one ("clients 3–8"), each of
   * its steps starting with the client's name, so eight clients stay legible. Default: a lane
   * per client.
   */
  maxClientLanes?: number;
  /**
   * Narrower participant boxes and gaps between them (a box still grows to fit its name), so
   * more lanes fit a panel at a readable size. `compact` has its own, tighter, spacing.
   */
  tightLanes?: boolean;
  /**
   * Steps that came before `events` but are no longer kept (a long trace's memory bound): counted
   * in the note about earlier steps, so the learner knows they happened.
   */
  omittedSteps?: number;
  /** What those steps were, in one line (untrusted text like every label: escaped). */
  omittedSummary?: string;
}

/**
 * The live diagram's layout: labels cut short enough that the lanes stay close together at a
 * readable size (the whole label is in `items`, shown on hover and focus), tight lanes, and at
 * most four client lanes.
 */
export const READABLE_DIAGRAM = {
  maxLabelLength: 40,
  maxClientLanes: 4,
  tightLanes: true,
} as const satisfies DiagramOptions;

/** Front matter for `compact`: about 700 px wide for the comparison's five-lane polling traces instead of 1,600. */
const COMPACT_FRONT_MATTER = [
  '---',
  'config:',
  '  sequence:',
  '    width: 100',
  '    actorMargin: 16',
  '    messageFontSize: 12',
  '    noteFontSize: 12',
  '    actorFontSize: 12',
  '---',
];

/** `tightLanes`: about a tenth narrower than Mermaid's default spacing for six lanes. */
const TIGHT_SPACING: LaneSpacing = { width: 110, margin: 30 };
const TIGHT_FRONT_MATTER = [
  '---',
  'config:',
  '  sequence:',
  `    width: ${TIGHT_SPACING.width}`,
  `    actorMargin: ${TIGHT_SPACING.margin}`,
  '---',
];

export interface DiagramText {
  /** Mermaid source. */
  text: string;
  /** Step indices drawn: `from` inclusive, `to` exclusive (0-based, over `total` steps). */
  shown: { from: number; to: number };
  /** How many drawable steps the whole trace has (events other than `lambda.log`). */
  total: number;
  /**
   * The lanes, in drawing order, as trace participants (`management` is drawn on `gateway`; a
   * shared lane of grouped clients is `clients:3-8`).
   */
  participants: string[];
  /** Every drawn message and note, in the order of the text (so of Mermaid's `data-id`s). */
  items: DiagramItem[];
  /**
   * The same diagram as plain parts (lanes, messages and notes as decoded text), so a view can
   * draw it without Mermaid, laid out as Mermaid would (./layout.ts): the diagram before any
   * traffic, and the live diagram while steps stream in. Absent where only Mermaid draws it
   * right: a title, the compact layout or a highlighted step.
   */
  plain?: PlainDiagram;
}

/** A sequence diagram as plain parts (untrusted text: drawn with `textContent`, never as markup). */
export interface PlainDiagram {
  /** The SVG's accessible name and description (as `accTitle` and `accDescr` give them). */
  title: string;
  description: string;
  lanes: PlainLane[];
  steps: PlainStep[];
  /** Mermaid's box width and gap for this diagram (its front matter). */
  spacing: LaneSpacing;
  /** Trace steps are drawn (not only the diagram's own notes): Mermaid draws it once traffic stops. */
  traffic: boolean;
}

/** One drawn message or note: what Mermaid's `[data-et=message]` or `[data-et=note]` element shows. */
export interface DiagramItem {
  kind: 'message' | 'note';
  /** The trace event drawn; absent for the diagram's own notes (hidden steps, no traffic, real mode). */
  seq?: number;
  /** The whole label, before `maxLabelLength` cut it. Plain, untrusted text: show it as text, never as markup. */
  full: string;
  /** The lanes by name (a grouped client by its own name): sender and receiver, or the lanes a note spans. */
  from: string;
  to: string;
  /** The trace's latest step (only when the window shows it). */
  newest: boolean;
}

interface Lane {
  key: string;
  alias: string;
  name: string;
  keyword: 'actor' | 'participant';
  group: number;
}

/** Lane groups in drawing order: clients, API Gateway, authorizers, functions, tables, anything else. */
const GROUPS: { prefix: string; alias: string; keyword: Lane['keyword']; name: (rest: string) => string }[] = [
  { prefix: 'client:', alias: 'c', keyword: 'actor', name: (n) => n },
  { prefix: 'gateway', alias: 'gw', keyword: 'participant', name: () => 'API Gateway' },
  { prefix: 'authorizer:', alias: 'au', keyword: 'participant', name: (n) => `Authorizer λ ${n}` },
  { prefix: 'integration:', alias: 'fn', keyword: 'participant', name: (n) => `λ ${n}` },
  { prefix: 'table:', alias: 'tb', keyword: 'participant', name: (n) => `Table ${n}` },
];

/** `management` (the `@connections` API) is part of API Gateway: its calls are drawn to that lane. */
function laneKey(p: unknown): string {
  const key = typeof p === 'string' ? p : String(p);
  return key === 'management' ? 'gateway' : key;
}

function groupOf(key: string): number {
  const i = GROUPS.findIndex((g) => (g.prefix === 'gateway' ? key === 'gateway' : key.startsWith(g.prefix)));
  return i === -1 ? GROUPS.length : i;
}

/** Declares a lane for every participant of the whole trace, ordered by group then first appearance. */
function collectLanes(events: readonly TraceEvent[], gatewayName = 'API Gateway'): Lane[] {
  const seen = new Map<string, number>();
  const note = (p: unknown) => {
    const key = laneKey(p);
    if (!seen.has(key)) seen.set(key, seen.size);
  };
  note('gateway');
  for (const e of events) {
    note(e.from);
    note(e.to);
  }
  const keys = [...seen.keys()].sort((a, b) => groupOf(a) - groupOf(b) || seen.get(a)! - seen.get(b)!);
  const counters = new Map<number, number>();
  return keys.map((key) => {
    const group = groupOf(key);
    const n = (counters.get(group) ?? 0) + 1;
    counters.set(group, n);
    const g = GROUPS[group];
    if (!g) return { key, alias: `p${n}`, name: previewText(key, NAME_LENGTH), keyword: 'participant', group };
    const alias = g.prefix === 'gateway' ? 'gw' : `${g.alias}${n}`;
    const rest = key.slice(g.prefix.length);
    const name =
      g.prefix === 'gateway' ? gatewayName : previewText(g.name(previewText(rest, NAME_LENGTH)), NAME_LENGTH + 16);
    return { key, alias, name, keyword: g.keyword, group };
  });
}

/**
 * With more client lanes than `max`, the first `max - 1` stay and the rest share one lane named
 * for their positions ("clients 3–8"), drawn where the first of them would be, under its alias.
 * Returns the lanes to draw and the lane each participant is drawn on.
 */
function groupClients(lanes: Lane[], max: number | undefined): { drawn: Lane[]; laneOf: Map<string, Lane> } {
  const laneOf = new Map(lanes.map((l) => [l.key, l]));
  const clients = lanes.filter((l) => l.group === 0);
  const limit = Math.max(2, Math.floor(Number(max)));
  if (!(clients.length > limit)) return { drawn: lanes, laneOf };
  const keep = limit - 1;
  const shared: Lane = {
    key: `clients:${keep + 1}-${clients.length}`,
    alias: clients[keep]!.alias,
    name: `clients ${keep + 1}–${clients.length}`,
    keyword: 'actor',
    group: 0,
  };
  for (const member of clients.slice(keep)) laneOf.set(member.key, shared);
  return { drawn: [...clients.slice(0, keep), shared, ...lanes.slice(clients.length)], laneOf };
}

/** The label as it goes into the Mermaid text: never empty, never more than one line, encoded. */
function label(text: string): string {
  return encodeMermaidText(shownLabel(text)) || '…';
}

/** The label as Mermaid shows it, decoded (what `label` encodes). */
function shownLabel(text: string): string {
  return previewText(text, LABEL_LENGTH) || '…';
}

/** Width budget per line of a step label in a compact diagram (see `cost`). */
const COMPACT_LINE = 22;

/**
 * How wide Mermaid thinks a character is, in characters: it measures labels before it decodes
 * entity codes, when `#58;` has become the 7-character placeholder `ﬂ°°58¶ß`. Counting the same
 * way keeps its lane spacing close to what is drawn.
 */
function cost(ch: string): number {
  return encodeMermaidText(ch).length === ch.length ? 1 : 7;
}

/**
 * A step label broken into lines (at spaces where it can, inside long words where it must),
 * each line encoded on its own and joined with Mermaid's `<br/>`. Wrapping here rather than
 * with Mermaid's `wrap` option, which breaks words character by character after encoding and
 * so cuts entity codes in half. The `<br/>` is ours: a `<` from the trace is always encoded.
 */
function wrappedLabel(text: string, width: number): string {
  const plain = previewText(text, LABEL_LENGTH);
  const lines: string[] = [];
  let line = '';
  let used = 0;
  const flush = () => {
    if (line) lines.push(line);
    line = '';
    used = 0;
  };
  for (const word of plain.split(' ')) {
    const chars = Array.from(word);
    const wordCost = chars.reduce((n, ch) => n + cost(ch), 0);
    if (line && used + 1 + wordCost <= width) {
      line += ` ${word}`;
      used += 1 + wordCost;
      continue;
    }
    flush();
    for (const ch of chars) {
      if (line && used + cost(ch) > width) flush();
      line += ch;
      used += cost(ch);
    }
  }
  flush();
  return lines.map(encodeMermaidText).join('<br/>') || '…';
}

/** The index of the step drawn for `seq` (the latest step at or before it, so a log maps to its invoke). */
function stepIndexOf(steps: readonly TraceEvent[], seq: number): number {
  let found = -1;
  for (let i = 0; i < steps.length; i++) {
    if (steps[i]!.seq <= seq) found = i;
    else break;
  }
  return found;
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, n));
}

/**
 * Renders a trace as Mermaid sequence-diagram text (lanes: clients, API Gateway, authorizers,
 * Lambda functions, tables; `@connections` calls are Lambda → API Gateway arrows, as in
 * docs/aws-behaviour.md §3). Long traces show a window of steps with notes counting the hidden ones.
 */
export function traceToMermaid(events: readonly TraceEvent[], options: DiagramOptions = {}): DiagramText {
  const own = collectLanes(events, options.observedFromClient ? 'Real endpoint' : undefined);
  const ownLane = new Map(own.map((l) => [l.key, l]));
  const { drawn: lanes, laneOf } = groupClients(own, options.maxClientLanes);
  const alias = (p: unknown) => laneOf.get(laneKey(p))?.alias ?? 'gw';
  const nameOf = (p: unknown) => ownLane.get(laneKey(p))?.name ?? 'API Gateway';
  /** A client drawn on a shared lane, named at the start of its steps. */
  const member = (e: TraceEvent) =>
    [e.from, e.to].map(laneKey).find((k) => laneOf.get(k) !== ownLane.get(k) && ownLane.has(k));
  const logs = countLogs(events);
  const steps = events.filter((e) => e.kind !== 'lambda.log');
  const total = steps.length;

  const size = Math.max(1, Math.floor(Number(options.window?.size) || DEFAULT_WINDOW_SIZE));
  const lastStart = Math.max(0, total - size);
  const highlight = options.highlightSeq === undefined ? -1 : stepIndexOf(steps, options.highlightSeq);
  let start: number;
  if (options.window?.start !== undefined) {
    start = clamp(Math.floor(Number(options.window.start) || 0), 0, lastStart);
  } else if (highlight >= 0 && highlight < lastStart) start = clamp(highlight - Math.floor(size / 2), 0, lastStart);
  else start = lastStart;
  const end = Math.min(total, start + size);

  const first = lanes[0]!.alias;
  const last = lanes[lanes.length - 1]!.alias;
  const overAll = first === last ? first : `${first},${last}`;
  const span = { from: lanes[0]!.name, to: lanes[lanes.length - 1]!.name };
  const title = previewText(options.title, 80);
  const stepLength = Math.max(8, Math.floor(Number(options.maxLabelLength) || LABEL_LENGTH));

  const frontMatter = options.compact ? COMPACT_FRONT_MATTER : options.tightLanes ? TIGHT_FRONT_MATTER : [];
  const out: string[] = [...frontMatter, 'sequenceDiagram'];
  const items: DiagramItem[] = [];
  /** Lane index by alias, for the plain parts. */
  const laneIndex = new Map(lanes.map((l, i) => [l.alias, i]));
  const at = (a: string) => laneIndex.get(a) ?? 0;
  /** What is drawn, as plain parts (decoded text), in the order of the text. */
  const plainSteps: PlainStep[] = [];
  /** The diagram's own notes: always short, drawn whole. */
  const note = (over: string, text: string, who = span) => {
    out.push(`Note over ${over}: ${label(text)}`);
    const [a, b = a] = over.split(',');
    plainSteps.push({ kind: 'note', from: at(a!), to: at(b!), text: shownLabel(text) });
    // A note's whole text is the gateway's own (a summary can run past a label's length).
    items.push({ kind: 'note', full: previewText(text, NOTE_LENGTH), ...who, newest: false });
  };
  if (title) out.push(`title ${label(title)}`);
  const names = lanes.map((l) => l.name).join(', ');
  const description =
    total === 0
      ? `No steps yet. Lanes: ${names}.`
      : `${plural(total, 'step')} between ${names}. Showing steps ${start + 1} to ${end}.`;
  const accTitle = title || 'API Gateway sequence diagram';
  out.push(`accTitle: ${label(accTitle)}`);
  const accDescr = previewText(description, 400);
  out.push(`accDescr: ${encodeMermaidText(accDescr)}`);
  for (const l of lanes) out.push(`${l.keyword} ${l.alias} as ${label(l.name)}`);

  if (options.observedFromClient) {
    const gateway = nameOf('gateway');
    note('gw', 'Real mode: only what the client sees. The backend is not observable.', { from: gateway, to: gateway });
  }
  if (total === 0) note(overAll, 'No traffic yet');
  const omitted = Math.max(0, Math.floor(Number(options.omittedSteps) || 0));
  if (start + omitted > 0) {
    const summary = omitted && typeof options.omittedSummary === 'string' ? options.omittedSummary : '';
    const gone = summary ? ` (${summary})` : omitted ? ` (${omitted} no longer kept)` : '';
    note(overAll, `${plural(start + omitted, 'earlier step')} hidden${gone}`);
  }
  for (let i = start; i < end; i++) {
    const e = steps[i]!;
    const step = toStep(e, alias, logs);
    const grouped = member(e);
    const whole = grouped ? `[${previewText(nameOf(grouped), 16)}] ${step.label}` : step.label;
    // The mark fits inside the label's length, so a long label never loses it.
    const marked = (n: number) =>
      e.unconfirmed ? `${previewText(whole, Math.min(n, LABEL_LENGTH - 2))} ⚠` : previewText(whole, n);
    // A note across every lane (a redeploy, a clock advance) has the diagram's width: never cut shorter.
    const plain = marked(step.type === 'note' && step.over === 'all' ? LABEL_LENGTH : stepLength);
    const text = options.compact ? wrappedLabel(plain, COMPACT_LINE) : label(plain);
    const line =
      step.type === 'arrow'
        ? `${step.from}${step.arrow}${step.to}: ${text}`
        : `Note over ${step.over === 'all' ? overAll : step.lane}: ${text}`;
    if (i === highlight) out.push(`rect ${HIGHLIGHT_FILL}`, line, 'end');
    else out.push(line);
    const shown = shownLabel(plain);
    if (step.type === 'arrow') {
      plainSteps.push({ kind: 'message', from: at(step.from), to: at(step.to), arrow: step.arrow, text: shown });
    } else {
      const [a, b = a] = (step.over === 'all' ? overAll : step.lane).split(',');
      plainSteps.push({ kind: 'note', from: at(a!), to: at(b!), text: shown });
    }
    const who = step.type === 'note' && step.over === 'all' ? span : { from: nameOf(e.from), to: nameOf(e.to) };
    items.push({
      kind: step.type === 'arrow' ? 'message' : 'note',
      seq: e.seq,
      full: marked(LABEL_LENGTH),
      ...who,
      newest: i === total - 1,
    });
  }
  if (end < total) note(overAll, `${plural(total - end, 'later step')} hidden`);

  // A title, wrapped compact labels and the highlight's box are Mermaid's to draw.
  const highlighted = highlight >= start && highlight < end;
  const plain: PlainDiagram | undefined =
    !title && !options.compact && !highlighted
      ? {
          title: shownLabel(accTitle),
          description: accDescr,
          lanes: lanes.map((l) => ({ name: shownLabel(l.name), actor: l.keyword === 'actor' })),
          steps: plainSteps,
          spacing: options.tightLanes ? TIGHT_SPACING : MERMAID_SPACING,
          traffic: end > start,
        }
      : undefined;
  return {
    text: `${out.join('\n')}\n`,
    shown: { from: start, to: end },
    total,
    participants: lanes.map((l) => l.key),
    items,
    ...(plain ? { plain } : {}),
  };
}
