/**
 * Real mode: the same clients talk to a real endpoint, and the backend is not observable. The
 * client consoles report what their sockets saw, and this turns it into trace events on a trace
 * of its own, so the diagram and the log still show every hop the client can see.
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

export class ObservedTrace {
  readonly log: TraceLog;

  constructor(opts: { clock: Pick<Clock, 'now'> }) {
    this.log = new TraceLog({ now: () => opts.clock.now(), apiId: 'real', stage: '' });
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
