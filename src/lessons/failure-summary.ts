/**
 * The plain sentence a failed check leads with: what the learner should look at, in words,
 * before the precise technical detail (which names the trace step and the pattern). Pure, and
 * never quotes more than a short value: the detail carries the rest.
 */
import type { TraceEvent } from '../gateway';
import { show, type Mismatch } from './pattern';

/** `1500` → `1,500`; other values as short JSON (`"join"`, `null`). */
function value(v: unknown): string {
  if (typeof v === 'number') return v.toLocaleString('en-US');
  return show(v, 60);
}

function durationMs(ms: unknown): string {
  if (typeof ms !== 'number') return value(ms);
  return ms >= 1000 ? `${(ms / 1000).toLocaleString('en-US')} s` : `${ms.toLocaleString('en-US')} ms`;
}

/**
 * A field path in words: `latency.maxMs` → `the latency max` (milliseconds shown as such),
 * `routeKey` → `the route key`; the empty path is `it`.
 */
function field(path: string): { name: string; show: (v: unknown) => string } {
  if (!path) return { name: 'it', show: value };
  const words = path
    .replace(/\[(\d+)\]/g, ' item $1')
    .split('.')
    .map((w) => w.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase());
  const last = words.at(-1)!;
  const ms = / ms$/.test(last);
  if (ms) words[words.length - 1] = last.replace(/ ms$/, '');
  return { name: `the ${words.join(' ')}`, show: ms ? durationMs : value };
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** One mismatch as a plain sentence: "The latency max is 1.5 s, above the limit of 1 s." */
export function plainMismatch(m: Mismatch, subject = ''): string {
  const f = field(m.path);
  const name = subject && m.path ? `${subject}'s ${f.name.replace(/^the /, '')}` : subject || f.name;
  const is = `${cap(name)} is ${f.show(m.actual)}`;
  if (m.actual === undefined && m.kind !== 'present' && m.kind !== 'no-connection' && m.kind !== 'not')
    return m.kind === 'missing' || m.kind === 'compare' || m.kind === 'equal'
      ? `${cap(name)} is missing${m.kind === 'missing' ? '' : `; it should be ${expectedText(m, f.show)}`}.`
      : `${cap(name)} is missing.`;
  switch (m.kind) {
    case 'equal':
      return `${is}, not ${f.show(m.expected)}.`;
    case 'compare':
      return `${is}, ${
        { $lte: 'above the limit of', $lt: 'not below', $gte: 'below the minimum of', $gt: 'not above' }[m.op]
      } ${f.show(m.expected)}.`;
    case 'missing':
      return `${cap(name)} is missing.`;
    case 'present':
      return `${cap(name)} is there, but should not be.`;
    case 'contains':
      return `${cap(name)} does not contain ${show(m.expected, 60)}.`;
    case 'startsWith':
      return `${cap(name)} does not start with ${show(m.expected, 60)}.`;
    case 'list':
      return `${is}, not a list.`;
    case 'object':
      return `${is}, not an object.`;
    case 'json-text':
    case 'not-json':
      return `${cap(name)} is not JSON.`;
    case 'length':
      return `${cap(name)} has ${(m.actual as unknown[]).length} items, not ${m.expected}.`;
    case 'connection-id':
      return `${cap(name)} is not ${m.client}'s connection id.`;
    case 'no-connection':
      return `${m.client} had no connection, so ${name} could not be compared.`;
    case 'not':
      return `${is}, which it must not be.`;
    case 'any-of':
      return `${is}, none of the expected values.`;
    case 'includes':
      return `${cap(name)} has no item like ${show(m.expected, 60)}.`;
  }
}

function expectedText(m: Mismatch, fmt: (v: unknown) => string): string {
  if (m.kind === 'equal') return fmt(m.expected);
  if (m.kind === 'compare')
    return `${{ $lte: 'at most', $lt: 'below', $gte: 'at least', $gt: 'above' }[m.op]} ${fmt(m.expected)}`;
  return 'there';
}

/**
 * Why an event the check looked for came out differently, in words: the route a message took,
 * the status a request got, how a connection closed. `why` is the first mismatch when the
 * expectation is a pattern over the event.
 */
export function plainMiss(e: TraceEvent, m: Mismatch | null, client?: string): string {
  if (e.kind === 'ws.route') {
    if (e.value === null)
      return 'No message reached a route: the route selection expression found nothing in the message body (it is not JSON, or the expression cannot be read).';
    if (e.value === '')
      return 'No message reached a route: the route selection expression found nothing in the message body.';
    if (e.match === 'none')
      return `The message asked for route ${show(e.value, 40)}, which the API does not have, and there is no $default route.`;
    if (m?.path === 'routeKey' && m.kind === 'equal')
      return `The message went to the ${show(e.routeKey, 40)} route, not ${show(m.expected, 40)} (the expression gave ${show(e.value, 40)}).`;
  }
  if (e.kind === 'http.response' && m?.path === 'status' && m.kind === 'equal')
    return `The response status was ${value(e.status)}, not ${value(m.expected)}.`;
  if (e.kind === 'ws.handshake' && m?.path === 'status' && m.kind === 'equal')
    return m.expected === 101
      ? `${client ?? 'The client'}'s connection was refused (HTTP ${value(e.status)}) instead of opening.`
      : e.status === 101
        ? `${client ?? 'The client'}'s connection was accepted (101); it should be refused with ${value(m.expected)}.`
        : `${client ?? 'The client'}'s connection was answered with ${value(e.status)}, not ${value(m.expected)}.`;
  if (e.kind === 'ws.close' && client && m) return plainMismatch(m, `${client}'s close`);
  if (e.kind === 'ws.frame.out' && client) return `${client} received a message, but not the expected one.`;
  if (e.kind === 'http.response' && m?.path === 'bodyPreview') return plainMismatch(m, 'the response body');
  if (e.kind === 'http.response' && !m) return 'The response came back, but one of its headers is not as expected.';
  return m ? plainMismatch(m, `the ${noun(e.kind)}`) : `The ${noun(e.kind)} is not as expected.`;
}

const NOUNS: Record<string, string> = {
  'ws.upgrade': 'upgrade request',
  'ws.handshake': 'handshake answer',
  'ws.frame.in': 'frame from a client',
  'ws.route': 'route selection',
  'ws.frame.out': 'frame to a client',
  'ws.close': 'close',
  'authorizer.invoke': 'authorizer call',
  'authorizer.result': 'authorizer decision',
  'gateway.reject': 'gateway rejection',
  'lambda.invoke': 'Lambda invocation',
  'lambda.result': 'Lambda result',
  'lambda.log': 'log line',
  'integration.timeout': 'integration timeout',
  'mgmt.request': '@connections request',
  'mgmt.response': '@connections response',
  'table.op': 'table operation',
  'clock.advance': 'clock jump',
  'http.request': 'HTTP request',
  'http.route': 'route match',
  'http.response': 'HTTP response',
};

/** What a trace event kind is, in words (`ws.route` → `route selection`). */
export function noun(kind: string): string {
  return NOUNS[kind] ?? `${kind} event`;
}

/** Nothing of the kind happened: "Alice received no frame when Alice sent …". */
export function plainNothing(nothing: string, action?: string): string {
  return `${cap(nothing)}${action ? ` when ${action}` : ''}.`;
}

/** Too many: "This happened 3 times; it should happen once." */
export function plainTooMany(found: number, max: number): string {
  return `This happened ${times(found)}; it should happen ${times(max, 'at most')}.`;
}

/** Too few: "This happened once; it should happen at least 2 times." */
export function plainTooFew(found: number, min: number): string {
  return `This happened ${times(found)}; it should happen ${times(min, 'at least')}.`;
}

function times(n: number, bound = ''): string {
  const words = n === 1 ? 'once' : n === 2 ? 'twice' : `${n} times`;
  return bound && n !== 1 ? `${bound} ${words}` : words;
}

/** Something the check forbids happened. */
export function plainUnexpected(e: TraceEvent): string {
  return `Something happened that should not have: a ${noun(e.kind)} (${show(e.summary, 80).slice(1, -1)}).`;
}

/** A `cost` expectation failed: "1,000,000 requests on a REST API cost $3.50, above the limit of $1.50." */
export function plainCost(requests: number, type: string, usd: number, m: Mismatch | null): string {
  const money = (v: unknown) => (typeof v === 'number' ? `$${v.toFixed(2)}` : value(v));
  const limit =
    m?.kind === 'compare'
      ? `, ${{ $lte: 'above the limit of', $lt: 'not below', $gte: 'below the minimum of', $gt: 'not above' }[m.op]} ${money(m.expected)}`
      : '';
  return `${value(requests)} requests on ${type} API cost ${money(usd)}${limit}.`;
}
