/**
 * The event table: one row per step, with the connection, route and function it belongs to, so
 * the learner can filter a busy trace down to one client, one route or one function. A step
 * names only some of these itself (an upgrade has no connection id yet, a table operation only its
 * invocation), so the rest is found through the ids the trace carries: the request, the
 * invocation, and the step it caused (src/gateway/core/trace.ts).
 */
import type { TraceEvent } from '../gateway';
import { isStep } from './steps';

export interface EventRow {
  seq: number;
  /** 1-based step number, counted from the trace's start (steps no longer kept included). */
  step: number;
  /** Virtual epoch ms. */
  t: number;
  kind: string;
  from: string;
  to: string;
  /** Untrusted one-line summary: shown as text only. */
  summary: string;
  /** The WebSocket connection id ('' when none). */
  connection: string;
  /** The route key (`sendmessage`, `$connect`, `GET /items/{id}`; '' when none). */
  route: string;
  /** The Lambda function ('' when none). */
  fn: string;
}

export interface RowFilter {
  connection?: string;
  route?: string;
  fn?: string;
}

type Facts = Pick<EventRow, 'connection' | 'route' | 'fn'>;

const str = (x: unknown): string => (typeof x === 'string' ? x : '');

/** What an event names of itself. */
function ownFacts(e: TraceEvent): Facts {
  const lane = [e.from, e.to].find((p) => str(p).startsWith('integration:') || str(p).startsWith('authorizer:'));
  const fnField = 'functionName' in e ? str(e.functionName) : '';
  const routeField =
    e.kind === 'ws.route' || e.kind === 'lambda.invoke' || e.kind === 'http.route' ? str(e.routeKey) : '';
  return {
    connection: str(e.connectionId),
    route: routeField,
    fn: fnField || (lane ? lane.slice(lane.indexOf(':') + 1) : ''),
  };
}

/** Rows for the steps of `events`; `offset` steps came before them and are no longer kept. */
export function rowsOf(events: readonly TraceEvent[], offset = 0): EventRow[] {
  const byRequest = new Map<string, Facts>();
  const byInvocation = new Map<string, Facts>();
  const firstChild = new Map<number, TraceEvent>();
  const own = new Map<number, Facts>();
  for (const e of events) {
    const f = ownFacts(e);
    own.set(e.seq, f);
    if (e.causeSeq !== undefined && !firstChild.has(e.causeSeq)) firstChild.set(e.causeSeq, e);
    if (e.requestId && (f.route || f.connection)) {
      const r = byRequest.get(e.requestId) ?? { connection: '', route: '', fn: '' };
      byRequest.set(e.requestId, { connection: r.connection || f.connection, route: r.route || f.route, fn: r.fn });
    }
    if (e.invocationId && e.kind === 'lambda.invoke') byInvocation.set(e.invocationId, f);
  }
  const factsOf = (e: TraceEvent): Facts => {
    const f = own.get(e.seq)!;
    const req = e.requestId ? byRequest.get(e.requestId) : undefined;
    const inv = e.invocationId ? byInvocation.get(e.invocationId) : undefined;
    return {
      connection: f.connection || inv?.connection || req?.connection || '',
      route: f.route || inv?.route || req?.route || '',
      fn: f.fn || inv?.fn || '',
    };
  };
  const rows: EventRow[] = [];
  for (const e of events) {
    if (!isStep(e)) continue;
    let facts = factsOf(e);
    // An upgrade or an incoming frame learns its connection and route from the step it caused.
    const child = firstChild.get(e.seq);
    if (child && (!facts.connection || !facts.route)) {
      const c = factsOf(child);
      facts = { connection: facts.connection || c.connection, route: facts.route || c.route, fn: facts.fn };
    }
    rows.push({
      seq: e.seq,
      step: offset + rows.length + 1,
      t: e.t,
      kind: str(e.kind),
      from: str(e.from),
      to: str(e.to),
      summary: str(e.summary),
      ...facts,
    });
  }
  return rows;
}

export function filterRows(rows: readonly EventRow[], filter: RowFilter): readonly EventRow[] {
  const { connection, route, fn } = filter;
  if (!connection && !route && !fn) return rows;
  return rows.filter(
    (r) => (!connection || r.connection === connection) && (!route || r.route === route) && (!fn || r.fn === fn),
  );
}

export interface FilterOptions {
  /** Connection ids with the client that held each (its lane), in order of appearance. */
  connections: { id: string; client: string }[];
  routes: string[];
  functions: string[];
}

/** The values the filters offer: what the rows hold, in order of first appearance. */
export function filterOptions(rows: readonly EventRow[]): FilterOptions {
  const connections = new Map<string, string>();
  const routes = new Set<string>();
  const functions = new Set<string>();
  for (const r of rows) {
    if (r.connection) {
      const lane = [r.from, r.to].find((p) => p.startsWith('client:'));
      if (!connections.get(r.connection) && lane) connections.set(r.connection, lane.slice('client:'.length));
      else if (!connections.has(r.connection)) connections.set(r.connection, '');
    }
    if (r.route) routes.add(r.route);
    if (r.fn) functions.add(r.fn);
  }
  return {
    connections: [...connections].map(([id, client]) => ({ id, client })),
    routes: [...routes],
    functions: [...functions],
  };
}
