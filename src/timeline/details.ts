/**
 * What one step was about, gathered from the trace: the Lambda event the gateway built for its
 * invocation (recorded with `lambda.invoke`), the WebSocket frame behind it, the response (the
 * function's value or error, the HTTP response, the `@connections` answer), the invocation's log
 * lines and its table changes. The trace's ids tie them together: the invocation id, the request
 * id and each step's cause.
 */
import type { TableChangeRecord, TraceEvent, TraceEventOf } from '../gateway';

export interface StepDetails {
  /** The step itself, as recorded. */
  event: TraceEvent;
  /** The Lambda invocation the step belongs to (or caused), with the event it received. */
  invocation?: { functionName: string; routeKey: string; invocationId: string; event: unknown };
  /** The WebSocket frame: the step's own, or the client's frame that started it. */
  frame?: { direction: 'in' | 'out'; client: string; text: string; seq: number };
  /** What answered: the function's result, the HTTP response or the `@connections` response. */
  response?: { label: string; value: unknown; seq: number };
  /** The invocation's log lines (all of them, also those logged after this step). */
  logs: { level: string; text: string; seq: number }[];
  /** The table writes of the step (or of its invocation). */
  tableChanges: { table: string; operation: string; change: TableChangeRecord | null; seq: number }[];
}

const clientOf = (e: TraceEvent) => {
  const lane = [e.from, e.to].find((p) => typeof p === 'string' && p.startsWith('client:'));
  return lane ? lane.slice('client:'.length) : '';
};

/** Details of the step with `seq` in `events`, or null when the trace does not hold it. */
export function detailsOf(events: readonly TraceEvent[], seq: number): StepDetails | null {
  const bySeq = new Map<number, TraceEvent>();
  const children = new Map<number, TraceEvent[]>();
  const invokes = new Map<string, TraceEventOf<'lambda.invoke'>>();
  for (const e of events) {
    bySeq.set(e.seq, e);
    if (e.causeSeq !== undefined) {
      const list = children.get(e.causeSeq);
      if (list) list.push(e);
      else children.set(e.causeSeq, [e]);
    }
    if (e.kind === 'lambda.invoke' && e.invocationId) invokes.set(e.invocationId, e);
  }
  const event = bySeq.get(seq);
  if (!event) return null;

  /** The invocation: the step's own, one its request made, or one it caused (a frame → route → invoke). */
  const invocationOf = (e: TraceEvent): TraceEventOf<'lambda.invoke'> | undefined => {
    if (e.invocationId) return invokes.get(e.invocationId);
    const queue = [...(children.get(e.seq) ?? [])];
    for (let depth = 0; queue.length && depth < 64; depth++) {
      const next = queue.shift()!;
      if (next.kind === 'lambda.invoke') return next;
      queue.push(...(children.get(next.seq) ?? []));
    }
    if (e.requestId) {
      for (const inv of invokes.values()) if (inv.requestId === e.requestId) return inv;
    }
    return undefined;
  };
  const invoke = invocationOf(event);
  const invocationId = invoke?.invocationId;

  /** The client's frame that started `e`: `e` itself, or up its chain of causes. */
  let frame: StepDetails['frame'];
  for (let e: TraceEvent | undefined = event, n = 0; e && n < 64; e = bySeq.get(e.causeSeq ?? NaN), n++) {
    if (e.kind === 'ws.frame.in' || e.kind === 'ws.frame.out') {
      frame = { direction: e.kind === 'ws.frame.in' ? 'in' : 'out', client: clientOf(e), text: e.text, seq: e.seq };
      break;
    }
  }
  if (!frame && invoke) {
    for (let e: TraceEvent | undefined = invoke, n = 0; e && n < 64; e = bySeq.get(e.causeSeq ?? NaN), n++) {
      if (e.kind === 'ws.frame.in') {
        frame = { direction: 'in', client: clientOf(e), text: e.text, seq: e.seq };
        break;
      }
    }
  }

  let response: StepDetails['response'];
  if (event.kind === 'mgmt.request' || event.kind === 'mgmt.response') {
    const r =
      event.kind === 'mgmt.response'
        ? event
        : (children.get(event.seq) ?? []).find((c): c is TraceEventOf<'mgmt.response'> => c.kind === 'mgmt.response');
    if (r)
      response = {
        label: `@connections ${r.operation}`,
        value: { status: r.status, errorName: r.errorName },
        seq: r.seq,
      };
  }
  if (!response && event.requestId) {
    const http = events.find(
      (e): e is TraceEventOf<'http.response'> => e.kind === 'http.response' && e.requestId === event.requestId,
    );
    if (http) response = { label: 'HTTP response', value: http, seq: http.seq };
  }
  if (!response && invocationId) {
    const result = events.find(
      (e): e is TraceEventOf<'lambda.result'> => e.kind === 'lambda.result' && e.invocationId === invocationId,
    );
    if (result) {
      const value = result.outcome === 'ok' ? result.value : (result.error ?? { outcome: result.outcome });
      response = {
        label: `${result.functionName} ${result.outcome === 'ok' ? 'returned' : result.outcome}`,
        value,
        seq: result.seq,
      };
    }
  }

  const ofInvocation = (e: TraceEvent) => invocationId !== undefined && e.invocationId === invocationId;
  const logs = events
    .filter((e): e is TraceEventOf<'lambda.log'> => e.kind === 'lambda.log' && ofInvocation(e))
    .map((e) => ({ level: e.level, text: e.text, seq: e.seq }));
  const tableChanges = events
    .filter(
      (e): e is TraceEventOf<'table.op'> =>
        e.kind === 'table.op' && (event.kind === 'table.op' ? e.seq === event.seq : ofInvocation(e)),
    )
    .map((e) => ({ table: e.table, operation: e.operation, change: e.change ?? null, seq: e.seq }));

  return {
    event,
    ...(invoke
      ? {
          invocation: {
            functionName: invoke.functionName,
            routeKey: invoke.routeKey,
            invocationId: invoke.invocationId ?? '',
            event: invoke.event,
          },
        }
      : {}),
    ...(frame ? { frame } : {}),
    ...(response ? { response } : {}),
    logs,
    tableChanges,
  };
}
