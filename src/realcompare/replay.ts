/**
 * Replays client steps against one side and records what that side's clients saw. The side is a
 * `ReplayTarget`: the simulator (an engine instance driven through its public API, seen as a
 * browser would see it) or the real endpoint (the page's own WebSocket and fetch). The simulator
 * runs first: it knows when its work is done (`whenIdle`), so how many frames and closes its
 * clients saw after each step tells the real side what to wait for; a real endpoint then gets a
 * bounded wait for that many and a short quiet window for any extra.
 */
import type { GatewayHttpResponse, HttpLikeApi, KnownDifferenceId, TraceEvent, WebSocketApi } from '../gateway';
import type { ClientSeen, HandshakeSeen, HttpSeen, RunRecord, StepOutcome } from './align';
import type { Step } from './steps';

export interface ReplaySocket {
  send(data: string): void;
  /** `code` 1005 means `close()` without a code. */
  close(code: number, reason: string): void;
}

export interface SocketEvents {
  frame(text: string): void;
  close(code: number, reason: string): void;
}

export interface ReplayTarget {
  connect(
    step: Extract<Step, { kind: 'connect' }>,
    on: SocketEvents,
  ): Promise<{ handshake: HandshakeSeen; socket?: ReplaySocket }>;
  http(step: Extract<Step, { kind: 'http' }>): Promise<HttpSeen>;
  /** The simulator: resolves when everything the last step set off has run. */
  idle?(): Promise<void>;
  /** The simulator: the known differences its trace marked since the last call. */
  unconfirmed?(): KnownDifferenceId[];
}

export interface ReplayTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface ReplayOptions {
  timers: ReplayTimers;
  /** Per step: how many frames and closes the clients had seen in all on the other side. */
  expected?: readonly number[];
  /** The longest wait for the expected count after a step (default 5 s). */
  waitMs?: number;
  /** No new frame for this long ends a step's wait (default 200 ms). */
  quietMs?: number;
}

export interface ReplayResult extends RunRecord {
  /** Per step: frames and closes seen so far (what the other side waits for). */
  counts: number[];
}

export async function replay(steps: readonly Step[], target: ReplayTarget, opts: ReplayOptions): Promise<ReplayResult> {
  const clients: Record<string, ClientSeen[]> = Object.create(null);
  const sockets = new Map<string, { socket: ReplaySocket; open: boolean }>();
  const outcomes: StepOutcome[] = [];
  const counts: number[] = [];
  const unconfirmed: KnownDifferenceId[][] = [];
  let total = 0;
  let step = 0;
  let onItem: (() => void) | null = null;
  let finished = false;
  const push = (client: string, item: ClientSeen) => {
    // After the last step only the replay's own clean-up happens: not the learner's.
    if (finished) return;
    (clients[client] ??= []).push(item);
    total++;
    onItem?.();
  };

  const waitCount = (n: number, ms: number) =>
    new Promise<void>((resolve) => {
      if (total >= n) return resolve();
      const timer = opts.timers.setTimeout(done, ms);
      function done() {
        opts.timers.clearTimeout(timer);
        onItem = null;
        resolve();
      }
      onItem = () => {
        if (total >= n) done();
      };
    });

  const waitQuiet = (ms: number) =>
    new Promise<void>((resolve) => {
      let timer = opts.timers.setTimeout(done, ms);
      function done() {
        onItem = null;
        resolve();
      }
      onItem = () => {
        opts.timers.clearTimeout(timer);
        timer = opts.timers.setTimeout(done, ms);
      };
    });

  for (const s of steps) {
    outcomes.push(await run(s));
    if (target.idle) await target.idle();
    else {
      const expected = opts.expected?.[step];
      if (expected !== undefined) await waitCount(expected, opts.waitMs ?? 5000);
      await waitQuiet(opts.quietMs ?? 200);
    }
    unconfirmed.push(target.unconfirmed?.() ?? []);
    counts.push(total);
    step++;
  }
  // The replay's own sockets go; what that sets off is not part of the learner's steps.
  finished = true;
  for (const [, s] of sockets) if (s.open) s.socket.close(1000, '');
  return { outcomes, clients, counts, unconfirmed };

  async function run(s: Step): Promise<StepOutcome> {
    switch (s.kind) {
      case 'connect': {
        const previous = sockets.get(s.client);
        if (previous?.open) previous.socket.close(1000, '');
        const entry = { socket: null as unknown as ReplaySocket, open: false };
        const r = await target.connect(s, {
          frame: (text) => push(s.client, { type: 'frame', text, step }),
          close: (code, reason) => {
            entry.open = false;
            push(s.client, { type: 'close', code, reason, step });
          },
        });
        if (r.socket && r.handshake.accepted) {
          entry.socket = r.socket;
          entry.open = true;
          sockets.set(s.client, entry);
        }
        return { kind: 'connect', handshake: r.handshake };
      }
      case 'send': {
        const c = sockets.get(s.client);
        if (!c?.open) return { kind: 'skipped', reason: `${s.client} is not connected here` };
        c.socket.send(s.data);
        return { kind: 'done' };
      }
      case 'disconnect': {
        const c = sockets.get(s.client);
        if (!c?.open) return { kind: 'skipped', reason: `${s.client} is not connected here` };
        c.socket.close(s.code, s.reason);
        return { kind: 'done' };
      }
      case 'http':
        return { kind: 'http', http: await target.http(s) };
    }
  }
}

// ---------------------------------------------------------------- the simulator

/** Readable on any CORS response (Fetch "CORS-safelisted response-header name"). */
const SAFELISTED_RESPONSE_HEADERS = new Set([
  'cache-control',
  'content-language',
  'content-length',
  'content-type',
  'expires',
  'last-modified',
  'pragma',
]);

/**
 * What a cross-origin page reads of a response's headers (Fetch): the safelisted ones and those
 * in Access-Control-Expose-Headers, never `set-cookie`. The real side is read by a page, so the
 * simulator's answer is cut down the same way before the two are compared.
 */
export function pageVisibleHeaders(
  res: Pick<GatewayHttpResponse, 'headers' | 'multiValueHeaders'>,
): [string, string][] {
  const all: [string, string][] = [];
  for (const [k, v] of Object.entries(res.headers)) if (!res.multiValueHeaders?.[k]) all.push([k.toLowerCase(), v]);
  for (const [k, values] of Object.entries(res.multiValueHeaders ?? {}))
    for (const v of values) all.push([k.toLowerCase(), v]);
  const expose = new Set(
    (all.find(([k]) => k === 'access-control-expose-headers')?.[1] ?? '')
      .split(',')
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean),
  );
  return all.filter(
    ([k]) => k !== 'set-cookie' && (SAFELISTED_RESPONSE_HEADERS.has(k) || expose.has(k) || expose.has('*')),
  );
}

/**
 * The simulator as a page in `origin` sees it: a handshake the browser would refuse (a
 * subprotocol that was not offered, or none when some were) fails; a CORS refusal is a failed
 * fetch; only page-readable headers are kept.
 */
export function engineTarget(api: WebSocketApi | HttpLikeApi, origin: string): ReplayTarget {
  const marked: KnownDifferenceId[] = [];
  const collect = (e: TraceEvent) => {
    if (e.unconfirmed && !marked.includes(e.unconfirmed)) marked.push(e.unconfirmed);
  };
  api.trace.subscribe(collect);
  const ws = 'connect' in api ? api : null;
  const http = 'handle' in api ? api : null;
  return {
    async connect(step, on) {
      if (!ws) return { handshake: { accepted: false, status: 404 } };
      const r = await ws.connect({
        query: step.query,
        subprotocols: step.protocols,
        clientName: step.client,
        headers: { Origin: origin },
      });
      if (!r.accepted) return { handshake: { accepted: false, status: r.status } };
      const conn = r.connection;
      if (step.protocols.length ? !step.protocols.includes(r.protocol) : r.protocol !== '') {
        // The browser fails such a handshake (RFC 6455 §4.1); the gateway sees the socket drop.
        await conn.close(1006, '');
        return { handshake: { accepted: false, status: 101 } };
      }
      conn.onMessage((text) => on.frame(text));
      conn.onClose((info) => on.close(info.code, info.reason));
      return {
        handshake: { accepted: true, protocol: r.protocol },
        socket: {
          send: (data) => void conn.send(data).catch(() => undefined),
          close: (code, reason) => void conn.close(code, reason).catch(() => undefined),
        },
      };
    },
    async http(step) {
      if (!http) return { failed: 'TypeError: Failed to fetch' };
      const res = await http.handle({
        method: step.method.toUpperCase(),
        url: http.url.replace(/\/+$/, '') + step.path + (step.query ? `?${step.query}` : ''),
        headers: step.headers,
        ...(step.body && !['GET', 'HEAD'].includes(step.method.toUpperCase()) ? { body: step.body } : {}),
        clientName: step.client,
        origin,
      });
      if (res.cors && !res.cors.allowed) return { failed: 'TypeError: Failed to fetch' };
      return { status: res.status, headers: pageVisibleHeaders(res), body: res.body };
    },
    idle: () => (ws ? ws.whenIdle() : Promise.resolve()),
    unconfirmed: () => marked.splice(0),
  };
}

// ---------------------------------------------------------------- the real endpoint

/** How long a real handshake or request may take before it counts as failed (API Gateway's own limits are 29-30 s). */
const CONNECT_TIMEOUT_MS = 30_000;
const HTTP_TIMEOUT_MS = 35_000;

/**
 * The real endpoint through the page's own WebSocket and fetch, at `baseUrl` (real mode's URL:
 * `wss://…/dev`, `ws://127.0.0.1:4010/dev`, `https://…/prod`).
 */
export function browserTarget(opts: {
  baseUrl: string;
  WebSocket: typeof WebSocket;
  fetch: typeof fetch;
}): ReplayTarget {
  const base = opts.baseUrl.trim().replace(/\/+$/, '');
  return {
    connect(step, on) {
      return new Promise((resolve) => {
        let socket: WebSocket;
        try {
          socket = new opts.WebSocket(base + (step.query ? `?${step.query}` : ''), step.protocols);
        } catch {
          resolve({ handshake: { accepted: false } });
          return;
        }
        let opened = false;
        // An endpoint that never answers the upgrade must not hold the comparison forever.
        const timer = setTimeout(() => {
          socket.close();
          resolve({ handshake: { accepted: false } });
        }, CONNECT_TIMEOUT_MS);
        socket.addEventListener('open', () => {
          clearTimeout(timer);
          opened = true;
          resolve({
            handshake: { accepted: true, protocol: socket.protocol },
            socket: {
              send: (data) => socket.send(data),
              close: (code, reason) =>
                code === 1000 || (code >= 3000 && code <= 4999) ? socket.close(code, reason) : socket.close(),
            },
          });
        });
        // A refused handshake is `error` then `close`; the close says it (Node's `ws` throws on an unheard error).
        socket.addEventListener('error', () => undefined);
        socket.addEventListener('message', (e: MessageEvent) => {
          if (typeof e.data === 'string') on.frame(e.data);
        });
        socket.addEventListener('close', (e: CloseEvent) => {
          clearTimeout(timer);
          if (opened) on.close(e.code, e.reason);
          else resolve({ handshake: { accepted: false } });
        });
      });
    },
    async http(step) {
      const url = base.replace(/^ws(s?):/, 'http$1:') + step.path + (step.query ? `?${step.query}` : '');
      try {
        const method = step.method.toUpperCase();
        const res = await opts.fetch(url, {
          method,
          // As for a handshake: a request that never completes fails instead of hanging the panel.
          signal: AbortSignal.timeout(HTTP_TIMEOUT_MS),
          headers: step.headers,
          ...(step.body && method !== 'GET' && method !== 'HEAD' ? { body: step.body } : {}),
        });
        return { status: res.status, headers: [...res.headers], body: await res.text() };
      } catch (e) {
        return { failed: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
      }
    },
  };
}
