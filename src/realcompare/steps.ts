/**
 * The client steps of a real-mode run, read back from its trace: what each console and request
 * builder did (opened a socket with a query and subprotocols, sent a message, closed, sent an
 * HTTP request), in order. Only client-side acts are steps; what came back is not, because the
 * comparison replays the acts and records what comes back on each side itself.
 */
import type { TraceEvent } from '../gateway';

export type Step =
  | { kind: 'connect'; client: string; query: string; protocols: string[] }
  | {
      kind: 'send';
      client: string;
      data: string;
      /**
       * The trace keeps a preview of each message (src/state/observed-trace.ts): when the message
       * was longer, `data` is its start only and the replay sends that, so results may differ.
       */
      cut: boolean;
    }
  /** The client closed its socket (code 1005: `close()` without a code). */
  | { kind: 'disconnect'; client: string; code: number; reason: string }
  | {
      kind: 'http';
      client: string;
      method: string;
      /** The path after the endpoint's base path (the stage), e.g. `/orders/1`. */
      path: string;
      query: string;
      headers: [string, string][];
      body: string;
      cut: boolean;
    };

/** The console name of a `client:<name>` lane, or null for any other participant. */
function clientOf(p: string): string | null {
  return p.startsWith('client:') ? p.slice('client:'.length) : null;
}

/** `/dev/orders/1` under the base path `/dev` → `/orders/1`; a path outside it is kept whole. */
export function relativePath(path: string, basePath: string): string {
  const base = basePath.replace(/\/+$/, '');
  if (!base) return path || '/';
  if (path === base) return '';
  return path.startsWith(base + '/') ? path.slice(base.length) : path;
}

/**
 * Reads the steps off a real-mode trace (the events the consoles observed). `basePath` is the
 * real endpoint URL's path (`/dev`), taken off each request's path so the replay can put it
 * under either side's base URL. Events from other lanes (the backend hops a local gateway
 * streams) are not client acts and are skipped.
 */
export function stepsFromTrace(events: readonly TraceEvent[], basePath = ''): Step[] {
  const steps: Step[] = [];
  for (const e of events) {
    const client = clientOf(e.from);
    if (client === null || e.to !== 'gateway') continue;
    switch (e.kind) {
      case 'ws.upgrade':
        steps.push({ kind: 'connect', client, query: e.query, protocols: [...e.subprotocols] });
        break;
      case 'ws.frame.in':
        if (e.opcode !== 'text') break;
        steps.push({ kind: 'send', client, data: e.text, cut: utf8Size(e.text) < e.size });
        break;
      case 'ws.close':
        if (e.initiator === 'client') steps.push({ kind: 'disconnect', client, code: e.code, reason: e.reason });
        break;
      case 'http.request':
        steps.push({
          kind: 'http',
          client,
          method: e.method,
          path: relativePath(e.path, basePath),
          query: e.query,
          headers: Object.entries(e.headers),
          body: e.bodyPreview,
          cut: utf8Size(e.bodyPreview) < e.bodySize,
        });
        break;
    }
  }
  return steps;
}

/** One line per step for the result panel. */
export function describeStep(s: Step): string {
  switch (s.kind) {
    case 'connect':
      return `${s.client} connects${s.query ? ` with ?${s.query}` : ''}${
        s.protocols.length ? ` offering ${s.protocols.join(', ')}` : ''
      }`;
    case 'send':
      return `${s.client} sends ${s.data.length > 60 ? s.data.slice(0, 60) + '…' : s.data}`;
    case 'disconnect':
      return `${s.client} disconnects (${s.code})`;
    case 'http':
      return `${s.client}: ${s.method} ${s.path || '/'}${s.query ? '?' + s.query : ''}`;
  }
}

export function utf8Size(text: string): number {
  return new TextEncoder().encode(text).length;
}

/** The host and base path of an endpoint URL (`wss://abc.example/dev` → `abc.example`, `/dev`), or a clear error. */
export function endpointOf(url: string): { host: string; basePath: string } {
  try {
    const u = new URL(url);
    return { host: u.host, basePath: u.pathname };
  } catch {
    throw new Error(`The real endpoint URL is not a URL: ${url}`);
  }
}
