/** Lambda logs grouped per invocation, from the trace (pure, so it is unit-tested in Node). */
import type { TraceEvent } from '../gateway';

export interface InvocationLog {
  invocationId: string;
  functionName: string;
  routeKey: string;
  eventType: string;
  /** Virtual epoch ms of the invoke. */
  t: number;
  seq: number;
  lines: { level: string; text: string; seq: number }[];
  outcome: 'running' | 'ok' | 'error' | 'timeout' | 'integration-timeout';
  durationMs?: number;
  error?: string;
}

export function groupInvocations(events: readonly TraceEvent[]): InvocationLog[] {
  const byId = new Map<string, InvocationLog>();
  const out: InvocationLog[] = [];
  const get = (e: TraceEvent, functionName: string): InvocationLog => {
    const id = e.invocationId ?? `seq-${e.seq}`;
    let g = byId.get(id);
    if (!g) {
      g = {
        invocationId: id,
        functionName,
        routeKey: '',
        eventType: '',
        t: e.t,
        seq: e.seq,
        lines: [],
        outcome: 'running',
      };
      byId.set(id, g);
      out.push(g);
    }
    return g;
  };
  for (const e of events) {
    switch (e.kind) {
      case 'lambda.invoke': {
        const g = get(e, e.functionName);
        g.routeKey = e.routeKey;
        g.eventType = e.eventType;
        break;
      }
      case 'authorizer.invoke':
        get(e, e.functionName).routeKey = '$connect (authorizer)';
        break;
      case 'lambda.log':
        get(e, e.functionName).lines.push({ level: e.level, text: e.text, seq: e.seq });
        break;
      case 'lambda.result': {
        const g = get(e, e.functionName);
        if (g.outcome !== 'integration-timeout') g.outcome = e.outcome;
        // Shown with toFixed: a trace from elsewhere (an import) may carry anything.
        g.durationMs = typeof e.durationMs === 'number' && Number.isFinite(e.durationMs) ? e.durationMs : undefined;
        if (e.error) g.error = `${e.error.errorType}: ${e.error.errorMessage}`;
        break;
      }
      case 'integration.timeout': {
        const g = get(e, e.functionName);
        g.outcome = 'integration-timeout';
        g.error = `Integration timed out after ${e.timeoutMs} ms`;
        break;
      }
    }
  }
  return out;
}
