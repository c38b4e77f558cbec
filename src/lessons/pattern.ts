/**
 * Patterns over JSON-like data (see `Pattern` in ./types.ts): validation with a path for every
 * problem, matching, and an explanation of the first mismatch for failure messages. Pure data,
 * no code from a lesson pack ever runs (no regular expressions either: a pattern cannot hang
 * the page).
 */
import type { Pattern } from './types';

/** What a pattern may need to know about the run it is matched against. */
export interface PatternContext {
  /** The connection id of a client, by name (latest connection), or undefined. */
  connectionId(client: string): string | undefined;
}

export const OPERATORS = [
  '$contains',
  '$startsWith',
  '$gt',
  '$gte',
  '$lt',
  '$lte',
  '$exists',
  '$json',
  '$connectionId',
  '$not',
  '$anyOf',
  '$includes',
] as const;
type Operator = (typeof OPERATORS)[number];

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** True for `{ "$gte": 1, ... }`: an object whose keys all start with `$`. */
export function isOperatorObject(v: unknown): v is Record<string, unknown> {
  if (!isRecord(v)) return false;
  const keys = Object.keys(v);
  return keys.length > 0 && keys.every((k) => k.startsWith('$'));
}

/**
 * Checks that `value` is a well-formed pattern. Calls `report(path, message)` for every
 * problem; `path` extends `base` (e.g. `checks[0].expect[1].event.routeKey`).
 */
export function validatePattern(value: unknown, base: string, report: (path: string, message: string) => void): void {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) report(base, 'numbers must be finite');
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => validatePattern(item, `${base}[${i}]`, report));
    return;
  }
  if (!isRecord(value)) {
    report(base, `a pattern must be JSON (object, array, string, number, boolean or null)`);
    return;
  }
  const keys = Object.keys(value);
  const ops = keys.filter((k) => k.startsWith('$'));
  if (ops.length && ops.length !== keys.length) {
    report(base, `mixes operators (${ops.join(', ')}) with fields; put the operators on the field they test`);
    return;
  }
  if (!ops.length) {
    for (const k of keys) validatePattern(value[k], `${base}.${k}`, report);
    return;
  }
  for (const op of ops) {
    const arg = value[op];
    const p = `${base}.${op}`;
    switch (op as Operator) {
      case '$contains':
      case '$startsWith':
        if (typeof arg !== 'string') report(p, 'must be a string');
        break;
      case '$gt':
      case '$gte':
      case '$lt':
      case '$lte':
        if (typeof arg !== 'number' || !Number.isFinite(arg)) report(p, 'must be a number');
        break;
      case '$exists':
        if (typeof arg !== 'boolean') report(p, 'must be true or false');
        break;
      case '$connectionId':
        if (typeof arg !== 'string' || arg === '') report(p, 'must be a client name, e.g. "Alice"');
        break;
      case '$json':
      case '$not':
      case '$includes':
        validatePattern(arg, p, report);
        break;
      case '$anyOf':
        if (!Array.isArray(arg) || arg.length === 0) report(p, 'must be a non-empty list of patterns');
        else arg.forEach((item, i) => validatePattern(item, `${p}[${i}]`, report));
        break;
      default:
        report(p, `unknown operator ${JSON.stringify(op)} (known: ${OPERATORS.join(', ')})`);
    }
  }
}

/** Client names a pattern refers to through `$connectionId`. */
export function clientsInPattern(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) clientsInPattern(v, out);
  else if (isRecord(value))
    for (const [k, v] of Object.entries(value)) {
      if (k === '$connectionId' && typeof v === 'string') out.push(v);
      else clientsInPattern(v, out);
    }
  return out;
}

/** True when `actual` matches `pattern`. */
export function matches(pattern: Pattern, actual: unknown, ctx: PatternContext): boolean {
  return explain(pattern, actual, ctx, '') === null;
}

/**
 * The first place where `actual` does not match `pattern`, as data: `path` (e.g. `latency.maxMs`),
 * what was there and what the pattern wanted. `explain` words it for the technical detail and
 * `plainMismatch` (./failure-summary) for the learner.
 */
export type Mismatch = { path: string; actual: unknown } & (
  | { kind: 'equal'; expected: unknown }
  | { kind: 'list' | 'object' | 'json-text' | 'not-json' }
  | { kind: 'length'; expected: number }
  | { kind: 'contains' | 'startsWith'; expected: string }
  | { kind: 'compare'; op: '$gt' | '$gte' | '$lt' | '$lte'; expected: number }
  | { kind: 'missing' | 'present' }
  | { kind: 'connection-id'; client: string; expected: string }
  | { kind: 'no-connection'; client: string }
  | { kind: 'not'; expected: unknown }
  | { kind: 'any-of'; expected: unknown[] }
  | { kind: 'includes'; expected: unknown }
);

/**
 * Why `actual` does not match `pattern`: the first mismatch as `path was X (expected Y)`, or
 * null when it matches.
 */
export function explain(pattern: Pattern, actual: unknown, ctx: PatternContext, path = ''): string | null {
  const m = mismatch(pattern, actual, ctx, path);
  return m && technical(m);
}

/** A mismatch in the words of the technical detail: `path was X (expected Y)`. */
function technical(m: Mismatch): string {
  const what = ((): string => {
    const was = `was ${show(m.actual)}`;
    switch (m.kind) {
      case 'equal':
        return `${was} (expected ${show(m.expected)})`;
      case 'list':
        return `${was} (expected a list)`;
      case 'object':
        return `${was} (expected an object)`;
      case 'json-text':
        return `${was} (expected JSON text)`;
      case 'not-json':
        return `${was}, which is not JSON`;
      case 'length':
        return `had ${(m.actual as unknown[]).length} items (expected ${m.expected})`;
      case 'contains':
        return `${was} (expected text containing ${show(m.expected)})`;
      case 'startsWith':
        return `${was} (expected text starting with ${show(m.expected)})`;
      case 'compare':
        return `${was} (expected ${{ $gt: '>', $gte: '≥', $lt: '<', $lte: '≤' }[m.op]} ${m.expected})`;
      case 'missing':
        return 'is missing';
      case 'present':
        return `${was} (expected it absent)`;
      case 'connection-id':
        return `${was} (expected ${m.client}'s connection id ${show(m.expected)})`;
      case 'no-connection':
        return `could not be compared: ${m.client} has no connection`;
      case 'not':
        return `${was}, which it must not be`;
      case 'any-of':
        return `${was} (expected one of ${m.expected.map(show).join(', ')})`;
      case 'includes':
        return `had no item matching ${show(m.expected)}`;
    }
  })();
  return m.path ? `${m.path} ${what}` : what;
}

/** The first mismatch between `actual` and `pattern`, or null when it matches. */
export function mismatch(pattern: Pattern, actual: unknown, ctx: PatternContext, path = ''): Mismatch | null {
  if (pattern === null || typeof pattern !== 'object') {
    return actual === pattern ? null : { path, actual, kind: 'equal', expected: pattern };
  }
  if (Array.isArray(pattern)) {
    if (!Array.isArray(actual)) return { path, actual, kind: 'list' };
    if (actual.length !== pattern.length) return { path, actual, kind: 'length', expected: pattern.length };
    for (let i = 0; i < pattern.length; i++) {
      const m = mismatch(pattern[i], actual[i], ctx, `${path}[${i}]`);
      if (m) return m;
    }
    return null;
  }
  if (isOperatorObject(pattern)) {
    for (const [op, arg] of Object.entries(pattern)) {
      const m = operatorMismatch(op as Operator, arg as Pattern, actual, ctx, path);
      if (m) return m;
    }
    return null;
  }
  if (!isRecord(actual)) return { path, actual, kind: 'object' };
  for (const [k, sub] of Object.entries(pattern)) {
    const m = mismatch(sub as Pattern, actual[k], ctx, path ? `${path}.${k}` : k);
    if (m) return m;
  }
  return null;
}

function operatorMismatch(
  op: Operator,
  arg: Pattern,
  actual: unknown,
  ctx: PatternContext,
  path: string,
): Mismatch | null {
  switch (op) {
    case '$contains':
      return typeof actual === 'string' && actual.includes(arg as string)
        ? null
        : { path, actual, kind: 'contains', expected: arg as string };
    case '$startsWith':
      return typeof actual === 'string' && actual.startsWith(arg as string)
        ? null
        : { path, actual, kind: 'startsWith', expected: arg as string };
    case '$gt':
    case '$gte':
    case '$lt':
    case '$lte': {
      const n = arg as number;
      const ok =
        typeof actual === 'number' &&
        (op === '$gt' ? actual > n : op === '$gte' ? actual >= n : op === '$lt' ? actual < n : actual <= n);
      return ok ? null : { path, actual, kind: 'compare', op, expected: n };
    }
    case '$exists':
      return (actual !== undefined) === arg ? null : { path, actual, kind: arg ? 'missing' : 'present' };
    case '$json': {
      if (typeof actual !== 'string') return { path, actual, kind: 'json-text' };
      let parsed: unknown;
      try {
        parsed = JSON.parse(actual);
      } catch {
        return { path, actual, kind: 'not-json' };
      }
      return mismatch(arg, parsed, ctx, path);
    }
    case '$connectionId': {
      const client = arg as string;
      const id = ctx.connectionId(client);
      if (id === undefined) return { path, actual, kind: 'no-connection', client };
      return actual === id ? null : { path, actual, kind: 'connection-id', client, expected: id };
    }
    case '$not':
      return mismatch(arg, actual, ctx, path) === null ? { path, actual, kind: 'not', expected: arg } : null;
    case '$anyOf': {
      const options = arg as Pattern[];
      return options.some((p) => mismatch(p, actual, ctx, path) === null)
        ? null
        : { path, actual, kind: 'any-of', expected: options };
    }
    case '$includes':
      if (!Array.isArray(actual)) return { path, actual, kind: 'list' };
      return actual.some((item) => mismatch(arg, item, ctx, path) === null)
        ? null
        : { path, actual, kind: 'includes', expected: arg };
  }
}

/** A short JSON-ish rendering for messages (untrusted text: escape before display). */
export function show(v: unknown, max = 80): string {
  let text: string;
  if (v === undefined) text = 'missing';
  else {
    try {
      text = JSON.stringify(v) ?? String(v);
    } catch {
      text = String(v);
    }
  }
  return text.length > max ? text.slice(0, max - 1) + '…' : text;
}

/**
 * Replaces `{"$connectionId": "Bob"}` in a value a step sends with Bob's connection id (left
 * as is when Bob has none).
 */
export function substitute(value: unknown, ctx: PatternContext): unknown {
  if (Array.isArray(value)) return value.map((v) => substitute(v, ctx));
  if (!isRecord(value)) return value;
  const keys = Object.keys(value);
  if (keys.length === 1 && keys[0] === '$connectionId' && typeof value.$connectionId === 'string')
    return ctx.connectionId(value.$connectionId) ?? value;
  return Object.fromEntries(keys.map((k) => [k, substitute(value[k], ctx)]));
}
