/**
 * Expectations over a trace (and the tables): the part of a check that is the same whether the
 * trace came from the check's own scenario or from the learner's session. Every failure names
 * the concrete input (the action, or the client frame that caused the event) and the trace
 * step where it went wrong, never just "failed".
 */
import type { TraceEvent } from '../gateway';
import { explain, mismatch, show, type Mismatch, type PatternContext } from './pattern';
import {
  noun,
  plainMiss,
  plainNothing,
  plainTooFew,
  plainTooMany,
  plainUnexpected,
} from './failure-summary';
import type { Expectation, Pattern } from './types';
import {
  FIGURE_LABELS,
  countWords,
  evaluateCost,
  evaluateFigures,
  evaluateTable,
  range,
  showPattern,
} from './evaluate-values';

/** One action of a scenario as it ran: the trace events it caused are `firstSeq..lastSeq`. */
export interface ActionRecord {
  index: number;
  id?: string;
  /** `Alice sent {"action":"joinRoom","roomId":"r1"}` */
  description: string;
  firstSeq: number;
  lastSeq: number;
}

export interface EvaluationInput {
  trace: readonly TraceEvent[];
  /** Table items in attribute-value form (`{"roomId": {"S": "1234"}}`), as the table store keeps them. */
  tables?: Record<string, readonly Record<string, unknown>[]>;
  /** Scenario runs only: the actions in order. */
  actions?: readonly ActionRecord[];
  /** The figures of the last `compare` step, by approach (src/compare ApproachResult, as data). */
  figures?: Record<string, unknown>;
  /** The price per million requests of the API the check deployed (for `cost` expectations). */
  requestPrice?: { usdPerMillion: number; apiType: string };
}

export interface ExpectationResult {
  index: number;
  ok: boolean;
  /** What the expectation asks, in words. */
  description: string;
  /** Why it failed, naming the input and the trace step: the technical detail. */
  message?: string;
  /** Why it failed as a plain sentence: what the learner should look at (shown first). */
  summary?: string;
  /** The trace step the message points at (for the timeline cursor). */
  seq?: number;
  /** The seqs of the matching events. */
  matches: number[];
}

const q = (v: unknown) => JSON.stringify(v);

function fieldsText(pattern: Record<string, unknown>): string {
  const parts = Object.entries(pattern)
    .filter(([k]) => k !== 'kind')
    .map(([k, v]) => `${k} ${showPattern(v, 60)}`);
  return parts.length ? ` with ${parts.join(', ')}` : '';
}

/** What an expectation asks, as a sentence fragment ("Alice receives a frame containing "pong""). */
export function describeExpectation(e: Expectation): string {
  if (e.description) return e.description;
  if ('event' in e) {
    const { min, max } = range(e.count);
    const what = `${noun(e.event.kind)}${fieldsText(e.event)}`;
    if (e.count === undefined) return `${/^[aeiou]/i.test(what) ? 'an' : 'a'} ${what}`;
    if (min === max) return min === 0 ? `no ${what}` : min === 1 ? `exactly one ${what}` : `${what}, exactly ${min} times`;
    return `${what}, ${max === Infinity ? `at least ${min}` : min === 0 ? `at most ${max}` : `${min} to ${max}`} times`;
  }
  if ('none' in e) return `no ${noun(e.none.kind)}${fieldsText(e.none)}`;
  if ('received' in e) {
    const r = e.received;
    const what =
      r.text !== undefined
        ? ` ${q(r.text)}`
        : r.contains !== undefined
          ? ` containing ${q(r.contains)}`
          : r.json !== undefined
            ? ` with JSON matching ${showPattern(r.json)}`
            : '';
    const n = countWords(e.count);
    const frames = range(e.count).max === 1 || n === 'a' ? 'frame' : 'frames';
    const base = n === 'no' ? `${r.client} receives no frame${what}` : `${r.client} receives ${n} ${frames}${what}`;
    const bytes = r.totalBytes !== undefined ? `, totalling ${countWords(r.totalBytes).replace(/^a$/, 'some')} bytes` : '';
    return base + (r.cause ? ` (${r.cause})` : '') + bytes;
  }
  if ('closed' in e) {
    const c = e.closed;
    return `${c.client}'s connection closes${c.code !== undefined ? ` with ${c.code}` : ''}${c.by ? ` (by ${c.by})` : ''}`;
  }
  if ('handshake' in e) {
    const h = e.handshake;
    return h.status === 101 ? `${h.client}'s handshake succeeds (101)` : `${h.client}'s handshake is refused with ${h.status}`;
  }
  if ('response' in e) {
    const r = e.response;
    return (
      `${r.client ? `${r.client} gets ` : ''}a response${r.status !== undefined ? ` ${r.status}` : ''}` +
      (r.contains !== undefined ? ` containing ${q(r.contains)}` : '') +
      (r.json !== undefined ? ` with JSON matching ${showPattern(r.json)}` : '')
    );
  }
  if ('figures' in e) return `${FIGURE_LABELS[e.figures.approach] ?? e.figures.approach} gives ${showPattern(e.figures.match)}`;
  if ('cost' in e)
    return `${e.cost.requests.toLocaleString('en-US')} requests to this API cost ${showPattern(e.cost.usd)} USD`;
  const t = e.table;
  const parts: string[] = [];
  if (t.count !== undefined) parts.push(`${countWords(t.count).replace(/^a$/, 'at least one')} item${range(t.count).max === 1 ? '' : 's'}`);
  for (const c of t.contains ?? []) parts.push(`an item matching ${showPattern(c)}`);
  for (const x of t.excludes ?? []) parts.push(`no item matching ${showPattern(x)}`);
  return `table ${t.name} holds ${parts.join(', ')}`;
}

// ---------------------------------------------------------------------------- clients

/** Connection ids by client name, from the handshakes in the trace. */
function clientIndex(trace: readonly TraceEvent[]): { ids: Map<string, string[]>; accepted: Map<string, string> } {
  const ids = new Map<string, string[]>();
  const accepted = new Map<string, string>();
  for (const e of trace) {
    if (e.kind !== 'ws.handshake' || !e.connectionId || !e.to.startsWith('client:')) continue;
    const name = e.to.slice('client:'.length);
    let list = ids.get(name);
    if (!list) ids.set(name, (list = []));
    list.push(e.connectionId);
    if (e.accepted) accepted.set(name, e.connectionId);
  }
  return { ids, accepted };
}

/** Resolves `$connectionId` against a trace: the client's latest accepted connection (else latest). */
export function patternContextFor(trace: readonly TraceEvent[]): PatternContext {
  const { ids, accepted } = clientIndex(trace);
  return { connectionId: (name) => accepted.get(name) ?? ids.get(name)?.at(-1) };
}

// ---------------------------------------------------------------------------- inputs

/** The action (scenario) or the client frame (learner trace) that led to an event. */
function inputFor(seq: number, input: EvaluationInput, bySeq: Map<number, TraceEvent>): string | undefined {
  if (input.actions) {
    const a = input.actions.find((x) => seq >= x.firstSeq && seq <= x.lastSeq);
    if (a) return a.description;
  }
  // Walk the causes back to what a client (or the clock, or a backend) did.
  let e = bySeq.get(seq);
  for (let guard = 0; e && e.causeSeq !== undefined && guard < 1000; guard++) {
    const cause = bySeq.get(e.causeSeq);
    if (!cause) break;
    e = cause;
  }
  return e ? describeRoot(e) : undefined;
}

function describeRoot(e: TraceEvent): string {
  const who = e.from.startsWith('client:') ? e.from.slice('client:'.length) : e.from;
  switch (e.kind) {
    case 'ws.frame.in':
      return `${who} sent ${clip(e.text, 120)}`;
    case 'ws.upgrade':
      return `${who} connected${e.query ? ` with ?${e.query}` : ''}`;
    case 'ws.close':
      return e.initiator === 'client'
        ? `${who} closed the connection (${e.code})`
        : `the gateway closed ${e.to.replace(/^client:/, '')}'s connection (${e.code})`;
    case 'mgmt.request':
      return `${e.operation} for ${e.target}`;
    case 'clock.advance':
      return `the clock moved ${formatMs(e.ms)} forward`;
    case 'http.request':
      return `${who} sent ${e.method} ${e.path}${e.query ? '?' + e.query : ''}`;
    default:
      return `trace step ${e.seq} (${e.summary})`;
  }
}

/** Text cut to `max` characters for a message. */
export function clip(text: string, max: number): string {
  return text.length > max ? text.slice(0, max - 1) + '…' : text;
}

export function formatMs(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  if (ms % 1000 === 0) return `${ms / 1000} s`;
  return `${ms} ms`;
}

function stepText(e: TraceEvent): string {
  return `trace step ${e.seq}: ${e.summary}`;
}

// ---------------------------------------------------------------------------- event specs

interface EventSpec {
  /** Events this expectation is about (same kind, same client lane). */
  candidate(e: TraceEvent): boolean;
  /** Null when the candidate matches, else why not. */
  why(e: TraceEvent): string | null;
  /** How many of the pattern's fields a candidate gets right (to pick the nearest miss). */
  score(e: TraceEvent): number;
  /** "Alice received no frame" / "no route selection happened". */
  nothing: string;
  /** The nearest miss in plain words (see failure-summary). */
  plain(e: TraceEvent): string;
}

function lane(client: string): `client:${string}` {
  return `client:${client}`;
}

function patternSpec(pattern: Record<string, Pattern>, ctx: PatternContext): EventSpec {
  const kind = pattern.kind as string;
  const fields = Object.entries(pattern).filter(([k]) => k !== 'kind');
  return {
    candidate: (e) => e.kind === kind,
    why: (e) => {
      const m = miss(e);
      return m && explain(m.pattern, m.actual, ctx, m.field);
    },
    score: (e) => fields.filter(([k, p]) => explain(p, (e as unknown as Record<string, unknown>)[k], ctx, k) === null).length,
    nothing: `no ${noun(kind)} happened`,
    plain: (e) => plainMiss(e, miss(e)?.mismatch ?? null),
  };
  /** The first field of `e` the pattern does not match. */
  function miss(e: TraceEvent): { field: string; pattern: Pattern; actual: unknown; mismatch: Mismatch } | null {
    for (const [k, p] of fields) {
      const actual = (e as unknown as Record<string, unknown>)[k];
      const m = mismatch(p, actual, ctx, k);
      if (m) return { field: k, pattern: p, actual, mismatch: m };
    }
    return null;
  }
}

function specFor(e: Expectation, ctx: PatternContext): EventSpec | undefined {
  if ('event' in e) return patternSpec(e.event, ctx);
  if ('none' in e) return patternSpec(e.none, ctx);
  if ('received' in e) {
    const r = e.received;
    const checks: [string, (ev: TraceEvent & { kind: 'ws.frame.out' }) => string | null][] = [];
    if (r.text !== undefined)
      checks.push(['text', (ev) => (ev.text === r.text ? null : `the frame was ${show(ev.text)} (expected ${show(r.text)})`)]);
    if (r.contains !== undefined)
      checks.push([
        'contains',
        (ev) =>
          ev.text.includes(r.contains!) ? null : `the frame was ${show(ev.text)} (expected it to contain ${show(r.contains)})`,
      ]);
    if (r.json !== undefined) checks.push(['json', (ev) => explain({ $json: r.json! }, ev.text, ctx, 'the frame')]);
    if (r.cause !== undefined) checks.push(['cause', (ev) => (ev.cause === r.cause ? null : `it was sent as ${ev.cause} (expected ${r.cause})`)]);
    const to = lane(r.client);
    return {
      candidate: (ev) => ev.kind === 'ws.frame.out' && ev.to === to,
      why: (ev) => {
        for (const [, c] of checks) {
          const why = c(ev as TraceEvent & { kind: 'ws.frame.out' });
          if (why) return why;
        }
        return null;
      },
      score: (ev) => checks.filter(([, c]) => c(ev as TraceEvent & { kind: 'ws.frame.out' }) === null).length,
      nothing: `${r.client} received no frame`,
      plain: (ev) => plainMiss(ev, null, r.client),
    };
  }
  if ('closed' in e) {
    const c = e.closed;
    const who = lane(c.client);
    const fields: Record<string, Pattern> = {};
    if (c.code !== undefined) fields.code = c.code;
    if (c.reason !== undefined) fields.reason = c.reason;
    if (c.by !== undefined) fields.initiator = c.by;
    const spec = patternSpec({ kind: 'ws.close', ...fields }, ctx);
    return {
      ...spec,
      plain: (ev) => plainMiss(ev, mismatch({ kind: 'ws.close', ...fields }, ev, ctx), c.client),
      candidate: (ev) => ev.kind === 'ws.close' && (ev.from === who || ev.to === who),
      nothing: `${c.client}'s connection did not close`,
    };
  }
  if ('handshake' in e) {
    const h = e.handshake;
    const spec = patternSpec({ kind: 'ws.handshake', status: h.status }, ctx);
    return {
      ...spec,
      plain: (ev) => plainMiss(ev, mismatch({ status: h.status }, ev, ctx), h.client),
      candidate: (ev) => ev.kind === 'ws.handshake' && ev.to === lane(h.client),
      nothing: `${h.client} got no handshake answer`,
    };
  }
  if ('response' in e) {
    const r = e.response;
    const fields: Record<string, Pattern> = {};
    if (r.status !== undefined) fields.status = r.status;
    if (r.contains !== undefined) fields.bodyPreview = { $contains: r.contains };
    if (r.json !== undefined) fields.bodyPreview = { $json: r.json };
    const spec = patternSpec({ kind: 'http.response', ...fields }, ctx);
    const headerWhy = (ev: TraceEvent): string | null => {
      if (ev.kind !== 'http.response' || !r.headers) return null;
      const lower = new Map(Object.entries(ev.headers).map(([k, v]) => [k.toLowerCase(), v]));
      for (const [name, p] of Object.entries(r.headers)) {
        const why = explain(p, lower.get(name.toLowerCase()), ctx, `header ${name}`);
        if (why) return why;
      }
      return null;
    };
    return {
      candidate: (ev) => ev.kind === 'http.response' && (!r.client || ev.to === lane(r.client)),
      why: (ev) => spec.why(ev) ?? headerWhy(ev),
      score: (ev) => spec.score(ev) + (headerWhy(ev) === null ? 1 : 0),
      nothing: r.client ? `${r.client} got no HTTP response` : 'no HTTP response was sent',
      plain: (ev) => plainMiss(ev, mismatch(fields, ev, ctx)),
    };
  }
  return undefined;
}

// ---------------------------------------------------------------------------- evaluation

/**
 * Evaluates a check's expectations, in order. An expectation with `after` only counts events
 * after the first match of the one it names; `during` only events of that action.
 */
export function evaluateExpectations(expectations: readonly Expectation[], input: EvaluationInput): ExpectationResult[] {
  const ctx = patternContextFor(input.trace);
  const bySeq = new Map(input.trace.map((e) => [e.seq, e]));
  const firstMatch = new Map<string, number>();
  const results: ExpectationResult[] = [];
  const lastAction = input.actions?.at(-1);
  const overall = lastAction ? `After all the actions (the last: ${lastAction.description})` : 'In your session';

  expectations.forEach((exp, index) => {
    const description = describeExpectation(exp);
    const fail = (message: string, seq: number | undefined, summary: string): void => {
      results.push({
        index,
        ok: false,
        description,
        message,
        summary,
        ...(seq !== undefined ? { seq } : {}),
        matches: [],
      });
    };

    if ('figures' in exp || 'cost' in exp) {
      const why = 'figures' in exp ? evaluateFigures(exp.figures, input, ctx) : evaluateCost(exp.cost, input, ctx);
      if (why) fail(`${overall}: expected ${description}; ${why.detail}`, undefined, why.summary);
      else results.push({ index, ok: true, description, matches: [] });
      return;
    }

    if ('table' in exp) {
      const why = evaluateTable(exp.table, input, ctx);
      if (why) fail(`${overall}: ${why.detail}`, undefined, why.summary);
      else results.push({ index, ok: true, description, matches: [] });
      return;
    }

    const spec = specFor(exp, ctx)!;
    // Scope: `during` an action, `after` another expectation's first match.
    let scope = input.trace;
    let scopeText = '';
    let action: ActionRecord | undefined;
    if (exp.during !== undefined) {
      action = input.actions?.find((a) => a.id === exp.during);
      if (!action)
        return fail(
          `cannot be checked: the action ${q(exp.during)} did not run`,
          undefined,
          'This could not be checked: an earlier step of the check did not run.',
        );
      const a = action;
      scope = scope.filter((e) => e.seq >= a.firstSeq && e.seq <= a.lastSeq);
      scopeText = ' during that action';
    }
    if (exp.after !== undefined) {
      const ref = firstMatch.get(exp.after);
      if (ref === undefined)
        return fail(
          `cannot be checked: ${q(exp.after)} (which it must follow) never happened`,
          undefined,
          'This could not be checked: what it must follow never happened (see the check above it).',
        );
      scope = scope.filter((e) => e.seq > ref);
      const refEvent = bySeq.get(ref);
      scopeText += refEvent ? ` after trace step ${ref} (${refEvent.summary})` : ` after trace step ${ref}`;
    }
    const candidates = scope.filter((e) => spec.candidate(e));
    const hits = candidates.filter((e) => spec.why(e) === null);
    const seqs = hits.map((e) => e.seq);
    if (exp.id !== undefined && hits.length) firstMatch.set(exp.id, hits[0].seq);
    const inputOf = (seq: number | undefined) =>
      action?.description ??
      (seq !== undefined ? inputFor(seq, input, bySeq) : undefined) ??
      lastAction?.description ??
      'In your session';

    if ('none' in exp) {
      if (!hits.length) results.push({ index, ok: true, description, matches: [] });
      else {
        const e = hits[0];
        fail(`${inputOf(e.seq)}: ${stepText(e)} — expected ${description}${scopeText}`, e.seq, plainUnexpected(e));
      }
      return;
    }

    const { min, max } = range(exp.count);
    let bytesProblem: string | undefined;
    if ('received' in exp && exp.received.totalBytes !== undefined) {
      const total = hits.reduce((n, e) => n + (e.kind === 'ws.frame.out' ? e.size : 0), 0);
      const b = range(exp.received.totalBytes);
      if (total < b.min || total > b.max)
        bytesProblem =
          `${exp.received.client} received ${hits.length} matching frame${hits.length === 1 ? '' : 's'} ` +
          `totalling ${total.toLocaleString('en-US')} bytes${scopeText}`;
    }
    if (hits.length >= min && hits.length <= max && !bytesProblem) {
      results.push({ index, ok: true, description, matches: seqs });
      return;
    }
    if (bytesProblem && hits.length >= min && hits.length <= max) {
      const last = hits.at(-1);
      return fail(
        `${inputOf(last?.seq)}: expected ${description}; ${bytesProblem}`,
        last?.seq,
        `${bytesProblem}, which is not the expected amount.`,
      );
    }
    if (hits.length > max) {
      const extra = hits[max];
      const listed = hits.slice(0, 6).map((e) => e.seq).join(', ') + (hits.length > 6 ? ', …' : '');
      return fail(
        `${inputOf(extra.seq)}: expected ${description}${scopeText}; found ${hits.length} (trace steps ${listed})`,
        extra.seq,
        plainTooMany(hits.length, max),
      );
    }
    // Too few: point at the nearest miss, or say nothing of the kind happened. A function that
    // failed or timed out in scope is usually why, so it is named too.
    const failed = scope.find((e) => e.kind === 'lambda.result' && e.outcome !== 'ok');
    const note = (shown?: number) =>
      failed && failed.seq !== shown && !('event' in exp && exp.event.kind === 'lambda.result')
        ? `; note ${stepText(failed)}`
        : '';
    const plainNote = (shown?: number) =>
      note(shown) ? ` A function failed there too (${show(failed!.summary, 60).slice(1, -1)}).` : '';
    let best: TraceEvent | undefined;
    let bestScore = -1;
    for (const c of candidates) {
      if (spec.why(c) === null) continue;
      const s = spec.score(c);
      if (s > bestScore) {
        best = c;
        bestScore = s;
      }
    }
    if (best) {
      const found = hits.length ? `only ${hits.length} matched; the nearest miss is ` : 'but ';
      return fail(
        `${inputOf(best.seq)}: expected ${description}${scopeText}; ${found}${stepText(best)} (${spec.why(best)})${note(best.seq)}`,
        best.seq,
        spec.plain(best) + plainNote(best.seq),
      );
    }
    const lastInScope = scope.at(-1);
    const where = lastInScope
      ? ` (the last trace step there: ${lastInScope.seq}: ${lastInScope.summary})`
      : action
        ? ' (that action left nothing in the trace)'
        : '';
    const tail = hits.length
      ? `only ${hits.length} matched (trace steps ${seqs.join(', ')})`
      : `${spec.nothing}${scopeText}${where}`;
    // Nothing of the kind: the input is the action looked at, or the run as a whole.
    fail(
      `${action?.description ?? overall}: expected ${description}; ${tail}${note()}`,
      failed?.seq ?? lastInScope?.seq,
      (hits.length ? plainTooFew(hits.length, min) : plainNothing(spec.nothing, action?.description)) + plainNote(),
    );
  });
  return results;
}
