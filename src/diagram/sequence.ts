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

import type { TraceEvent, TraceEventOf } from '../gateway';
import { encodeMermaidText, previewText, PREVIEW_LENGTH } from './escape';

/** Steps shown when the caller gives no window size. */
export const DEFAULT_WINDOW_SIZE = 50;

/** A whole label is cut to this many characters after its parts were cut to their previews. */
const LABEL_LENGTH = 120;
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
   * Cut every step's label to this many characters (default 120). Mermaid spaces the lanes to
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
}

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

export interface DiagramText {
  /** Mermaid source. */
  text: string;
  /** Step indices drawn: `from` inclusive, `to` exclusive (0-based, over `total` steps). */
  shown: { from: number; to: number };
  /** How many drawable steps the whole trace has (events other than `lambda.log`). */
  total: number;
  /** The lanes, in drawing order, as trace participants (`management` is drawn on `gateway`). */
  participants: string[];
}

interface Lane {
  key: string;
  alias: string;
  name: string;
  keyword: 'actor' | 'participant';
  group: number;
}

type Arrow = '->>' | '-->>' | '-x' | '--x' | '-)';

type Step =
  | { type: 'arrow'; from: string; to: string; arrow: Arrow; label: string }
  | { type: 'note'; over: 'lane' | 'all'; lane: string; label: string };

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

/** A number from the trace, or `?` (imported traces are untrusted and may carry anything). */
function num(x: unknown): string {
  const n = typeof x === 'number' ? x : Number(x);
  return Number.isFinite(n) ? String(n) : '?';
}

/** A short untrusted fragment, already cut to its preview length. */
function cut(x: unknown, max: number = PREVIEW_LENGTH): string {
  return previewText(x, max);
}

const REASON_PHRASES: Record<number, string> = {
  101: 'Switching Protocols',
  200: 'OK',
  204: 'No Content',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  410: 'Gone',
  413: 'Payload Too Large',
  426: 'Upgrade Required',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** RFC 6455 §7.4.1 names, used when a close frame carries no reason text. */
const CLOSE_NAMES: Record<number, string> = {
  1000: 'Normal closure',
  1001: 'Going away',
  1002: 'Protocol error',
  1003: 'Unsupported data',
  1005: 'No status',
  1006: 'Abnormal closure',
  1008: 'Policy violation',
  1009: 'Message too big',
  1011: 'Internal error',
};

const CLOSE_BY: Record<string, string> = {
  'idle-timeout': ' (idle timeout)',
  'max-duration': ' (2 h maximum)',
  limit: ' (limit)',
  management: ' (DELETE @connections)',
};

const MGMT_METHOD: Record<string, string> = {
  PostToConnection: 'POST',
  GetConnection: 'GET',
  DeleteConnection: 'DELETE',
};

function status(code: unknown): string {
  const phrase = REASON_PHRASES[Number(code)];
  return phrase ? `${num(code)} ${phrase}` : num(code);
}

function duration(ms: unknown): string {
  const n = Number(ms);
  if (!Number.isFinite(n)) return '?';
  const round = (x: number) => String(Math.round(x * 10) / 10);
  if (Math.abs(n) < 1000) return `${round(n)} ms`;
  if (Math.abs(n) < 60_000) return `${round(n / 1000)} s`;
  if (Math.abs(n) < 3_600_000) return `${round(n / 60_000)} min`;
  return `${round(n / 3_600_000)} h`;
}

function plural(n: number, one: string): string {
  return `${n} ${one}${n === 1 ? '' : 's'}`;
}

/** The `statusCode` a Lambda proxy result carries, if any. */
function resultStatus(value: unknown): string | undefined {
  if (value && typeof value === 'object' && 'statusCode' in value) {
    return num((value as { statusCode: unknown }).statusCode);
  }
  return undefined;
}

/** Counts the function's own log lines per invocation (platform START/END/REPORT lines excluded). */
function countLogs(events: readonly TraceEvent[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const e of events) {
    if (e.kind === 'lambda.log' && e.level !== 'platform' && e.invocationId) {
      counts.set(e.invocationId, (counts.get(e.invocationId) ?? 0) + 1);
    }
  }
  return counts;
}

const APIKEY_OUTCOME: Record<string, string> = {
  missing: 'missing',
  invalid: 'invalid',
  disabled: 'disabled',
  'not-in-plan': 'in no usage plan',
};

const THROTTLE_SCOPE: Record<string, string> = {
  account: 'account',
  stage: 'stage',
  route: 'route',
  'usage-plan': 'usage plan',
};

const CACHE_OUTCOME: Record<string, string> = {
  HIT: 'HIT',
  MISS: 'MISS',
  STORE: 'STORE',
  INVALIDATE: 'INVALIDATE',
  BYPASS: 'BYPASS',
};

/** In fake mode the browser sends no preflight to an intercepted request: the engine models it (README, "How the fake gateway works"). */
function modelled(flag: unknown): string {
  return flag ? ' (modelled)' : '';
}

/** Route (HTTP API, DG http-api-develop-routes) or resource and method (REST) selection. */
function httpRoute(e: TraceEventOf<'http.route'>): string {
  if (e.match === 'none' || e.routeKey === null || e.routeKey === undefined) return 'no matching route';
  const params = e.pathParameters && typeof e.pathParameters === 'object' ? Object.entries(e.pathParameters) : [];
  const shown = params.length ? ` · ${cut(params.map(([k, v]) => `${k}=${v}`).join(', '), 40)}` : '';
  const how =
    e.match === 'greedy' ? ' (greedy)' : e.match === 'any' ? ' (ANY)' : e.match === 'default' ? ' (fallback)' : '';
  return `route ${cut(e.routeKey, 48)}${how}${shown}`;
}

/**
 * A step the gateway (or the browser) takes by itself is a note over its lane; the same kind
 * between two lanes (a preflight the gateway answers) is an arrow.
 */
function selfStep(
  from: string,
  to: string,
  arrow: (a: Arrow, label: string) => Step,
  label: string,
  kind: Arrow = '->>',
): Step {
  return from === to ? { type: 'note', over: 'lane', lane: from, label } : arrow(kind, label);
}

/** One event → one drawn step. Labels are plain text here; they are encoded when written out. */
function toStep(e: TraceEvent, alias: (p: unknown) => string, logs: Map<string, number>): Step {
  const from = alias(e.from);
  const to = alias(e.to);
  const arrow = (a: Arrow, label: string): Step => ({ type: 'arrow', from, to, arrow: a, label });
  switch (e.kind) {
    case 'ws.upgrade': {
      const query = cut(String(e.query ?? '').replace(/^\?/, ''), 40);
      const offered = Array.isArray(e.subprotocols) ? e.subprotocols.join(', ') : '';
      const protocols = offered ? `, ${cut(offered, 24)}` : '';
      return arrow('->>', `GET /${cut(e.stage, 24)}${query ? `?${query}` : ''} (Upgrade${protocols})`);
    }
    case 'ws.handshake': {
      const protocol = e.accepted && e.protocol ? ` (${cut(e.protocol, 24)})` : '';
      return arrow(e.accepted ? '-->>' : '--x', `${status(e.status)}${protocol}`);
    }
    case 'ws.frame.in':
      if (e.opcode === 'binary') return arrow('->>', `binary frame (${num(e.size)} bytes)`);
      return arrow('->>', cut(e.text) || '(empty frame)');
    case 'ws.route': {
      const value = e.value === null || e.value === undefined ? 'not JSON' : `"${cut(e.value, 32)}"`;
      const evaluated = `${cut(e.expression, 32)} → ${value}`;
      const label =
        e.match === 'exact'
          ? evaluated
          : e.match === 'default'
            ? `${evaluated} → $default`
            : `${evaluated} · no route → Forbidden`;
      return { type: 'note', over: 'lane', lane: from, label };
    }
    case 'ws.frame.out': {
      const a: Arrow = e.cause === 'route-response' ? '-->>' : e.cause === 'post-to-connection' ? '->>' : '--x';
      return arrow(a, cut(e.text) || '(empty frame)');
    }
    case 'ws.close': {
      const code = Number(e.code);
      const reason = cut(e.reason, 32) || CLOSE_NAMES[code] || '';
      const normal = code === 1000 || code === 1001 || code === 1005;
      const by = CLOSE_BY[e.initiator] ?? '';
      return arrow(normal ? '-)' : '-x', `close ${num(e.code)}${reason ? ` ${reason}` : ''}${by}`);
    }
    case 'authorizer.invoke':
      return arrow('->>', 'invoke (REQUEST authorizer)');
    case 'authorizer.result': {
      const code = e.status === undefined ? '' : ` → ${num(e.status)}`;
      if (e.decision === 'allow') {
        return arrow('-->>', `Allow${e.principalId ? ` (principal ${cut(e.principalId, 24)})` : ''}`);
      }
      const word = e.decision === 'deny' ? 'Deny' : e.decision === 'unauthorized' ? 'Unauthorized' : 'error';
      return arrow('--x', `${word}${code}`);
    }
    case 'gateway.reject':
      return arrow('--x', `${num(e.status)} ${cut(e.reason, 40)}`);
    case 'lambda.invoke':
      return arrow('->>', `invoke (${cut(e.eventType, 16)})`);
    case 'lambda.result': {
      const n = e.invocationId ? (logs.get(e.invocationId) ?? 0) : 0;
      const logNote = n ? ` · ${plural(n, 'log line')}` : '';
      if (e.outcome === 'ok') return arrow('-->>', `${resultStatus(e.value) ?? 'ok'}${logNote}`);
      if (e.outcome === 'timeout') {
        const s = Number(e.durationMs) / 1000;
        const after = Number.isFinite(s) ? ` after ${s.toFixed(2)} seconds` : '';
        return arrow('--x', `Task timed out${after}${logNote}`);
      }
      const message = e.error?.errorMessage ? ` (${cut(e.error.errorMessage, 32)})` : '';
      return arrow('--x', `error: ${cut(e.error?.errorType, 32) || 'Error'}${message}${logNote}`);
    }
    case 'lambda.log':
      // Never drawn (filtered out before this); kept so the switch is exhaustive.
      return { type: 'note', over: 'lane', lane: from, label: cut(e.text) };
    case 'integration.timeout':
      return arrow('--x', `integration timeout after ${duration(e.timeoutMs)}`);
    case 'mgmt.request': {
      const size = e.size === undefined ? '' : ` (${num(e.size)} bytes)`;
      return arrow('->>', `${MGMT_METHOD[e.operation] ?? '?'} @connections/${cut(e.target, 24)}${size}`);
    }
    case 'mgmt.response': {
      const failed = !(Number(e.status) < 400);
      return arrow(failed ? '--x' : '-->>', `${num(e.status)}${e.errorName ? ` ${cut(e.errorName, 32)}` : ''}`);
    }
    case 'table.op': {
      const items = e.items === undefined ? '' : ` → ${plural(Number(e.items) || 0, 'item')}`;
      const error = e.ok ? '' : ` ✗ ${cut(e.error, 32) || 'failed'}`;
      return arrow(e.ok ? '->>' : '-x', `${cut(e.operation, 24)}${items}${error}`);
    }
    case 'ws.client-fail':
      return arrow('-x', `browser fails the handshake (${num(e.code)}): ${cut(e.reason, 40)}`);
    case 'clock.advance':
      return { type: 'note', over: 'all', lane: from, label: `⏱ +${duration(e.ms)}` };
    case 'deployment.replaced': {
      // The boundary between two deployments kept in one trace (src/state/trace.svelte.ts).
      const n = Number(e.closedConnections) || 0;
      const closed = n ? ` — ${plural(n, 'connection')} closed (${num(e.code)})` : '';
      return { type: 'note', over: 'all', lane: from, label: `⟳ redeployed${closed}` };
    }
    // ---- HTTP and REST APIs (docs/aws-behaviour.md §5). Steps the gateway takes by itself
    // (from === to) are notes over its lane, so the arrows stay the hops on the wire.
    case 'http.request': {
      const query = cut(String(e.query ?? '').replace(/^\?/, ''), 40);
      const body = Number(e.bodySize) > 0 ? ` (${num(e.bodySize)} bytes)` : '';
      return arrow('->>', `${cut(e.method, 8)} ${cut(e.path, 40)}${query ? `?${query}` : ''}${body}`);
    }
    case 'http.route':
      return selfStep(from, to, arrow, httpRoute(e));
    case 'http.response': {
      const failed = !(Number(e.status) >= 100 && Number(e.status) < 400);
      const by = e.source === 'cache' ? ' · from cache' : e.source === 'mock' ? ' · mock' : '';
      const type = e.source === 'gateway' && e.errorType ? ` · ${cut(e.errorType, 40)}` : '';
      const body = cut(e.bodyPreview, 32);
      return arrow(failed ? '--x' : '-->>', `${status(e.status)}${by}${type}${body ? ` · ${body}` : ''}`);
    }
    case 'cors.preflight': {
      const headers =
        Array.isArray(e.requestHeaders) && e.requestHeaders.length ? `, ${cut(e.requestHeaders.join(', '), 32)}` : '';
      const verdict = e.allowed ? 'allowed' : 'refused';
      const label = `CORS preflight OPTIONS (${cut(e.requestMethod, 8)}${headers}) → ${num(e.status)} ${verdict}`;
      return selfStep(from, to, arrow, `${label}${modelled(e.modelled)}`, e.allowed ? '-->>' : '--x');
    }
    case 'cors.verdict': {
      const text = e.allowed ? 'CORS: the page may read the response' : `CORS blocked: ${cut(e.reason, 48)}`;
      return selfStep(from, to, arrow, `${text}${modelled(e.modelled)}`, e.allowed ? '-->>' : '--x');
    }
    case 'auth.jwt': {
      const who = e.subject ? ` (sub ${cut(e.subject, 24)})` : '';
      const label =
        e.outcome === 'allow'
          ? `JWT authorizer: valid${who}`
          : `JWT authorizer: ${e.outcome === 'forbidden' ? '403 Forbidden' : '401 Unauthorized'} (${cut(e.reason, 40)})`;
      return selfStep(from, to, arrow, label);
    }
    case 'apikey.check': {
      const key = e.keyId ? ` ${cut(e.keyId, 24)}` : '';
      const label =
        e.outcome === 'ok' ? `API key${key} ok` : `API key ${APIKEY_OUTCOME[e.outcome] ?? '?'}${key} → 403 Forbidden`;
      return selfStep(from, to, arrow, label);
    }
    case 'throttle': {
      const scope = THROTTLE_SCOPE[e.scope] ?? cut(e.scope, 16);
      const left = [
        e.tokensLeft === undefined ? '' : `${num(e.tokensLeft)} tokens left`,
        e.quotaLeft === undefined ? '' : `quota ${num(e.quotaLeft)} left`,
      ].filter(Boolean);
      const label =
        e.outcome === 'allowed'
          ? `throttle (${scope}): allowed${left.length ? `, ${left.join(', ')}` : ''}`
          : e.outcome === 'quota-exceeded'
            ? `quota exceeded (${scope}) → 429`
            : `throttled (${scope}) → 429 Too Many Requests`;
      return selfStep(from, to, arrow, label);
    }
    case 'cache': {
      const ttl = e.outcome === 'STORE' ? ` (TTL ${num(e.ttlSeconds)} s)` : '';
      return selfStep(from, to, arrow, `cache ${CACHE_OUTCOME[e.outcome] ?? '?'}${ttl}`);
    }
    case 'validation': {
      const validator = `request validator ${cut(e.validator, 24)}`;
      const label = e.outcome === 'ok' ? `${validator}: ok` : `${validator} → 400 ${cut(e.message, 48)}`;
      return selfStep(from, to, arrow, label);
    }
    case 'mapping': {
      const what = `${e.direction === 'response' ? 'response' : 'request'} ${e.mapping === 'vtl' ? 'mapping template (VTL)' : 'parameter mapping'}`;
      const label = e.ok
        ? `${what} applied`
        : `${what} failed at line ${num(e.error?.line)}, column ${num(e.error?.column)}: ${cut(e.error?.message, 40)}`;
      return selfStep(from, to, arrow, label);
    }
    case 'integration.mock':
      return selfStep(from, to, arrow, `MOCK integration → ${status(e.statusCode)}`);
    default: {
      // An event kind this version does not know (a newer share link): draw its summary.
      const unknown = e as { summary?: unknown; kind?: unknown };
      return arrow('->>', cut(unknown.summary) || cut(unknown.kind, 24) || '?');
    }
  }
}

/** The label as it goes into the Mermaid text: never empty, never more than one line, encoded. */
function label(text: string): string {
  return encodeMermaidText(previewText(text, LABEL_LENGTH)) || '…';
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
  const lanes = collectLanes(events, options.observedFromClient ? 'Real endpoint' : undefined);
  const aliasOf = new Map(lanes.map((l) => [l.key, l.alias]));
  const alias = (p: unknown) => aliasOf.get(laneKey(p)) ?? 'gw';
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
  const title = previewText(options.title, 80);
  const stepLength = Math.max(8, Math.floor(Number(options.maxLabelLength) || LABEL_LENGTH));

  const out: string[] = [...(options.compact ? COMPACT_FRONT_MATTER : []), 'sequenceDiagram'];
  if (title) out.push(`title ${label(title)}`);
  out.push(`accTitle: ${label(title || 'API Gateway sequence diagram')}`);
  const names = lanes.map((l) => l.name).join(', ');
  const description =
    total === 0
      ? `No steps yet. Lanes: ${names}.`
      : `${plural(total, 'step')} between ${names}. Showing steps ${start + 1} to ${end}.`;
  out.push(`accDescr: ${encodeMermaidText(previewText(description, 400))}`);
  for (const l of lanes) out.push(`${l.keyword} ${l.alias} as ${label(l.name)}`);

  if (options.observedFromClient) {
    out.push(`Note over gw: ${label('Real mode: only what the client sees. The backend is not observable.')}`);
  }
  if (total === 0) out.push(`Note over ${overAll}: ${label('No traffic yet')}`);
  if (start > 0) out.push(`Note over ${overAll}: ${label(`${plural(start, 'earlier step')} hidden`)}`);
  for (let i = start; i < end; i++) {
    const e = steps[i]!;
    const step = toStep(e, alias, logs);
    // The mark fits inside the label's length, so a long label never loses it.
    const plain = e.unconfirmed
      ? `${previewText(step.label, Math.min(stepLength, LABEL_LENGTH - 2))} ⚠`
      : previewText(step.label, stepLength);
    const text = options.compact ? wrappedLabel(plain, COMPACT_LINE) : label(plain);
    const line =
      step.type === 'arrow'
        ? `${step.from}${step.arrow}${step.to}: ${text}`
        : `Note over ${step.over === 'all' ? overAll : step.lane}: ${text}`;
    if (i === highlight) out.push(`rect ${HIGHLIGHT_FILL}`, line, 'end');
    else out.push(line);
  }
  if (end < total) out.push(`Note over ${overAll}: ${label(`${plural(total - end, 'later step')} hidden`)}`);

  return {
    text: `${out.join('\n')}\n`,
    shown: { from: start, to: end },
    total,
    participants: lanes.map((l) => l.key),
  };
}
