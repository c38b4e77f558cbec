/**
 * A real API Gateway on this machine: one deployed API (the same engines the page runs, through
 * their public API and the same deployment module, tables and SDK shims) served over node:http
 * and `ws`. WebSocket APIs take upgrades at `/{stage}` and `@connections` over HTTP at the paths
 * AWS uses (`POST/GET/DELETE /{stage}/@connections/{id}`); HTTP and REST APIs take every other
 * request. Time is live (a LiveClock over Node's timers), so idle timeouts fire by themselves.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import {
  LiveClock,
  PLAYGROUND_ISSUER,
  PLAYGROUND_JWKS,
  discoveryKeySource,
  isHttpLike,
  type JwtFetch,
  type ApiDefinition,
  type GatewayApi,
  type HttpLikeApi,
  type WebSocketApi,
} from '../gateway';
import { deploy, type Deployment, type InvokerFactory } from '../runtime/node';
import { ADMIN_PREFIX, createAdmin, type Admin } from './admin/endpoints';
import { createNodeScheduler } from './node-scheduler';
import { createWebSocketHost, type WebSocketHost } from './websocket';

/** How long an identity provider may take to answer a discovery or key set request. */
const JWT_FETCH_TIMEOUT_MS = 5_000;

/** Node's fetch for OpenID discovery (the engine stays free of network code). */
const jwtFetch: JwtFetch = async (url) => {
  const res = await fetch(url, { signal: AbortSignal.timeout(JWT_FETCH_TIMEOUT_MS), redirect: 'error' });
  return { status: res.status, body: await res.text() };
};

/** Trace events kept in memory: a long-running room's trace must not grow without bound. */
const TRACE_LIMIT = 20_000;

export interface GatewayServerOptions {
  definition: ApiDefinition;
  /** The handler files (path → source), as the page deploys them. */
  files: Readonly<Record<string, string>>;
  /** What runs the handlers: worker threads by default in the CLI. */
  createInvoker: InvokerFactory;
  /** Default 127.0.0.1 (loopback only); `0.0.0.0` serves a room's LAN. */
  host?: string;
  /** Default 0: an ephemeral port. */
  port?: number;
  /** Where unexpected errors go (default: console.error). */
  onError?(e: unknown): void;
  /** The built admin page (`build/gateway/admin`); without it `/_admin/` says how to build it. */
  adminDir?: string;
  /** The admin page and trace stream answer loopback clients only (`--admin-loopback`). */
  adminLoopbackOnly?: boolean;
}

export interface GatewayServer {
  readonly deployment: Deployment;
  readonly api: GatewayApi;
  readonly host: string;
  readonly port: number;
  /** `http://host:port` as a client on this machine reaches it. */
  readonly origin: string;
  /** What to paste into a client: the stage URL (ws:// or http://), and for WebSocket APIs `@connections`. */
  readonly urls: { client: string; connections?: string; admin: string };
  /** Runs `$disconnect` for every open connection, closes sockets (1001), stops the server and workers. */
  close(): Promise<void>;
}

/** The machine's IPv4 LAN addresses, for printing URLs a room can use. */
export function lanAddresses(): string[] {
  const out: string[] = [];
  for (const list of Object.values(networkInterfaces()))
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) out.push(a.address);
  return out;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * Writes a gateway response. Repeated headers (`multiValueHeaders`, e.g. several `set-cookie`)
 * go out as one header line per value, as HTTP/1.1 repeats them (RFC 9110 §5.3); a name in both
 * maps is written from `multiValueHeaders` only.
 */
function writeResponse(
  res: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body: string,
  multi?: Record<string, string[]>,
): void {
  const taken = new Set(Object.keys(multi ?? {}).map((k) => k.toLowerCase()));
  for (const [k, v] of Object.entries(headers)) if (!taken.has(k.toLowerCase())) res.setHeader(k, v);
  for (const [k, v] of Object.entries(multi ?? {})) res.setHeader(k, v);
  res.removeHeader('Content-Length');
  res.writeHead(status);
  res.end(body);
}

export async function startGateway(options: GatewayServerOptions): Promise<GatewayServer> {
  const host = options.host ?? '127.0.0.1';
  const onError = options.onError ?? ((e: unknown) => console.error(e));
  let handler: ((req: IncomingMessage, res: ServerResponse) => Promise<void>) | undefined;
  let wsHost: WebSocketHost | undefined;
  const server = createServer((req, res) => {
    if (!handler) return void writeResponse(res, 503, {}, '');
    // `/_admin…` is the local gateway's own (AWS has no such path); everything else is the API's.
    if (admin.handle(req, res)) return;
    handler(req, res).catch((e) => {
      onError(e);
      if (!res.headersSent) writeResponse(res, 500, { 'Content-Type': 'application/json' }, '{"message":null}');
      else res.destroy();
    });
  });
  server.on('upgrade', (req, socket, head) => {
    if (wsHost) wsHost.upgrade(req, socket, head);
    else socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const visibleHost = host === '0.0.0.0' || host === '::' ? (lanAddresses()[0] ?? '127.0.0.1') : host;
  const domainName = `${visibleHost.includes(':') ? `[${visibleHost}]` : visibleHost}:${port}`;
  let deployment: Deployment;
  try {
    deployment = deploy({
      definition: options.definition,
      files: options.files,
      createInvoker: options.createInvoker,
      clock: new LiveClock(createNodeScheduler(), Date.now()),
      seed: randomUUID(),
      traceLimit: TRACE_LIMIT,
      domainName,
      // JWT authorizers discover their issuer's keys as AWS does (DG http-api-jwt-authorizer);
      // an http:// issuer on loopback is this gateway's documented exception (a local IdP), and
      // the playground's test IdP keeps its fixed keys, so minted tokens still work here.
      jwtKeys: discoveryKeySource({
        fetch: jwtFetch,
        allowLoopbackHttp: true,
        fixed: { [PLAYGROUND_ISSUER]: PLAYGROUND_JWKS },
      }),
    });
  } catch (e) {
    server.close();
    throw e;
  }
  const api = deployment.api;
  const origin = `http://${domainName}`;
  let urls: GatewayServer['urls'];
  const adminUrl = `${origin}${ADMIN_PREFIX}/`;
  if (isHttpLike(api)) {
    const httpApi: HttpLikeApi = api;
    const stagePath = httpApi.stage === '$default' ? '' : `/${httpApi.stage}`;
    urls = { client: `${origin}${stagePath}`, admin: adminUrl };
    handler = async (req, res) => {
      const body = await readBody(req);
      const pairs: [string, string][] = [];
      for (let i = 0; i < req.rawHeaders.length; i += 2) pairs.push([req.rawHeaders[i], req.rawHeaders[i + 1]]);
      const out = await httpApi.handle({
        method: req.method ?? 'GET',
        url: `https://${domainName}${req.url ?? '/'}`,
        headers: pairs,
        ...(body.length ? { body: new Uint8Array(body) } : {}),
        sourceIp: req.socket.remoteAddress?.replace(/^::ffff:/, ''),
        clientName: `${req.socket.remoteAddress?.replace(/^::ffff:/, '')}:${req.socket.remotePort}`,
      });
      writeResponse(res, out.status, out.headers, out.body, out.multiValueHeaders);
    };
  } else {
    const wsApi: WebSocketApi = api;
    urls = {
      client: `ws://${domainName}/${wsApi.stage}`,
      connections: `${origin}/${wsApi.stage}/@connections`,
      admin: adminUrl,
    };
    wsHost = createWebSocketHost(wsApi, onError);
    handler = async (req, res) => {
      const body = await readBody(req);
      const out = await wsApi.handleHttp({
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        body: body.toString('utf8'),
      });
      writeResponse(res, out.status, out.headers, out.body);
    };
  }
  const admin: Admin = createAdmin({
    api,
    clientUrl: urls.client,
    name: options.definition.name,
    pageDir: options.adminDir,
    loopbackOnly: options.adminLoopbackOnly,
  });
  let closing: Promise<void> | undefined;
  return {
    deployment,
    api,
    host,
    port,
    origin,
    urls,
    close() {
      closing ??= (async () => {
        // AWS runs $disconnect for every connection it closes; the sockets get 1001 first.
        if (!isHttpLike(api)) await api.shutdown();
        admin.close();
        wsHost?.close();
        deployment.dispose();
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      })();
      return closing;
    },
  };
}
