/**
 * Vitest globalSetup for the `browser` project: a real WebSocket server on 127.0.0.1 (random
 * port) standing in for a deployed API in the adapter's "real" mode, and giving Chromium's own
 * handshake behaviour something to be measured against.
 *
 * Browser tests read its base URL with `inject('wsServerUrl')` (e.g. `ws://127.0.0.1:40123`).
 * Paths:
 * - `/echo`: echoes every frame (text stays text, binary stays binary). A text frame
 *   `close <code> <reason…>` makes the server close with that code and reason instead.
 *   `?reply=<p>` makes the 101 carry `Sec-WebSocket-Protocol: <p>` (even if not offered);
 *   `?reply=` (empty) carries none; without `reply` the first offered protocol is chosen.
 * - `/refuse/<status>`: refuses the upgrade with that HTTP status (as API Gateway does when
 *   `$connect` or an authorizer fails).
 * - `/hold`: never answers the upgrade (a `$connect` that is still running).
 *
 * Bounded: every socket is tracked and destroyed in teardown, and a safety timer (unref'd, so it
 * never keeps Node alive) shuts the server down if teardown never comes.
 */
import { createServer, STATUS_CODES, type IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** `ws://127.0.0.1:<port>` of the local WebSocket server (tests/support/ws-server.global.ts). */
    wsServerUrl: string;
  }
}

/** Longer than any browser run on this machine; only matters if teardown is skipped. */
const SAFETY_SHUTDOWN_MS = 15 * 60_000;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const sockets = new Set<Duplex>();
  const http = createServer((_req, res) => {
    // A plain GET to a WebSocket endpoint: 426, as API Gateway answers (docs/aws-behaviour.md §1.6).
    res.writeHead(426, { 'Content-Type': 'text/plain' }).end('Upgrade Required');
  });
  http.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  const wss = new WebSocketServer({
    noServer: true,
    handleProtocols: (offered, req) => {
      const reply = replyParam(req);
      if (reply === null) return offered.values().next().value ?? false;
      return reply || false;
    },
  });
  // ws only writes Sec-WebSocket-Protocol when the client offered some; `?reply=` must be able to
  // answer one the client never offered, to show what Chromium does with it.
  wss.on('headers', (headers, req) => {
    const reply = replyParam(req);
    if (reply && !req.headers['sec-websocket-protocol']) headers.push(`Sec-WebSocket-Protocol: ${reply}`);
  });
  wss.on('connection', (socket) => {
    socket.on('message', (data, isBinary) => {
      const text = isBinary ? '' : data.toString();
      const close = /^close (\d{4})(?: (.*))?$/s.exec(text);
      if (close) socket.close(Number(close[1]), close[2] ?? '');
      else socket.send(data, { binary: isBinary });
    });
  });

  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const refuse = /^\/refuse\/(\d{3})$/.exec(path);
    if (refuse) {
      const status = Number(refuse[1]);
      socket.end(
        `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Refused'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`,
      );
      return;
    }
    if (path === '/hold') return; // left pending; destroyed when the client gives up or in teardown
    if (path === '/echo') {
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
      return;
    }
    socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  });

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = http.address() as AddressInfo;
  project.provide('wsServerUrl', `ws://127.0.0.1:${port}`);

  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= new Promise<void>((resolve) => {
      clearTimeout(safety);
      for (const client of wss.clients) client.terminate();
      for (const socket of sockets) socket.destroy();
      wss.close();
      http.close(() => resolve());
    }));
  const safety = setTimeout(() => void stop(), SAFETY_SHUTDOWN_MS);
  safety.unref();
  return stop;
}

/** The `reply` query parameter: null when absent, '' when present and empty. */
function replyParam(req: IncomingMessage): string | null {
  return new URL(req.url ?? '/', 'http://localhost').searchParams.get('reply');
}
