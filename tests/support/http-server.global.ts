/**
 * Vitest globalSetup for the `browser` project: a real HTTP server on 127.0.0.1 (random port)
 * standing in for a deployed HTTP or REST API in the MSW adapter's "real" mode.
 *
 * Browser tests read its base URL with `inject('httpServerUrl')` (e.g. `http://127.0.0.1:40125`).
 * Paths:
 * - `/echo/…`: answers any method with 200 JSON `{method, path, query, headers, body}` and CORS
 *   headers that allow the caller's origin (preflights too: 204 allowing the requested method
 *   and headers), exposing `x-served-by` (set on every answer).
 * - `/nocors/…`: the same echo without any CORS header (a browser blocks it for a cross-origin page).
 *
 * Bounded: every socket is tracked and destroyed in teardown, and a safety timer (unref'd) shuts
 * the server down if teardown never comes.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** `http://127.0.0.1:<port>` of the local HTTP server (tests/support/http-server.global.ts). */
    httpServerUrl: string;
  }
}

/** Longer than any browser run on this machine; only matters if teardown is skipped. */
const SAFETY_SHUTDOWN_MS = 15 * 60_000;
/** Echoed bodies are small test payloads; anything larger is cut off. */
const MAX_BODY = 64 * 1024;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => void answer(req, res));
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  project.provide('httpServerUrl', `http://127.0.0.1:${port}`);

  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= new Promise<void>((resolve) => {
      clearTimeout(safety);
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }));
  const safety = setTimeout(() => void stop(), SAFETY_SHUTDOWN_MS);
  safety.unref();
  return stop;
}

async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const cors = url.pathname.startsWith('/echo/') || url.pathname === '/echo';
  if (!cors && !url.pathname.startsWith('/nocors')) {
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not Found');
    return;
  }
  const corsHeaders: Record<string, string> = cors
    ? {
        'Access-Control-Allow-Origin': req.headers.origin ?? '*',
        'Access-Control-Expose-Headers': 'x-served-by',
        Vary: 'Origin',
      }
    : {};
  if (cors && req.method === 'OPTIONS' && req.headers['access-control-request-method']) {
    res
      .writeHead(204, {
        ...corsHeaders,
        'Access-Control-Allow-Methods': String(req.headers['access-control-request-method']),
        'Access-Control-Allow-Headers': String(req.headers['access-control-request-headers'] ?? ''),
        'x-served-by': 'local-http-server',
      })
      .end();
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= MAX_BODY) chunks.push(chunk);
  }
  const body = JSON.stringify({
    method: req.method,
    path: url.pathname,
    query: url.search.slice(1),
    headers: req.headers,
    body: Buffer.concat(chunks).toString('utf8'),
  });
  res
    .writeHead(200, { ...corsHeaders, 'Content-Type': 'application/json', 'x-served-by': 'local-http-server' })
    .end(body);
}
