/**
 * What the admin page shows, kept from the gateway's trace stream (./endpoints.ts): the newest
 * trace events for the diagram, the handlers' log lines, and the live connections. Pure and
 * bounded, so a long-running room's page does not grow without end.
 */
import type { TraceEvent } from '../../gateway';
import type { AdminConnection } from './endpoints';

/** Events kept for the diagram (it draws the newest window of them). */
export const EVENTS_KEPT = 2_000;
/** Log lines kept in the page. */
export const LOG_KEPT = 500;

export interface LogLine {
  seq: number;
  t: number;
  functionName: string;
  level: string;
  text: string;
}

export class AdminModel {
  events: TraceEvent[] = [];
  log: LogLine[] = [];
  connections: AdminConnection[] = [];
  /** The last seq seen: a resumed stream may repeat events. */
  #lastSeq = 0;

  /** Adds one streamed event; false when it was a repeat. */
  add(e: TraceEvent): boolean {
    if (e.seq <= this.#lastSeq) return false;
    this.#lastSeq = e.seq;
    this.events.push(e);
    if (this.events.length > EVENTS_KEPT * 1.25) this.events = this.events.slice(-EVENTS_KEPT);
    if (e.kind === 'lambda.log') {
      this.log.push({ seq: e.seq, t: e.t, functionName: e.functionName, level: e.level, text: e.text });
      if (this.log.length > LOG_KEPT * 1.25) this.log = this.log.slice(-LOG_KEPT);
    }
    return true;
  }

  setConnections(list: AdminConnection[]): void {
    this.connections = [...list].sort((a, b) => a.connectedAt - b.connectedAt);
  }
}

/** `HH:MM:SS.mmm` in UTC, as the gateway's console prints trace lines. */
export function clockTime(t: number): string {
  return Number.isFinite(t) ? new Date(t).toISOString().slice(11, 23) : '';
}
