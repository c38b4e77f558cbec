/**
 * The page's real `new WebSocket('wss://{apiId}.execute-api.{region}.amazonaws.com/{stage}')`,
 * served by the embedded gateway (fake mode) or sent to a real endpoint (real mode).
 *
 * ```ts
 * const gateway = await startMockGateway({
 *   registry,                                  // ApiRegistry with the deployed WebSocketApi
 *   mode: () => settings.mode,                 // read per connection
 *   realUrl: (fakeUrl) => settings.realEndpoint || fakeUrl,
 *   onClientEvent: (e) => log.push(e),         // "Handshake rejected: HTTP 401", frames, closes
 * });
 * const socket = new WebSocket(api.url);       // CONNECTING until $connect has answered
 * ```
 *
 * Handshake semantics follow API Gateway as a browser sees it (aws-api-gateway.md §1.3): the
 * socket stays CONNECTING until the authorizer and `$connect` finish; a refusal reaches the page
 * as `error` then `close 1006` (the status goes to `onClientEvent`); the negotiated subprotocol is
 * the one `$connect` returned. See ./socket.ts for how, and ./handlers.ts for the MSW side.
 */
import { setupWorker } from 'msw/browser';
import type { ClientEvent, GatewayMode } from './client-event';
import { createGatewayHandlers, isExecuteApiWebSocketUrl, type WebSocketApiRegistry } from './handlers';
import { createWebSocketClass, type PendingHandshake } from './socket';

export type { ClientEvent, ClientEventListener, GatewayMode, RejectCause } from './client-event';
export type { WebSocketApiRegistry } from './handlers';

export interface MockGatewayOptions {
  /** The deployed APIs, looked up by apiId and stage for every new connection. */
  registry: WebSocketApiRegistry;
  /** `fake` (the embedded gateway) or `real` (the network); read when each socket is created. */
  mode(): GatewayMode;
  /** Real mode: where a socket opened on `fakeUrl` really goes. Default: `fakeUrl` itself. */
  realUrl?(fakeUrl: string): string;
  /** Everything the page's execute-api sockets see, in both modes (see ClientEvent). */
  onClientEvent?(event: ClientEvent): void;
  /** Fake mode: the diagram lane for a new socket (`client:<name>`); the engine names it otherwise. */
  clientName?(socket: WebSocket, url: string): string | undefined;
  /** MSW's worker script. Default `${import.meta.env.BASE_URL}mockServiceWorker.js` (the msw/vite plugin serves it). */
  serviceWorkerUrl?: string;
}

export interface MockGateway {
  /**
   * Stops intercepting: the page's `WebSocket` is the browser's again and MSW's worker stops.
   * Sockets already open keep working until they close.
   */
  stop(): Promise<void>;
}

/** Set on the installed class, so a second gateway cannot stack on the first. */
const INSTALLED = Symbol.for('api-gateway-playground.mock-gateway');

export async function startMockGateway(options: MockGatewayOptions): Promise<MockGateway> {
  if (Reflect.get(globalThis.WebSocket, INSTALLED)) {
    throw new Error('The mock gateway is already running on this page: stop() it before starting another.');
  }
  const Native = globalThis.WebSocket;
  const handshakes = new WeakMap<object, PendingHandshake>();
  const emit = (event: ClientEvent) => {
    try {
      options.onClientEvent?.(event);
    } catch (error) {
      // The app's listener failing must not break the learner's socket.
      console.error('onClientEvent listener failed', error);
    }
  };

  const worker = setupWorker(
    ...createGatewayHandlers({ registry: options.registry, handshakes, emit, clientName: options.clientName }),
  );
  const workerUrl = options.serviceWorkerUrl ?? `${import.meta.env.BASE_URL}mockServiceWorker.js`;
  try {
    // Without service worker support (plain-http origins other than localhost) MSW starts in
    // fallback mode; WebSocket interception patches the page's global and needs no worker.
    await worker.start({ serviceWorker: { url: workerUrl }, onUnhandledFrame: 'bypass', quiet: true });
  } catch (cause) {
    // MSW patched the page's WebSocket before the worker failed. stop() restores it synchronously;
    // its promise waits for a reply from the worker that never came, so it is not awaited.
    try {
      Promise.resolve(worker.stop()).catch(() => {});
    } catch {
      // already disabled: nothing was patched
    }
    throw new Error(
      `The fake gateway could not start: MSW's service worker script ${new URL(workerUrl, document.baseURI).href} ` +
        'did not load. The msw/vite plugin serves it in dev and emits it into dist/; deploy it next to index.html ' +
        `with a JavaScript content type. (${cause instanceof Error ? cause.message : String(cause)})`,
      { cause },
    );
  }

  const Intercepted = globalThis.WebSocket;
  const Playground = createWebSocketClass({
    Native,
    Intercepted,
    isGatewayUrl: isExecuteApiWebSocketUrl,
    mode: () => options.mode(),
    realUrl: options.realUrl,
    emit,
    handshakes,
  });
  Object.defineProperty(Playground, INSTALLED, { value: true });
  const descriptor = Object.getOwnPropertyDescriptor(globalThis, 'WebSocket') ?? { configurable: true, writable: true };
  Object.defineProperty(globalThis, 'WebSocket', { ...descriptor, value: Playground });

  let stopped: Promise<void> | undefined;
  return {
    stop() {
      return (stopped ??= (async () => {
        if (globalThis.WebSocket === Playground) Object.defineProperty(globalThis, 'WebSocket', { ...descriptor, value: Intercepted });
        // MSW restores the browser's WebSocket it patched.
        await worker.stop();
      })());
    },
  };
}
