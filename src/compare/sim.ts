/**
 * The discrete-event loop both simulations run on, and the small statistics they share.
 *
 * Actions are processed strictly one at a time in virtual-time order (ties in scheduling
 * order), each awaited before the next, so an engine call never overlaps another and the
 * same inputs always give the same run.
 */
import { ManualClock } from '../gateway';
import { frameBytes } from './wire';
import type { ApproachResult, Delivery, LatencyFigures, WireRecord, WireSample } from './types';

interface Action {
  at: number;
  seq: number;
  fn: () => void | Promise<void>;
}

export class EventQueue {
  #items: Action[] = [];
  #seq = 0;
  #now = 0;

  /** Virtual ms from the start of the run of the action being processed. */
  get now(): number {
    return this.#now;
  }

  schedule(at: number, fn: () => void | Promise<void>): void {
    if (!(at >= this.#now)) throw new RangeError(`cannot schedule at ${at} ms, before now (${this.#now} ms)`);
    const action = { at, seq: this.#seq++, fn };
    // Binary search for the first item that runs later (ties keep scheduling order).
    let lo = 0;
    let hi = this.#items.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const m = this.#items[mid];
      if (m.at < at || (m.at === at && m.seq < action.seq)) lo = mid + 1;
      else hi = mid;
    }
    this.#items.splice(lo, 0, action);
  }

  /**
   * Runs every action in time order, moving `clock` (virtual epoch ms = `startEpochMs` + run
   * time) to each one first. The engine's own timers (idle timeout, 2-hour limit) fire at
   * their own times in between, and whatever they schedule joins the queue in order;
   * `settle` lets the engine finish the work a timer started (e.g. `$disconnect`).
   */
  async run(clock: SimClock, startEpochMs: number, settle: () => Promise<void>, maxActions = 5_000_000): Promise<void> {
    let n = 0;
    for (;;) {
      const next = this.#items[0];
      const timer = clock.nextTimerAt();
      if (timer !== undefined && (!next || timer - startEpochMs < next.at)) {
        this.#now = Math.max(this.#now, timer - startEpochMs);
        clock.advanceTo(timer);
        await settle();
        continue;
      }
      if (!next) return;
      this.#items.shift();
      if (++n > maxActions) throw new Error(`simulation did not finish within ${maxActions} steps`);
      this.#now = next.at;
      clock.advanceTo(startEpochMs + next.at);
      await next.fn();
    }
  }
}

/** A ManualClock that tells the simulation when the engine's next timer is due. */
export class SimClock extends ManualClock {
  nextTimerAt(): number | undefined {
    return this.nextDue();
  }
}

/** Min, mean and max of the deliveries' latencies; `expectedMs` is supplied by the approach. */
export function latencyFigures(deliveries: Delivery[], expectedMs: number): LatencyFigures {
  if (deliveries.length === 0) return { minMs: 0, meanMs: 0, maxMs: 0, expectedMs };
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (const d of deliveries) {
    min = Math.min(min, d.latencyMs);
    max = Math.max(max, d.latencyMs);
    sum += d.latencyMs;
  }
  return { minMs: min, meanMs: sum / deliveries.length, maxMs: max, expectedMs };
}

/**
 * The mean wait until the next arrival for an event at a uniformly random moment between
 * the first and the last arrival: Σg² / 2Σg over the gaps g between consecutive arrivals
 * (the inspection paradox: long gaps catch more events).
 */
export function phaseAveragedWait(arrivals: number[]): number | undefined {
  let sum = 0;
  let sumSq = 0;
  for (let i = 1; i < arrivals.length; i++) {
    const g = arrivals[i] - arrivals[i - 1];
    sum += g;
    sumSq += g * g;
  }
  return sum > 0 ? sumSq / (2 * sum) : undefined;
}

/** Round to 3 decimals so figures stay readable and identical across runs. */
export function round3(n: number): number {
  return Math.round(n * 1000) / 1000;
}

/** The client's view of the wire: every record, and the byte and handshake totals summed from them. */
export class WireLog {
  readonly records: WireRecord[] = [];
  readonly samples: WireSample[] = [];
  #sampled = new Set<string>();

  add(record: WireRecord): void {
    this.records.push(record);
  }

  /** TCP then TLS on a new connection leaving at `t` (no bytes counted: they cost round trips). */
  handshakes(client: string, t: number, rttMs: number, tcp: number, tls: number, tlsVersion: string): void {
    const base = { client, direction: 'client-to-server' as const, bytes: 0, overheadBytes: 0 };
    this.add({ ...base, atMs: t, kind: 'tcp-handshake', roundTrips: tcp, note: 'TCP SYN, SYN-ACK, ACK' });
    const note = `TLS ${tlsVersion} handshake`;
    this.add({ ...base, atMs: t + tcp * rttMs, kind: 'tls-handshake', roundTrips: tls, note });
  }

  /** One WebSocket frame: `payloadBytes` of data plus the header (and the client's mask). */
  frame(client: string, atMs: number, direction: WireRecord['direction'], payloadBytes: number, close = false): void {
    const bytes = frameBytes(payloadBytes, direction);
    const masked = direction === 'client-to-server' ? ' (masked)' : '';
    this.add({
      atMs,
      client,
      direction,
      kind: close ? 'ws-close-frame' : 'ws-frame',
      bytes,
      overheadBytes: bytes - payloadBytes,
      note: close ? `close frame${masked}` : `text frame, ${payloadBytes}-byte payload${masked}`,
    });
  }

  /** Keeps the first exchange of each label, so the UI can show real bytes. */
  sample(label: string, direction: WireSample['direction'], text: string, bytes: number): void {
    if (this.#sampled.has(label)) return;
    this.#sampled.add(label);
    this.samples.push({ label, direction, text, bytes });
  }

  totals(eventsDelivered: number): ApproachResult['bytes'] {
    let c2s = 0;
    let s2c = 0;
    let overhead = 0;
    let upgrade = 0;
    for (const r of this.records) {
      if (r.direction === 'client-to-server') c2s += r.bytes;
      else s2c += r.bytes;
      overhead += r.overheadBytes;
      if (r.kind === 'ws-upgrade-request' || r.kind === 'ws-upgrade-response') upgrade += r.bytes;
    }
    const total = c2s + s2c;
    return {
      total,
      clientToServer: c2s,
      serverToClient: s2c,
      overhead,
      payload: total - overhead,
      upgrade,
      perEvent: eventsDelivered ? round3(total / eventsDelivered) : 0,
    };
  }
}
