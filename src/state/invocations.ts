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
  const grouper = new InvocationGrouper();
  grouper.add(events);
  return grouper.list;
}

/**
 * `groupInvocations` that goes on: `add` takes the events that follow, so a trace that grows
 * by a few events costs a few steps, not a regrouping of everything kept. An entry the new events
 * change is replaced by a copy (never changed in place), so a list keyed by `seq` sees it change.
 */
export class InvocationGrouper {
  /** The invocations so far, oldest first (the array itself grows in place). */
  readonly list: InvocationLog[] = [];
  readonly #index = new Map<string, number>();

  add(events: readonly TraceEvent[]): void {
    /** Entries created or copied by this call: changed in place from then on. */
    const own = new Set<InvocationLog>();
    const get = (e: TraceEvent, functionName: string): InvocationLog => {
      const id = e.invocationId ?? `seq-${e.seq}`;
      const i = this.#index.get(id);
      if (i === undefined) {
        const g: InvocationLog = {
          invocationId: id,
          functionName,
          routeKey: '',
          eventType: '',
          t: e.t,
          seq: e.seq,
          lines: [],
          outcome: 'running',
        };
        this.#index.set(id, this.list.length);
        this.list.push(g);
        own.add(g);
        return g;
      }
      let g = this.list[i]!;
      if (!own.has(g)) {
        g = { ...g, lines: [...g.lines] };
        this.list[i] = g;
        own.add(g);
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
  }
}
