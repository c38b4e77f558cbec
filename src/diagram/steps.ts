/**
 * What each trace event looks like as one drawn step: an arrow between two lanes, or a note over
 * one (route selection, the gateway's own checks, clock advances). Labels are plain, untrusted
 * text here, cut to their previews; ./sequence.ts encodes them when it writes the Mermaid text.
 * The wording follows docs/aws-behaviour.md: §1–3 for the WebSocket steps, §4–5 for HTTP and REST.
 */

import type { TraceEvent, TraceEventOf } from '../gateway';
import { previewText, PREVIEW_LENGTH } from './escape';

export type Arrow = '->>' | '-->>' | '-x' | '--x' | '-)';

export type Step =
  | { type: 'arrow'; from: string; to: string; arrow: Arrow; label: string }
  | { type: 'note'; over: 'lane' | 'all'; lane: string; label: string };

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
  network: ' (network dropped)',
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

export function plural(n: number, one: string): string {
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
export function countLogs(events: readonly TraceEvent[]): Map<string, number> {
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
export function toStep(e: TraceEvent, alias: (p: unknown) => string, logs: Map<string, number>): Step {
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
