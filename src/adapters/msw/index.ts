/**
 * The page's real `new WebSocket('wss://{apiId}.execute-api.{region}.amazonaws.com/{stage}')` and
 * `fetch('https://{apiId}.execute-api.{region}.amazonaws.com/…')` (and XHR), served by the
 * embedded gateway (fake mode) or sent to a real endpoint (real mode).
 *
 * ```ts
 * const gateway = await startMockGateway({
 *   registry,                                  // ApiRegistry with the deployed APIs (any type)
 *   mode: () => settings.mode,                 // read per connection and per request
 *   realUrl: (fakeUrl) => settings.realEndpoint || fakeUrl,
 *   onClientEvent: (e) => log.push(e),         // sockets: "Handshake rejected: HTTP 401", frames, closes
 *   onHttpEvent: (e) => log.push(e),           // fetches: request, response, or why the fetch failed
 * });
 * const socket = new WebSocket(wsApi.url);     // CONNECTING until $connect has answered
 * const res = await fetch(`${httpApi.url}/pets/1`, { headers: { 'x-playground-client': 'Alice' } });
 * gateway.httpInterception;                    // 'service-worker' or 'fallback'
 * ```
 *
 * Handshake semantics follow API Gateway as a browser sees it (docs/aws-behaviour.md §1.3): the
 * socket stays CONNECTING until the authorizer and `$connect` finish; a refusal reaches the page
 * as `error` then `close 1006` (the status goes to `onClientEvent`); the negotiated subprotocol is
 * the one `$connect` returned. See ./socket.ts for how, and ./handlers.ts for the MSW side.
 * HTTP semantics (CORS as a cross-origin page sees it, cookies, real mode): ./http.ts.
 *
 * Both of MSW's transports work: with a service worker (secure origins), and in fallback mode
 * (no `navigator.serviceWorker`, e.g. plain-http origins other than localhost) where MSW
 * patches the page's `fetch`/XHR. Handlers run in the page either way. Only the page's own
 * requests are intercepted in fallback mode (a worker's `fetch` is not: MSW patches only the page's globals).
 */
import { setupWorker } from 'msw/browser';
import type { ClientEvent, GatewayMode } from './client-event';
import { createGatewayHandlers, isExecuteApiWebSocketUrl, type GatewayRegistry } from './handlers';
import type { HttpObservation } from './http';
import { createWebSocketClass, type PendingHandshake } from './socket';

export type { ClientEvent, GatewayMode } from './client-event';
export type { GatewayRegistry } from './handlers';
export type { HttpObservation } from './http';

export interface MockGatewayOptions {
  /**
   * The deployed APIs (an `ApiRegistry`), looked up for every new connection (`resolve`) and
   * every https request (`resolveHttpUrl`).
   */
  registry: GatewayRegistry;
  /** `fake` (the embedded gateway) or `real` (the network); read when each socket or request is created. */
  mode(): GatewayMode;
  /** Real mode: where a socket or request to `fakeUrl` really goes. Default: `fakeUrl` itself. */
  realUrl?(fakeUrl: string): string;
  /** Everything the page's execute-api sockets see, in both modes (see ClientEvent). */
  onClientEvent?(event: ClientEvent): void;
  /**
   * Every execute-api https request of the page, in both modes: what was sent, what the page
   * got, or why its fetch failed (an unknown apiId, a CORS refusal with the status the browser
   * hid, a network error in real mode). See HttpObservation.
   */
  onHttpEvent?(event: HttpObservation): void;
  /** Fake mode: the diagram lane for a new socket (`client:<name>`); the engine names it otherwise. */
  clientName?(socket: WebSocket, url: string): string | undefined;
  /** MSW's worker script. Default `${import.meta.env.BASE_URL}mockServiceWorker.js` (the msw/vite plugin serves it). */
  serviceWorkerUrl?: string;
}

export interface MockGateway {
  /**
   * How MSW intercepts the page's `fetch`/XHR: its service worker, or `fallback` (no service
   * worker available; MSW patches the page's globals, so a worker's requests pass untouched).
   */
  readonly httpInterception: 'service-worker' | 'fallback';
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
  const emitHttp = (event: HttpObservation) => {
    try {
      options.onHttpEvent?.(event);
    } catch (error) {
      // Nor the learner's request.
      console.error('onHttpEvent listener failed', error);
    }
  };

  const worker = setupWorker(
    ...createGatewayHandlers({
      registry: options.registry,
      handshakes,
      emit,
      clientName: options.clientName,
      http: { mode: () => options.mode(), realUrl: options.realUrl, emit: emitHttp },
    }),
  );
  const workerUrl = options.serviceWorkerUrl ?? `${import.meta.env.BASE_URL}mockServiceWorker.js`;
  let httpInterception: MockGateway['httpInterception'];
  try {
    // Without service worker support (plain-http origins other than localhost) MSW starts in
    // fallback mode (it resolves without a registration); WebSocket interception patches the
    // page's global and needs no worker.
    const registration = await worker.start({
      serviceWorker: { url: workerUrl },
      onUnhandledFrame: 'bypass',
      quiet: true,
    });
    httpInterception = registration ? 'service-worker' : 'fallback';
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
    httpInterception,
    stop() {
      return (stopped ??= (async () => {
        if (globalThis.WebSocket === Playground)
          Object.defineProperty(globalThis, 'WebSocket', { ...descriptor, value: Intercepted });
        // MSW restores the browser's WebSocket it patched.
        await worker.stop();
      })());
    },
  };
}
