/**
 * Real WebSocket clients on a WebSocket API engine: node:http's `upgrade` event runs the
 * engine's handshake (authorizer, `$connect`) while the upgrade is pending, as AWS does
 * (docs/aws-behaviour.md §1.3), then either completes it with the `ws` package or writes the
 * refusal the engine returned (status, headers, body). Frames flow both ways through the
 * engine's public API: the client's messages (with the frame sizes read off the wire) to
 * `send()`, the gateway's frames and closes back to the socket.
 */
import type { IncomingMessage } from 'node:http';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ClientConnection, WebSocketApi } from '../gateway';
import { FrameScanner } from './frame-scanner';

/** What ws itself accepts before it will complete an upgrade (RFC 6455 §4.2.1). */
const KEY = /^[+/0-9A-Za-z]{22}==$/;

/** Headers ws writes itself in the 101; the rest of `$connect`'s go in as extra lines. */
const WS_OWN = new Set(['connection', 'upgrade', 'sec-websocket-accept', 'sec-websocket-protocol']);

/** Messages up to this size reach the engine, which closes with 1009 over its quotas (and traces it). */
const WS_MAX_PAYLOAD = 4 * 1024 * 1024;

/** Close codes a server may not send in a close frame (RFC 6455 §7.4.1): the socket is dropped instead. */
const UNSENDABLE = new Set([1005, 1006, 1015]);

/** The request's headers with their names as sent; repeated ones joined with `, `. */
export function headersAsSent(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  const lower = new Map<string, string>();
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i];
    const value = req.rawHeaders[i + 1];
    const seen = lower.get(name.toLowerCase());
    if (seen !== undefined) out[seen] = `${out[seen]}, ${value}`;
    else {
      lower.set(name.toLowerCase(), name);
      out[name] = value;
    }
  }
  return out;
}

/** Writes a plain HTTP response on a socket that asked for an upgrade, then closes it. */
export function refuse(socket: Duplex, status: number, headers: Record<string, string>, body: string): void {
  const bytes = Buffer.from(body, 'utf8');
  const lines = [`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}`];
  for (const [k, v] of Object.entries(headers))
    if (!/^(content-length|connection)$/i.test(k)) lines.push(`${k}: ${v.replace(/[\r\n]/g, ' ')}`);
  lines.push(`Content-Length: ${bytes.length}`, 'Connection: close', '', '');
  socket.end(Buffer.concat([Buffer.from(lines.join('\r\n'), 'latin1'), bytes]));
}

/** What the engine did on a connection before its socket was wired. */
interface Early {
  frames: string[];
  closed?: { code: number; reason: string };
  stop(): void;
}

function collectEarly(conn: ClientConnection): Early {
  const early: Early = { frames: [], stop: () => undefined };
  const offMessage = conn.onMessage((text) => early.frames.push(text));
  const offClose = conn.onClose((info) => (early.closed = info));
  early.stop = () => {
    offMessage();
    offClose();
  };
  return early;
}

export interface WebSocketHost {
  /** node:http's `upgrade` listener. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Live sockets, for the admin page and shutdown. */
  readonly sockets: ReadonlySet<WebSocket>;
  close(): void;
}

export function createWebSocketHost(api: WebSocketApi, onError: (e: unknown) => void): WebSocketHost {
  const extraHeaders = new WeakMap<IncomingMessage, string[]>();
  const wss = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    maxPayload: WS_MAX_PAYLOAD,
    handleProtocols: (_offered, req) => (req as IncomingMessage & { negotiated?: string }).negotiated || false,
  });
  wss.on('headers', (headers, req) => headers.push(...(extraHeaders.get(req) ?? [])));
  const sockets = new Set<WebSocket>();

  function wire(conn: ClientConnection, ws: WebSocket, socket: Duplex, early: Early): void {
    sockets.add(ws);
    const scanner = new FrameScanner();
    socket.prependListener('data', (chunk: Buffer) => scanner.push(chunk));
    // Frames posted between the engine's 101 and the socket's go out first, in order.
    early.stop();
    for (const text of early.frames) ws.send(text);
    if (conn.readyState !== 'open') {
      const info = early.closed ?? { code: 1001, reason: 'Going away' };
      if (UNSENDABLE.has(info.code)) ws.terminate();
      else ws.close(info.code, info.reason);
      return;
    }
    const offMessage = conn.onMessage((text) => ws.send(text));
    conn.onClose((info) => {
      offMessage();
      if (info.byClient) return;
      if (UNSENDABLE.has(info.code)) ws.terminate();
      else ws.close(info.code, info.reason);
    });
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      const frames = scanner.next();
      const payload = isBinary ? new Uint8Array(data) : data.toString('utf8');
      conn.send(payload, frames && !isBinary ? { frames } : undefined).catch(onError);
    });
    ws.on('close', (code: number, reason: Buffer) => {
      sockets.delete(ws);
      if (conn.readyState === 'open') conn.close(code, reason.toString('utf8')).catch(onError);
    });
    ws.on('error', () => undefined);
  }

  async function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on('error', () => undefined);
    const key = req.headers['sec-websocket-key'];
    if (typeof key !== 'string' || !KEY.test(key) || req.headers['sec-websocket-version'] !== '13') {
      refuse(socket, 400, { 'Content-Type': 'text/plain' }, 'Bad Request: not a WebSocket version 13 upgrade');
      return;
    }
    const offered = req.headers['sec-websocket-protocol'];
    const result = await api.connect({
      key,
      path: req.url ?? '/',
      headers: headersAsSent(req),
      subprotocols: offered ? offered.split(',').map((s) => s.trim()) : [],
      sourceIp: req.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1',
      clientName: `${req.socket.remoteAddress?.replace(/^::ffff:/, '')}:${req.socket.remotePort}`,
    });
    if (!result.accepted) {
      refuse(socket, result.status, result.headers, result.body);
      return;
    }
    const conn = result.connection;
    const early = collectEarly(conn);
    // The client may have gone while $connect ran: the connection it asked for ends at once.
    if (socket.destroyed) {
      await conn.close(1006, '');
      return;
    }
    (req as IncomingMessage & { negotiated?: string }).negotiated = result.protocol;
    extraHeaders.set(
      req,
      Object.entries(result.headers)
        .filter(([k]) => !WS_OWN.has(k.toLowerCase()))
        .map(([k, v]) => `${k}: ${v}`),
    );
    wss.handleUpgrade(req, socket, head, (ws) => wire(conn, ws, socket, early));
  }

  return {
    upgrade: (req, socket, head) => {
      upgrade(req, socket, head).catch((e) => {
        onError(e);
        if (!socket.destroyed) refuse(socket, 503, {}, '');
      });
    },
    sockets,
    close() {
      for (const ws of sockets) ws.terminate();
      wss.close();
    },
  };
}
