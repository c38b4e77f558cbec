/**
 * Real mode: the same clients talk to a real endpoint, and the backend is not observable. The
 * client consoles report what their sockets saw, and this turns it into trace events on a trace
 * of its own, so the diagram and the log still show every hop the client can see.
 *
 * A local gateway (`npm run gateway`) does show its backend: it streams its trace
 * (./local-gateway-link.ts), and once linked the backend's steps (authorizers, Lambda
 * invocations, logs, `@connections`, tables) are merged into this trace, ordered by time, so the
 * diagram is complete. The gateway's own client hops are left out: the page records its own.
 */
import type { Clock } from '../gateway';
import { TraceLog, type Participant, type TraceEvent } from '../gateway';

/** What a page's socket lets it see (a console reports these in real mode). */
export type Observation = { client: string } & (
  | { type: 'connecting'; url: string; protocols: string[] }
  | { type: 'open'; protocol: string }
  /** The handshake failed: the browser shows only `error` + close 1006, never a status. */
  | { type: 'failed'; code: number }
  | { type: 'message'; direction: 'sent' | 'received'; data: string; binary: boolean; size: number }
  | { type: 'close'; code: number; reason: string; byClient: boolean }
  // HTTP and REST: what the page's fetch sent and got back.
  | { type: 'http-request'; method: string; url: string; headers: [string, string][]; body: string }
  | { type: 'http-response'; status: number; headers: [string, string][]; body: string }
  /** fetch rejected: the page is not told whether CORS, DNS or the network failed. */
  | { type: 'http-failed'; message: string }
);

const PREVIEW = 2048;

/** Merged steps kept; older ones are dropped in batches (the page's TraceState keeps its own bound too). */
const MERGED_LIMIT = 10_000;
const MERGED_TRIM = 1_000;

/**
 * A step placed in the page's trace: `inOrder` when it went at the end (append it to the view),
 * false when it went before steps already shown (reset the view to `events`).
 */
export interface Placed {
  event: TraceEvent;
  inOrder: boolean;
}

function isClientHop(e: TraceEvent): boolean {
  return e.from.startsWith('client:') || e.to.startsWith('client:');
}

export class ObservedTrace {
  readonly log: TraceLog;
  /** Page and backend steps ordered by time, numbered 1… (plus `#trimmed`); null until a backend is linked. */
  #merged: TraceEvent[] | null = null;
  #trimmed = 0;
  #linked = false;
  /** The backend's seq → its step here (skips repeats after a stream reconnects; finds causes). */
  readonly #fromBackend = new Map<number, TraceEvent>();
  /** A backend step → the step that caused it, so renumbering keeps `causeSeq` right. */
  readonly #causeOf = new WeakMap<TraceEvent, TraceEvent>();

  constructor(opts: { clock: Pick<Clock, 'now'> }) {
    this.log = new TraceLog({ now: () => opts.clock.now(), apiId: 'real', stage: '' });
  }

  /** What the view shows: the page's observations, with the backend's steps once linked. */
  get events(): readonly TraceEvent[] {
    return this.#merged ?? this.log.events;
  }

  /** A local gateway's trace is being merged in (the diagram is complete, not only the client's view). */
  get backendLinked(): boolean {
    return this.#linked;
  }

  /** From now on the backend's steps are merged in (`mergeBackend`). */
  linkBackend(): void {
    this.#linked = true;
    this.#merged ??= this.log.events.map((e, i) => ({ ...e, seq: i + 1 }));
  }

  /** The backend went away (another endpoint, the stream closed): later steps are the client's view again. */
  unlinkBackend(): void {
    this.#linked = false;
  }

  /** Records an observation and places it among the merged steps (at the end, unless a backend step came later). */
  observe(o: Observation): Placed {
    const event = this.record(o);
    if (!this.#merged) return { event, inOrder: true };
    return this.#place({ ...event });
  }

  /**
   * One step of the local gateway's trace, with its time moved onto the page's clock by
   * `offsetMs`. Null when it is a client hop (the page's own observation stands for it), one
   * already merged, or no backend is linked.
   */
  mergeBackend(e: TraceEvent, offsetMs: number): Placed | null {
    if (!this.#linked || !this.#merged || isClientHop(e) || this.#fromBackend.has(e.seq)) return null;
    const cause = e.causeSeq === undefined ? undefined : this.#fromBackend.get(e.causeSeq);
    const step: TraceEvent = { ...e, t: e.t + offsetMs, apiId: 'real', stage: '' };
    delete step.causeSeq;
    if (cause) this.#causeOf.set(step, cause);
    this.#fromBackend.set(e.seq, step);
    return this.#place(step);
  }

  #place(step: TraceEvent): Placed {
    const all = this.#merged!;
    let at = all.length;
    while (at > 0 && all[at - 1].t > step.t) at--;
    all.splice(at, 0, step);
    const inOrder = at === all.length - 1;
    for (let i = inOrder ? at : 0; i < all.length; i++) {
      const e = all[i];
      e.seq = this.#trimmed + i + 1;
      const cause = this.#causeOf.get(e);
      if (cause) e.causeSeq = cause.seq;
    }
    if (all.length > MERGED_LIMIT + MERGED_TRIM) {
      const n = all.length - MERGED_LIMIT;
      all.splice(0, n);
      this.#trimmed += n;
      for (const seq of [...this.#fromBackend.keys()].slice(0, Math.max(0, this.#fromBackend.size - MERGED_LIMIT)))
        this.#fromBackend.delete(seq);
    }
    return { event: step, inOrder };
  }

  record(o: Observation): TraceEvent {
    const client: Participant = `client:${o.client}`;
    switch (o.type) {
      case 'connecting': {
        let target: URL | null = null;
        try {
          target = new URL(o.url);
        } catch {
          // reported by the console as an error; drawn with the raw text
        }
        return this.log.append({
          kind: 'ws.upgrade',
          from: client,
          to: 'gateway',
          query: target ? target.search.slice(1) : '',
          headers: {},
          subprotocols: o.protocols,
          summary: `${o.client} opens ${target ? target.host + target.pathname : o.url}`,
        });
      }
      case 'open':
        return this.log.append({
          kind: 'ws.handshake',
          from: 'gateway',
          to: client,
          status: 101,
          accepted: true,
          protocol: o.protocol,
          headers: {},
          summary: `${o.client} connected`,
        });
      case 'failed':
        return this.log.append({
          kind: 'ws.client-fail',
          from: client,
          to: 'gateway',
          code: o.code,
          reason: 'handshake failed (a browser is not told why)',
          summary: `${o.client}'s handshake failed`,
        });
      case 'message':
        return o.direction === 'sent'
          ? this.log.append({
              kind: 'ws.frame.in',
              from: client,
              to: 'gateway',
              opcode: o.binary ? 'binary' : 'text',
              size: o.size,
              text: o.data.slice(0, PREVIEW),
              bytes: o.size,
              summary: `${o.client} sends ${o.size} bytes`,
            })
          : this.log.append({
              kind: 'ws.frame.out',
              from: 'gateway',
              to: client,
              size: o.size,
              text: o.data.slice(0, PREVIEW),
              cause: 'observed',
              bytes: o.size,
              summary: `${o.client} receives ${o.size} bytes`,
            });
      case 'http-request': {
        let target: URL | null = null;
        try {
          target = new URL(o.url);
        } catch {
          // fetch reports it; drawn with the raw text
        }
        const size = utf8Size(o.body);
        return this.log.append({
          kind: 'http.request',
          from: client,
          to: 'gateway',
          method: o.method,
          path: target ? target.pathname : o.url,
          query: target ? target.search.slice(1) : '',
          headers: Object.fromEntries(o.headers),
          bodySize: size,
          bodyPreview: o.body.slice(0, PREVIEW),
          bytes: size,
          summary: `${o.client}: ${o.method} ${target ? target.host + target.pathname : o.url}`,
        });
      }
      case 'http-response': {
        const size = utf8Size(o.body);
        return this.log.append({
          kind: 'http.response',
          from: 'gateway',
          to: client,
          status: o.status,
          headers: Object.fromEntries(o.headers),
          bodySize: size,
          bodyPreview: o.body.slice(0, PREVIEW),
          // What produced it is not observable from the client.
          source: 'gateway',
          bytes: size,
          summary: `${o.status} to ${o.client} (${size} bytes)`,
        });
      }
      case 'http-failed':
        return this.log.append({
          kind: 'cors.verdict',
          from: 'gateway',
          to: client,
          origin: typeof location !== 'undefined' ? location.origin : '',
          allowed: false,
          reason: `${o.message}: the browser refused the response or the network failed (a page is not told which)`,
          modelled: false,
          summary: `${o.client}'s request failed (${o.message})`,
        });
      case 'close':
        return this.log.append({
          kind: 'ws.close',
          from: o.byClient ? client : 'gateway',
          to: o.byClient ? 'gateway' : client,
          code: o.code,
          reason: o.reason,
          initiator: o.byClient ? 'client' : 'gateway',
          summary: `${o.client} closed (${o.code})`,
        });
    }
  }
}

function utf8Size(text: string): number {
  return new TextEncoder().encode(text).length;
}
