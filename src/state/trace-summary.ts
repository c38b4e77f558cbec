/**
 * What the trace no longer keeps, summarised. A long run (a stream, a storm of clients) would
 * hold millions of events; TraceState keeps the newest TRACE_KEEP and folds every event it drops
 * into one summary here, a few numbers whatever the run's length, so the diagram and the
 * timeline can still say what happened before their first kept step.
 */
import type { TraceEvent } from '../gateway';

export interface TraceSummary {
  /** Events folded in, and the drawable steps among them (every kind but `lambda.log`). */
  events: number;
  steps: number;
  /** Virtual times of the first and the last event folded in (epoch ms). */
  from: number;
  to: number;
  /** Connections the gateway accepted, and closed. */
  connections: number;
  closes: number;
  /** Frames from clients, and frames to them. */
  framesIn: number;
  framesOut: number;
  /** Lambda invocations (handlers and authorizers), and those that failed or timed out. */
  invocations: number;
  failed: number;
  /** HTTP requests (HTTP and REST APIs), and `@connections` calls. */
  requests: number;
  managementCalls: number;
}

const EMPTY: TraceSummary = {
  events: 0,
  steps: 0,
  from: Infinity,
  to: -Infinity,
  connections: 0,
  closes: 0,
  framesIn: 0,
  framesOut: 0,
  invocations: 0,
  failed: 0,
  requests: 0,
  managementCalls: 0,
};

/** `summary` with `events` folded in (a new object; `summary` null for the first fold). */
export function foldIntoSummary(summary: TraceSummary | null, events: readonly TraceEvent[]): TraceSummary {
  const s = { ...(summary ?? EMPTY) };
  for (const e of events) {
    s.events++;
    if (e.kind !== 'lambda.log') s.steps++;
    if (Number.isFinite(e.t)) {
      s.from = Math.min(s.from, e.t);
      s.to = Math.max(s.to, e.t);
    }
    switch (e.kind) {
      case 'ws.handshake':
        if (e.accepted) s.connections++;
        break;
      case 'ws.close':
        s.closes++;
        break;
      case 'ws.frame.in':
        s.framesIn++;
        break;
      case 'ws.frame.out':
        s.framesOut++;
        break;
      case 'lambda.invoke':
      case 'authorizer.invoke':
        s.invocations++;
        break;
      case 'lambda.result':
        if (e.outcome !== 'ok') s.failed++;
        break;
      case 'http.request':
        s.requests++;
        break;
      case 'mgmt.request':
        s.managementCalls++;
        break;
    }
  }
  return s;
}

const count = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

const clock = (t: number) => new Date(t).toISOString().slice(11, 19);

/**
 * One line for the learner: "12,000 steps no longer kept (10:00:00–10:02:00): 200
 * connections, 5,000 frames in, 4,800 invocations (3 failed)". Only what happened is listed.
 */
export function summaryText(s: TraceSummary): string {
  const parts = [
    s.connections && count(s.connections, 'connection'),
    s.closes && count(s.closes, 'close'),
    s.framesIn && count(s.framesIn, 'frame in', 'frames in'),
    s.framesOut && count(s.framesOut, 'frame out', 'frames out'),
    s.invocations &&
      count(s.invocations, 'invocation') + (s.failed ? ` (${s.failed.toLocaleString('en-US')} failed)` : ''),
    s.requests && count(s.requests, 'HTTP request'),
    s.managementCalls && count(s.managementCalls, '@connections call'),
  ].filter((p): p is string => typeof p === 'string');
  const when = s.from <= s.to ? ` (${clock(s.from)}–${clock(s.to)} UTC)` : '';
  return `${count(s.steps, 'step')} no longer kept${when}${parts.length ? ': ' + parts.join(', ') : ''}`;
}
