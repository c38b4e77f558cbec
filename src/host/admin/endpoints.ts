/**
 * The local gateway's own endpoints, under `/_admin` on the gateway's port (AWS has no such path:
 * a request there never reaches the API):
 *
 * - `GET /_admin/` — the admin page (connections, the live trace drawn by src/diagram, the log),
 *   built by ./vite.config.ts into `build/gateway/admin`.
 * - `GET /_admin/info` — what this server is (`service: LOCAL_GATEWAY_SERVICE`), so the
 *   playground's real mode can tell a local gateway from any other endpoint, plus its clock.
 * - `GET /_admin/trace` — Server-Sent Events: each trace event as JSON (`event: trace`, `id:` its
 *   seq) and the connection list when it changes (`event: connections`). `?since=<epoch ms>`
 *   first replays the kept events from that time on, `?last=N` the newest N; a reconnecting
 *   EventSource's `Last-Event-ID` resumes after that seq.
 * - `GET /_admin/connections` — the live WebSocket connections as JSON.
 *
 * Access: every client that reaches the gateway reaches these (the gateway binds loopback unless
 * `--host` says otherwise), or only loopback clients with `loopbackOnly` (`--admin-loopback`).
 * The JSON endpoints answer any origin (`Access-Control-Allow-Origin: *`): the playground is
 * served from another origin than the gateway. Nothing here changes the API; it only reads.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { isHttpLike, type GatewayApi, type TraceEvent } from '../../gateway';

export const ADMIN_PREFIX = '/_admin';

/** The `service` of `/_admin/info`: what the playground checks before it merges the trace. */
export const LOCAL_GATEWAY_SERVICE = 'api-gateway-playground/local-gateway';

/** A stream whose client reads slower than this many queued bytes is closed (EventSource reconnects). */
const MAX_QUEUED_BYTES = 8 * 1024 * 1024;
/** The connection list is pushed at most this often (a room's messages update `lastActiveAt` constantly). */
const CONNECTIONS_EVERY_MS = 500;
/** A comment line this often keeps idle streams open through proxies and finds clients that left. */
const HEARTBEAT_MS = 15_000;
/** Default replay for a stream that asks for none by time: the newest events, enough for a diagram. */
const DEFAULT_LAST = 500;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.map': 'application/json',
};

/** One row of the admin page's connection table. */
export interface AdminConnection {
  connectionId: string;
  connectedAt: number;
  sourceIp: string;
  lastActiveAt: number;
  clientName: string;
  userAgent: string;
}

export interface AdminInfo {
  service: typeof LOCAL_GATEWAY_SERVICE;
  /** The gateway's clock (epoch ms) when it answered: trace times are on this clock. */
  now: number;
  apiId: string;
  stage: string;
  protocolType: string;
  name: string;
  /** What a client pastes (the stage URL). */
  client: string;
  /** Paths on this origin. */
  trace: string;
  page: string;
}

export interface AdminOptions {
  api: GatewayApi;
  /** The stage URL printed for clients. */
  clientUrl: string;
  /** The API's name (the definition's). */
  name: string;
  /** Where the built admin page is (index.html and assets); missing: the page says how to build it. */
  pageDir?: string;
  /** Only loopback clients may use the admin endpoints. */
  loopbackOnly?: boolean;
}

export interface Admin {
  /** Serves `req` when its path is under `/_admin`; false when it is the API's. */
  handle(req: IncomingMessage, res: ServerResponse): boolean;
  /** Ends every open stream. */
  close(): void;
}

export function isLoopback(address: string | undefined): boolean {
  const a = (address ?? '').replace(/^::ffff:/, '');
  return a === '::1' || a.startsWith('127.');
}

function connectionsOf(api: GatewayApi): AdminConnection[] {
  if (isHttpLike(api)) return [];
  return api.connections().map((c) => ({
    connectionId: c.connectionId,
    connectedAt: c.connectedAt,
    sourceIp: c.sourceIp,
    lastActiveAt: c.lastActiveAt,
    clientName: c.clientName,
    userAgent: c.userAgent,
  }));
}

/** A trace event as one SSE message; an event whose detail cannot be serialised says so instead. */
function sse(event: TraceEvent): string {
  let data: string;
  try {
    data = JSON.stringify(event);
  } catch {
    data = JSON.stringify({
      ...event,
      event: undefined,
      value: undefined,
      summary: `${event.summary} (not serialisable)`,
    });
  }
  return `id: ${event.seq}\nevent: trace\ndata: ${data}\n\n`;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Access-Control-Allow-Origin': '*',
    'Cache-Control': 'no-store',
  });
  res.end(JSON.stringify(body));
}

/** The kept events a new stream starts with. */
export function replayFrom(
  events: readonly TraceEvent[],
  query: URLSearchParams,
  lastEventId: string | undefined,
): readonly TraceEvent[] {
  const after = Number(lastEventId);
  if (lastEventId !== undefined && Number.isFinite(after)) return events.filter((e) => e.seq > after);
  const since = Number(query.get('since'));
  if (query.has('since') && Number.isFinite(since)) return events.filter((e) => e.t >= since);
  const last = query.has('last') ? Math.max(0, Math.floor(Number(query.get('last')) || 0)) : DEFAULT_LAST;
  return last === 0 ? [] : events.slice(-last);
}

export function createAdmin(options: AdminOptions): Admin {
  const { api } = options;
  const streams = new Set<ServerResponse>();
  let unsubscribe: (() => void) | undefined;
  let connectionsTimer: ReturnType<typeof setTimeout> | undefined;
  let heartbeat: ReturnType<typeof setInterval> | undefined;

  function broadcast(chunk: string): void {
    for (const res of streams) {
      if (res.writableLength > MAX_QUEUED_BYTES) {
        streams.delete(res);
        res.destroy();
      } else res.write(chunk);
    }
  }

  function pushConnectionsSoon(): void {
    if (connectionsTimer || isHttpLike(api)) return;
    connectionsTimer = setTimeout(() => {
      connectionsTimer = undefined;
      if (streams.size) broadcast(`event: connections\ndata: ${JSON.stringify(connectionsOf(api))}\n\n`);
    }, CONNECTIONS_EVERY_MS);
  }

  // Subscribed only while a stream is open: a load test with no admin page pays nothing.
  function follow(): void {
    heartbeat ??= setInterval(() => broadcast(': keep-alive\n\n'), HEARTBEAT_MS);
    heartbeat.unref();
    unsubscribe ??= api.trace.subscribe((e) => {
      broadcast(sse(e));
      if (e.connectionId !== undefined || e.kind.startsWith('ws.')) pushConnectionsSoon();
    });
  }

  function stopFollowing(): void {
    unsubscribe?.();
    unsubscribe = undefined;
    clearInterval(heartbeat);
    heartbeat = undefined;
  }

  function stream(req: IncomingMessage, res: ServerResponse, query: URLSearchParams): void {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'Access-Control-Allow-Origin': '*',
    });
    res.socket?.setNoDelay(true);
    const header = req.headers['last-event-id'];
    const replay = replayFrom(api.trace.events, query, typeof header === 'string' ? header : undefined);
    let chunk = 'retry: 1000\n\n';
    for (const e of replay) chunk += sse(e);
    if (!isHttpLike(api)) chunk += `event: connections\ndata: ${JSON.stringify(connectionsOf(api))}\n\n`;
    res.write(chunk);
    streams.add(res);
    follow();
    req.on('close', () => {
      streams.delete(res);
      if (streams.size === 0) stopFollowing();
    });
  }

  function page(res: ServerResponse, path: string): void {
    const dir = options.pageDir;
    const rel = path === '' || path === '/' ? 'index.html' : normalize(path.replace(/^\/+/, ''));
    const file = dir ? join(dir, rel) : '';
    if (!dir || rel.startsWith('..') || rel.includes(`..${sep}`) || !existsSync(file) || !file.startsWith(dir)) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(
        dir && !existsSync(join(dir, 'index.html'))
          ? 'The admin page is not built: `npm run gateway` builds it (vite build --config src/host/admin/vite.config.ts).'
          : 'Not found',
      );
      return;
    }
    res.writeHead(200, {
      'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
      'Cache-Control': 'no-cache',
      'X-Content-Type-Options': 'nosniff',
      // The page is the gateway's own: scripts from itself only; it connects back to itself.
      'Content-Security-Policy':
        "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    });
    res.end(readFileSync(file));
  }

  return {
    handle(req, res) {
      const url = new URL(req.url ?? '/', 'http://gateway');
      if (url.pathname !== ADMIN_PREFIX && !url.pathname.startsWith(`${ADMIN_PREFIX}/`)) return false;
      if (options.loopbackOnly && !isLoopback(req.socket.remoteAddress)) {
        res.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end('The admin endpoints answer loopback clients only (--admin-loopback).');
        return true;
      }
      const rest = url.pathname.slice(ADMIN_PREFIX.length);
      if (req.method === 'OPTIONS') {
        res.writeHead(204, { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Methods': 'GET' });
        res.end();
      } else if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { Allow: 'GET' });
        res.end();
      } else if (rest === '/info') {
        const info: AdminInfo = {
          service: LOCAL_GATEWAY_SERVICE,
          now: api.clock.now(),
          apiId: api.apiId,
          stage: api.stage,
          protocolType: isHttpLike(api) ? api.protocolType : 'WEBSOCKET',
          name: options.name,
          client: options.clientUrl,
          trace: `${ADMIN_PREFIX}/trace`,
          page: `${ADMIN_PREFIX}/`,
        };
        json(res, 200, info);
      } else if (rest === '/connections') json(res, 200, connectionsOf(api));
      else if (rest === '/trace') stream(req, res, url.searchParams);
      else if (rest === '') {
        // Relative asset URLs in the page resolve under /_admin/ only with the slash.
        res.writeHead(308, { Location: `${ADMIN_PREFIX}/` });
        res.end();
      } else page(res, rest);
      return true;
    },
    close() {
      clearTimeout(connectionsTimer);
      stopFollowing();
      for (const res of streams) res.end();
      streams.clear();
    },
  };
}
