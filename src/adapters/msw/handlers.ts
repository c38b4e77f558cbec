/**
 * MSW handlers that put the embedded gateway behind real execute-api URLs: a `ws.link` for
 * `wss://{apiId}.execute-api.{region}.amazonaws.com/{stage}` (WebSocket APIs, below) and an
 * `http.all` for `https://…execute-api…` (HTTP and REST APIs, ./http.ts). The list is what
 * `setupWorker` receives.
 */
import { ws, type AnyHandler, type WebSocketHandlerConnection } from 'msw';
import { parseExecuteApiUrl, type ClientConnection, type RegisteredApi, type WebSocketApi } from '../../gateway';
import type { ClientEvent } from './client-event';
import { createHttpHandler, type HttpApiRegistry, type HttpHandlerContext } from './http';
import { subprotocolProblem, type PendingHandshake } from './socket';
import { nextTask } from '../next-task';

/**
 * Where the adapter finds the API deployed at a URL: an `ApiRegistry` (src/gateway/core/registry.ts).
 * It may hold other API types later; only WebSocket APIs answer a `wss://` upgrade.
 */
export interface WebSocketApiRegistry {
  resolve(apiId: string, stage: string): RegisteredApi | undefined;
}

/**
 * What `startMockGateway` needs of an `ApiRegistry`: `resolve` for sockets and, for `https://`
 * requests to HTTP and REST APIs, `resolveHttpUrl` (without it every such request finds no API).
 */
export type GatewayRegistry = WebSocketApiRegistry & Partial<HttpApiRegistry>;

export interface GatewayHandlerContext {
  registry: GatewayRegistry;
  /** Filled by the page's WebSocket class (./socket.ts), keyed by MSW's socket. */
  handshakes: WeakMap<object, PendingHandshake>;
  emit(event: ClientEvent): void;
  clientName?(socket: WebSocket, url: string): string | undefined;
  /** The `https://` side (HTTP and REST APIs); without it only sockets are intercepted. */
  http?: Omit<HttpHandlerContext, 'registry'>;
}

/**
 * `wss://{anything}.execute-api.{anything}.amazonaws.com…`: every WebSocket URL on an execute-api
 * host stays in the playground in fake mode (deliberately wider than `parseExecuteApiUrl`, so a
 * malformed one fails as "no API deployed" instead of leaving for the real AWS).
 */
export const EXECUTE_API_WSS = /^wss:\/\/[^/?#]+\.execute-api\.[^/?#]+\.amazonaws\.com(?:\.cn)?(?::\d+)?(?:[/?]|$)/;

export function isExecuteApiWebSocketUrl(url: URL): boolean {
  return EXECUTE_API_WSS.test(url.href);
}

/** The handler list for `setupWorker`. */
export function createGatewayHandlers(context: GatewayHandlerContext): AnyHandler[] {
  const handlers = [createWebSocketHandler(context)];
  if (context.http) handlers.push(createHttpHandler({ ...context.http, registry: context.registry }));
  return handlers;
}

/** Where MSW 2 keeps its WebSocket clients for other tabs (its `WebSocketIndexedDBClientStore`). */
export const MSW_CLIENTS_DATABASE = 'msw-websocket-clients';

/**
 * `create()` with `indexedDB` hidden, so the `ws.link` it makes keeps its clients in memory.
 * MSW writes every WebSocket client to IndexedDB so that a link's `clients` and `broadcast`
 * reach other tabs, which the playground never uses; and per connection it writes a row, reads
 * every row back and wraps each it did not make. The rows outlive a reload (MSW deletes them
 * only on `worker.stop()`): each page load with 100 clients left 100 more for every later
 * connection to read. The database earlier builds filled is deleted.
 */
function withClientsInMemory<T>(create: () => T): T {
  // A window holds `indexedDB` itself (WebIDL [Global]); elsewhere it may be inherited.
  const own = Object.getOwnPropertyDescriptor(globalThis, 'indexedDB');
  if (typeof indexedDB === 'undefined' || (own && !own.configurable)) return create();
  indexedDB.deleteDatabase(MSW_CLIENTS_DATABASE);
  Object.defineProperty(globalThis, 'indexedDB', { value: undefined, configurable: true });
  try {
    return create();
  } finally {
    if (own) Object.defineProperty(globalThis, 'indexedDB', own);
    else delete (globalThis as { indexedDB?: unknown }).indexedDB;
  }
}

function createWebSocketHandler(context: GatewayHandlerContext): AnyHandler {
  const link = withClientsInMemory(() => ws.link(EXECUTE_API_WSS));
  return link.addEventListener('connection', ({ client }) => {
    // MSW does not await connection listeners, so nothing may escape as a rejection.
    void serve(client, context);
  });
}

type MswClient = WebSocketHandlerConnection['client'];

async function serve(client: MswClient, context: GatewayHandlerContext): Promise<void> {
  // `client.socket` is the intercepted WebSocket instance (public on @mswjs/interceptors'
  // WebSocketClientConnection; MSW itself uses it to report errors). The page's WebSocket class
  // registered its handshake under that instance before MSW emitted this connection.
  const socket: unknown = Reflect.get(client, 'socket');
  const handshake = typeof socket === 'object' && socket !== null ? context.handshakes.get(socket) : undefined;
  if (!handshake) {
    // Built from MSW's class captured before ours was installed: it cannot be held in
    // CONNECTING until $connect answers, so it is refused rather than served wrongly.
    client.close(1011, 'Not opened through the playground WebSocket');
    return;
  }
  try {
    await connect(client, handshake, context);
  } catch (error) {
    handshake.reject('internal', `the fake gateway failed: ${describe(error)}`);
  }
}

async function connect(client: MswClient, handshake: PendingHandshake, context: GatewayHandlerContext): Promise<void> {
  const url = new URL(handshake.url);
  const target = parseExecuteApiUrl(handshake.url);
  const found = target && context.registry.resolve(target.apiId, target.stage);
  const api = found && isWebSocketApi(found) ? found : undefined;
  if (!api) {
    // A real browser gets a failed handshake here (unknown host or stage); the page sees 1006.
    handshake.reject('no-api', `no API deployed at this URL (${url.origin}${url.pathname})`);
    return;
  }
  await handshake.transportReady;
  // Each connection goes to the engine in a task of its own: a page that opens 200 sockets in one
  // loop has MSW hand all 200 over in that loop's task, and running $connect's start for all of
  // them there too made one task of 250 ms (a real network stack delivers them over time).
  await nextTask();
  // The upgrade stays pending while the authorizer and $connect run (DG
  // apigateway-websocket-api-route-keys-connect-disconnect); the page stays CONNECTING meanwhile.
  const result = await api.connect({
    query: url.search.slice(1),
    headers: { Origin: location.origin },
    subprotocols: [...handshake.protocols],
    clientName: context.clientName?.(handshake.socket, handshake.url),
    userAgent: navigator.userAgent,
  });
  if (!result.accepted) {
    // The status stays invisible to the page (1006), so it is reported for the UI log.
    handshake.reject('status', `HTTP ${result.status}: ${result.reason}`, result.status);
    return;
  }
  const connection = result.connection;
  if (!handshake.accept(result.protocol, connection.connectionId)) {
    // The gateway sent its 101 but the browser dropped the connection (the page gave up, or the
    // subprotocol does not fit its offer): for the gateway the client went away, $disconnect runs.
    // The trace says why, since the gateway alone cannot see it.
    const problem = subprotocolProblem(handshake.protocols, result.protocol);
    api.trace.append({
      kind: 'ws.client-fail',
      from: `client:${connection.clientName}`,
      to: 'gateway',
      connectionId: connection.connectionId,
      reason: problem ?? 'the page closed the socket during the handshake',
      code: 1006,
      summary: `${connection.clientName}'s browser failed the handshake`,
    });
    await connection.close(1006, '');
    return;
  }
  relay(client, connection, handshake, context);
}

/** Frames both ways between MSW's client and the engine's connection, and the close, once. */
function relay(
  client: MswClient,
  connection: ClientConnection,
  handshake: PendingHandshake,
  context: GatewayHandlerContext,
): void {
  let closedByGateway = false;
  const fail = (error: unknown) => report(context, handshake, error);

  connection.onMessage((text) => client.send(text));
  connection.onClose((info) => {
    if (info.byClient) return;
    closedByGateway = true;
    // After a microtask: MSW delivers `client.send` frames on the next microtask and drops them
    // once the socket is closing, and AWS delivers frames sent before the close.
    queueMicrotask(() => client.close(info.code, info.reason));
  });

  // Frames go to the engine in the order the page sent them; Blob payloads need an await.
  let inbound: Promise<unknown> = Promise.resolve();
  client.addEventListener('message', (event) => {
    const data: unknown = event.data;
    inbound = inbound
      .then(() => toPayload(data))
      .then((payload) => {
        // Not awaited: API Gateway handles messages concurrently, a slow route must not hold the next.
        connection.send(payload).catch(fail);
      })
      .catch(fail);
  });
  client.addEventListener('close', (event) => {
    if (closedByGateway || connection.readyState === 'closed') return;
    const close = handshake.clientClose ?? { code: event.code, reason: event.reason };
    inbound = inbound.then(() => connection.close(close.code, close.reason)).catch(fail);
  });
}

async function toPayload(data: unknown): Promise<string | Uint8Array> {
  if (typeof data === 'string') return data;
  if (data instanceof Blob) return new Uint8Array(await data.arrayBuffer());
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice();
  return new Uint8Array(data as ArrayBuffer);
}

function isWebSocketApi(api: RegisteredApi): api is WebSocketApi {
  return typeof (api as Partial<WebSocketApi>).connect === 'function';
}

function report(context: GatewayHandlerContext, handshake: PendingHandshake, error: unknown): void {
  context.emit({
    type: 'internal-error',
    message: describe(error),
    socketId: handshake.socketId,
    socket: handshake.socket,
    url: handshake.url,
    mode: 'fake',
  });
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
