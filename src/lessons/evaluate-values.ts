/**
 * Expectations over values rather than trace events: a comparison's figures, a price, a table's
 * items. Each failure comes as the precise detail and the plain sentence the check list leads with.
 */
import { unmarshallItem, type AttributeMap } from '../runtime/dynamodb/attribute-value';
import { plainCost, plainMismatch } from './failure-summary';
import { explain, mismatch, show, type PatternContext } from './pattern';
import type { CountConstraint, Pattern } from './types';
import type { EvaluationInput } from './evaluate';

const q = (v: unknown) => JSON.stringify(v);

const DEFAULT_COUNT = { min: 1 } as const;

export function range(c: CountConstraint | undefined): { min: number; max: number } {
  if (c === undefined) return { min: DEFAULT_COUNT.min, max: Infinity };
  if (typeof c === 'number') return { min: c, max: c };
  return { min: c.min ?? 0, max: c.max ?? Infinity };
}

export function countWords(c: CountConstraint | undefined): string {
  const { min, max } = range(c);
  if (min === max) return min === 0 ? 'no' : `exactly ${min}`;
  if (max === Infinity) return min <= 1 ? 'a' : `at least ${min}`;
  if (min === 0) return `at most ${max}`;
  return `${min}–${max}`;
}

/** Pattern text for people: `{"$connectionId":"Alice"}` reads as Alice's connection id. */
export function showPattern(p: unknown, max = 120): string {
  const text = JSON.stringify(p, (_k, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const keys = Object.keys(v);
      if (keys.length === 1 && keys[0] === '$connectionId') return `‹${(v as Record<string, string>).$connectionId}'s connection id›`;
    }
    return v;
  });
  return text.length > max ? text.slice(0, max - 1) + '…' : text;
}

export const FIGURE_LABELS: Record<string, string> = {
  'rest-polling': 'REST API polling',
  'http-polling': 'HTTP API polling',
  'websocket-push': 'WebSocket push',
};

/** A failed figures, cost or table expectation: the precise detail and the plain sentence. */
export interface Why {
  detail: string;
  summary: string;
}

export function evaluateFigures(
  f: { approach: string; match: Pattern },
  input: EvaluationInput,
  ctx: PatternContext,
): Why | undefined {
  const label = FIGURE_LABELS[f.approach] ?? f.approach;
  if (!input.figures)
    return { detail: 'no comparison ran (the check needs a "compare" step)', summary: 'The comparison did not run.' };
  const figures = input.figures[f.approach];
  if (figures === undefined)
    return { detail: `the comparison has no approach ${q(f.approach)}`, summary: `The comparison has no ${label}.` };
  const m = mismatch(f.match, figures, ctx);
  return m === null
    ? undefined
    : { detail: `with your inputs, ${explain(f.match, figures, ctx)}`, summary: `With your inputs, ${plainMismatch(m, label)}` };
}

export function evaluateCost(c: { requests: number; usd: Pattern }, input: EvaluationInput, ctx: PatternContext): Why | undefined {
  if (!input.requestPrice) return { detail: 'no API was deployed to price', summary: 'No API was deployed to price.' };
  const { usdPerMillion, apiType } = input.requestPrice;
  // Rounded to cents so the message reads like a bill, not a float.
  const usd = Math.round(((c.requests / 1_000_000) * usdPerMillion) * 100) / 100;
  const m = mismatch(c.usd, usd, ctx, 'the cost');
  if (m === null) return undefined;
  const type = apiType === 'WEBSOCKET' ? 'a WebSocket' : apiType === 'HTTP' ? 'an HTTP' : `a ${apiType}`;
  return {
    detail: `this is ${type} API at $${usdPerMillion.toFixed(2)} per million, so ${explain(c.usd, usd, ctx, 'the cost')}`,
    summary: plainCost(c.requests, type, usd, m),
  };
}

export function evaluateTable(
  t: { name: string; count?: CountConstraint; contains?: Pattern[]; excludes?: Pattern[] },
  input: EvaluationInput,
  ctx: PatternContext,
): Why | undefined {
  const raw = input.tables?.[t.name];
  const table = `Table ${q(t.name)}`;
  if (!input.tables)
    return {
      detail: `table ${t.name} could not be read (no table contents were given)`,
      summary: `${table} could not be read.`,
    };
  if (!raw)
    return {
      detail: `there is no table ${t.name} (tables: ${Object.keys(input.tables).join(', ') || 'none'})`,
      summary: `There is no table ${q(t.name)} in your API.`,
    };
  const items = raw.map((i) => unmarshallItem(i as AttributeMap));
  const list = (xs: unknown[]) =>
    xs.length
      ? xs.slice(0, 4).map((x) => show(x, 100)).join(', ') + (xs.length > 4 ? `, … (${xs.length} in all)` : '')
      : 'nothing';
  if (t.count !== undefined) {
    const { min, max } = range(t.count);
    const want = `${countWords(t.count).replace(/^a$/, 'at least one')} item${max === 1 ? '' : 's'}`;
    if (items.length < min || items.length > max)
      return {
        detail: `expected table ${t.name} to hold ${want}; it holds ${items.length}: ${list(items)}`,
        summary: `${table} holds ${items.length} item${items.length === 1 ? '' : 's'}; it should hold ${want}.`,
      };
  }
  for (const c of t.contains ?? []) {
    if (items.some((i) => explain(c, i, ctx) === null)) continue;
    const near = items.map((i) => explain(c, i, ctx)).find((w) => w !== null);
    return {
      detail:
        `expected table ${t.name} to hold an item matching ${showPattern(c)}; ` +
        `it holds ${list(items)}${near ? ` (for example, ${near})` : ''}`,
      summary: `${table} has no item like ${showPattern(c, 80)}.`,
    };
  }
  for (const x of t.excludes ?? []) {
    const bad = items.find((i) => explain(x, i, ctx) === null);
    if (bad)
      return {
        detail: `table ${t.name} still holds ${show(bad, 120)}, which should not be there`,
        summary: `${table} still holds an item that should be gone.`,
      };
  }
  return undefined;
}
