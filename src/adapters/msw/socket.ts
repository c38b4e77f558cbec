/**
 * The page's `WebSocket` while the mock gateway runs: a thin class in front of MSW's patched one.
 *
 * Why it exists: MSW opens an intercepted socket on the next microtask whatever the handler does,
 * and reports the first offered subprotocol (msw-behaviour.browser.test.ts). API Gateway keeps
 * the upgrade pending until `$connect` finishes, answers the subprotocol `$connect` returned, and
 * a refused upgrade reaches a browser as `error` then `close 1006`, never `open`
 * (docs/aws-behaviour.md §1.3; Chromium's behaviour is pinned in chromium-reference.browser.test.ts).
 * So this class owns what the page sees of the handshake (readyState, `open`, `protocol`, the
 * failure), and leaves MSW what it does well: interception, the `ws.link` handler, and moving
 * frames with `client.send`/`client.close`.
 *
 * Three routes, decided per socket at construction:
 * - not an execute-api URL: the browser's own WebSocket, returned untouched;
 * - execute-api URL in fake mode: an MSW-intercepted socket served by the ws.link handler,
 *   which settles the handshake through the `PendingHandshake` registered for it;
 * - execute-api URL in real mode: the browser's own WebSocket to `realUrl(url)`, mirrored so the
 *   client's view can be recorded. Not MSW's `server.connect()`: its passthrough socket opens
 *   before the real server answers, so a refused real upgrade would show `open`
 *   (msw-behaviour.browser.test.ts); the native socket reports the real handshake exactly.
 */
import type { ClientEvent, GatewayMode, RejectCause } from './client-event';

/** The wrapper's side of a pending fake handshake, for the ws.link handler. */
export interface PendingHandshake {
  readonly socketId: number;
  /** The socket the page holds. */
  readonly socket: WebSocket;
  readonly url: string;
  readonly protocols: readonly string[];
  /**
   * Settles once MSW's side of the socket has opened (or closed). MSW opens it a few microtasks
   * after the connection event and throws on sends before that, so the handler waits for it
   * before the page can open.
   */
  readonly transportReady: Promise<void>;
  /** The close the page asked for (code 1005 when it gave none), once it has. */
  readonly clientClose: { code: number; reason: string } | undefined;
  /**
   * The gateway answered 101 with `protocol`. Returns false when the page does not open: it gave
   * up meanwhile, or the subprotocol does not fit its offer (the browser fails the handshake).
   */
  accept(protocol: string, connectionId: string): boolean;
  /** The upgrade failed: the page sees `error` then `close 1006`. */
  reject(cause: RejectCause, reason: string, status?: number): void;
}

export interface WebSocketClassOptions {
  /** The browser's WebSocket, captured before MSW patched the global. */
  Native: typeof WebSocket;
  /** MSW's patched WebSocket. */
  Intercepted: typeof WebSocket;
  /** Whether the adapter serves this URL (execute-api hosts); others go to `Native` untouched. */
  isGatewayUrl(url: URL): boolean;
  mode(): GatewayMode;
  realUrl?(fakeUrl: string): string;
  emit(event: ClientEvent): void;
  /** Filled with every intercepted socket's handshake, keyed by MSW's socket (`client.socket`). */
  handshakes: WeakMap<object, PendingHandshake>;
}

const CONNECTING = 0;
const OPEN = 1;
const CLOSING = 2;
const CLOSED = 3;

type WebSocketData = Parameters<globalThis.WebSocket['send']>[0];
type Handler = ((this: WebSocket, ev: Event) => unknown) | null;
type Initiator = 'client' | 'server' | 'handshake';

/** Builds the class installed as `globalThis.WebSocket`; one per running gateway (no module state). */
export function createWebSocketClass(options: WebSocketClassOptions): typeof WebSocket {
  const { Native } = options;
  let lastSocketId = 0;

  class WebSocket extends EventTarget {
    static readonly CONNECTING = CONNECTING;
    static readonly OPEN = OPEN;
    static readonly CLOSING = CLOSING;
    static readonly CLOSED = CLOSED;
    declare readonly CONNECTING: 0;
    declare readonly OPEN: 1;
    declare readonly CLOSING: 2;
    declare readonly CLOSED: 3;

    /** Learner code may test `ws instanceof WebSocket` on a socket that went to the browser directly. */
    static [Symbol.hasInstance](value: unknown): boolean {
      return value instanceof Native || Object.prototype.isPrototypeOf.call(WebSocket.prototype, value as object);
    }

    readonly #url!: string;
    readonly #mode!: GatewayMode;
    readonly #socketId!: number;
    readonly #inner!: globalThis.WebSocket;
    #state = CONNECTING;
    #protocol = '';
    #extensions = '';
    #binaryType: BinaryType = 'blob';
    /** Bytes passed to send() after closing began: counted, never sent (WHATWG WebSockets `send`). */
    #discarded = 0;
    #clientClose: { code: number; reason: string } | undefined;
    #clientClosedReal = false;
    readonly #handlers = new Map<string, Handler>();

    constructor(url: string | URL, protocols?: string | string[]) {
      super();
      const resolved = resolveUrl(url);
      if (!options.isGatewayUrl(resolved)) {
        // Not the playground's business: the browser's socket, exactly as if we were not here.
        return new Native(url, protocols) as unknown as WebSocket;
      }
      const offered = normalizeProtocols(protocols);
      this.#url = resolved.href;
      this.#mode = options.mode();
      const target = this.#mode === 'real' ? (options.realUrl?.(this.#url) ?? this.#url) : this.#url;
      if (this.#mode === 'real') {
        this.#inner = new Native(target, offered);
        this.#socketId = ++lastSocketId;
        this.#emit({ type: 'connecting', target, protocols: offered });
        this.#mirrorReal(this.#inner);
      } else {
        this.#inner = new options.Intercepted(this.#url, offered);
        this.#socketId = ++lastSocketId;
        // Registered before MSW emits the connection (next microtask), so the handler finds it.
        options.handshakes.set(this.#inner, this.#handshake(offered));
        this.#emit({ type: 'connecting', target, protocols: offered });
        this.#listenFake(this.#inner);
      }
    }

    get url(): string {
      return this.#url;
    }
    get readyState(): number {
      return this.#mode === 'real' ? this.#inner.readyState : this.#state;
    }
    get protocol(): string {
      return this.#mode === 'real' ? this.#inner.protocol : this.#protocol;
    }
    get extensions(): string {
      return this.#mode === 'real' ? this.#inner.extensions : this.#extensions;
    }
    get bufferedAmount(): number {
      return this.#inner.bufferedAmount + this.#discarded;
    }
    get binaryType(): BinaryType {
      return this.#binaryType;
    }
    set binaryType(value: BinaryType) {
      // An enum attribute ignores values outside the enum (WebIDL), as the native one does.
      if (value !== 'blob' && value !== 'arraybuffer') return;
      this.#binaryType = value;
      this.#inner.binaryType = value;
    }

    get onopen(): Handler {
      return this.#handlers.get('open') ?? null;
    }
    set onopen(fn: Handler) {
      this.#setHandler('open', fn);
    }
    get onmessage(): Handler {
      return this.#handlers.get('message') ?? null;
    }
    set onmessage(fn: Handler) {
      this.#setHandler('message', fn);
    }
    get onerror(): Handler {
      return this.#handlers.get('error') ?? null;
    }
    set onerror(fn: Handler) {
      this.#setHandler('error', fn);
    }
    get onclose(): Handler {
      return this.#handlers.get('close') ?? null;
    }
    set onclose(fn: Handler) {
      this.#setHandler('close', fn);
    }

    send(data: WebSocketData): void {
      if (this.readyState === CONNECTING) {
        throw new DOMException(
          "Failed to execute 'send' on 'WebSocket': Still in CONNECTING state.",
          'InvalidStateError',
        );
      }
      if (this.readyState !== OPEN) {
        if (this.#mode === 'real') this.#inner.send(data);
        else this.#discarded += byteSize(data);
        return;
      }
      this.#emit({
        type: 'message',
        direction: 'sent',
        data: typeof data === 'string' ? data : '',
        binary: typeof data !== 'string',
        size: byteSize(data),
      });
      this.#inner.send(data);
    }

    close(code?: number, reason?: string): void {
      validateClose(code, reason);
      if (this.#mode === 'real') {
        if (this.#inner.readyState < CLOSING) this.#clientClosedReal = true;
        this.#inner.close(code, reason);
        return;
      }
      if (this.#state === CLOSING || this.#state === CLOSED) return;
      if (this.#state === CONNECTING) {
        // Chromium fails a connection closed during its handshake: CLOSING now, then error + 1006.
        this.#state = CLOSING;
        queueMicrotask(() => this.#fail('aborted', 'the client closed the socket before the handshake finished'));
        return;
      }
      // A close frame without a status is reported as 1005 (RFC 6455 §7.1.5); MSW needs a code.
      this.#clientClose = { code: code ?? 1005, reason: reason ?? '' };
      this.#state = CLOSING;
      this.#inner.close(code ?? 1000, reason);
    }

    #setHandler(type: string, fn: Handler): void {
      const previous = this.#handlers.get(type);
      if (previous) this.removeEventListener(type, previous as EventListener);
      const next = typeof fn === 'function' ? fn : null;
      this.#handlers.set(type, next);
      if (next) this.addEventListener(type, next as EventListener);
    }

    #emit(event: DistributiveOmit<ClientEvent, 'socketId' | 'socket' | 'url' | 'mode'>): void {
      options.emit({
        ...event,
        socketId: this.#socketId,
        socket: this as unknown as globalThis.WebSocket,
        url: this.#url,
        mode: this.#mode,
      } as ClientEvent);
    }

    #handshake(offered: string[]): PendingHandshake {
      const clientClose = () => this.#clientClose;
      const inner = this.#inner;
      const transportReady = new Promise<void>((resolve) => {
        inner.addEventListener('open', () => resolve(), { once: true });
        inner.addEventListener('close', () => resolve(), { once: true });
      });
      return {
        transportReady,
        socketId: this.#socketId,
        socket: this as unknown as globalThis.WebSocket,
        url: this.#url,
        protocols: offered,
        get clientClose() {
          return clientClose();
        },
        accept: (protocol, connectionId) => this.#accept(offered, protocol, connectionId),
        reject: (cause, reason, status) => this.#fail(cause, reason, status),
      };
    }

    #accept(offered: string[], protocol: string, connectionId: string): boolean {
      if (this.#state !== CONNECTING) return false;
      const problem = subprotocolProblem(offered, protocol);
      if (problem) {
        this.#fail('subprotocol', problem);
        return false;
      }
      this.#state = OPEN;
      this.#protocol = protocol;
      this.#emit({ type: 'open', protocol, extensions: this.#extensions, connectionId });
      this.dispatchEvent(new Event('open'));
      return true;
    }

    /** A failed upgrade as Chromium reports it: readyState CLOSED, `error`, then `close 1006`. */
    #fail(cause: RejectCause, reason: string, status?: number): void {
      if (this.#state === CLOSED || this.#state === OPEN) return;
      this.#state = CLOSED;
      this.#emit(
        status === undefined ? { type: 'rejected', cause, reason } : { type: 'rejected', cause, reason, status },
      );
      this.dispatchEvent(new Event('error'));
      this.#dispatchClose(1006, '', false, 'handshake');
      // Release MSW's side; its close event is ignored from here on (state is CLOSED).
      if (this.#inner.readyState < CLOSING) this.#inner.close();
    }

    #listenFake(inner: globalThis.WebSocket): void {
      const origin = new URL(this.#url).origin;
      // MSW's own `open` (next microtask) is deliberately not forwarded: the handshake decides.
      inner.addEventListener('message', (e: MessageEvent) => {
        if (this.#state !== OPEN && this.#state !== CLOSING) return;
        const data = this.#asBinaryType(e.data);
        this.#emit({
          type: 'message',
          direction: 'received',
          data: typeof data === 'string' ? data : '',
          binary: typeof data !== 'string',
          size: byteSize(data),
        });
        this.dispatchEvent(new MessageEvent('message', { data, origin }));
      });
      inner.addEventListener('close', (e: CloseEvent) => {
        if (this.#state === CLOSED) return;
        if (this.#state === CONNECTING) {
          // Only an MSW-internal failure closes the socket before the handshake settles.
          this.#fail('internal', `the intercepted connection closed during the handshake (${e.code} ${e.reason})`);
          return;
        }
        const byClient = this.#clientClose;
        this.#state = CLOSED;
        this.#dispatchClose(
          byClient?.code ?? e.code,
          byClient?.reason ?? e.reason,
          (byClient?.code ?? e.code) !== 1006,
          byClient ? 'client' : 'server',
        );
      });
    }

    #mirrorReal(inner: globalThis.WebSocket): void {
      inner.binaryType = this.#binaryType;
      let opened = false;
      inner.addEventListener('open', () => {
        opened = true;
        this.#emit({ type: 'open', protocol: inner.protocol, extensions: inner.extensions });
        this.dispatchEvent(new Event('open'));
      });
      inner.addEventListener('message', (e: MessageEvent) => {
        this.#emit({
          type: 'message',
          direction: 'received',
          data: typeof e.data === 'string' ? e.data : '',
          binary: typeof e.data !== 'string',
          size: byteSize(e.data),
        });
        this.dispatchEvent(new MessageEvent('message', { data: e.data, origin: e.origin }));
      });
      inner.addEventListener('error', () => {
        if (!opened) {
          this.#emit(
            this.#clientClosedReal
              ? {
                  type: 'rejected',
                  cause: 'aborted',
                  reason: 'the client closed the socket before the handshake finished',
                }
              : {
                  type: 'rejected',
                  cause: 'network',
                  reason: 'the handshake failed (the browser does not expose why)',
                },
          );
        }
        this.dispatchEvent(new Event('error'));
      });
      inner.addEventListener('close', (e: CloseEvent) => {
        this.#dispatchClose(
          e.code,
          e.reason,
          e.wasClean,
          !opened ? 'handshake' : this.#clientClosedReal ? 'client' : 'server',
        );
      });
    }

    #dispatchClose(code: number, reason: string, wasClean: boolean, initiator: Initiator): void {
      this.#emit({ type: 'close', code, reason, wasClean, initiator });
      this.dispatchEvent(new CloseEvent('close', { code, reason, wasClean }));
    }

    /** Frames reach the page as `binaryType` asks (the gateway itself sends text). */
    #asBinaryType(data: unknown): string | Blob | ArrayBuffer {
      if (typeof data === 'string' || data instanceof Blob) return data;
      const bytes = ArrayBuffer.isView(data)
        ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice().buffer
        : (data as ArrayBuffer);
      return this.#binaryType === 'blob' ? new Blob([bytes]) : bytes;
    }
  }

  for (const [name, value] of Object.entries({ CONNECTING, OPEN, CLOSING, CLOSED })) {
    Object.defineProperty(WebSocket.prototype, name, { value, enumerable: true });
  }
  Object.defineProperty(WebSocket.prototype, Symbol.toStringTag, { value: 'WebSocket', configurable: true });
  return WebSocket as unknown as typeof globalThis.WebSocket;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** The URL steps of `new WebSocket(url)` (WHATWG WebSockets): resolve, map http(s), no fragment. */
function resolveUrl(url: string | URL): URL {
  let parsed: URL;
  try {
    parsed = new URL(String(url), document.baseURI);
  } catch {
    throw new DOMException(`Failed to construct 'WebSocket': The URL '${String(url)}' is invalid.`, 'SyntaxError');
  }
  if (parsed.protocol === 'http:') parsed.protocol = 'ws:';
  else if (parsed.protocol === 'https:') parsed.protocol = 'wss:';
  if (parsed.protocol !== 'ws:' && parsed.protocol !== 'wss:') {
    throw new DOMException(
      `Failed to construct 'WebSocket': The URL's scheme must be either 'http', 'https', 'ws', or 'wss'. '${parsed.protocol.slice(0, -1)}' is not allowed.`,
      'SyntaxError',
    );
  }
  if (parsed.hash || String(url).includes('#')) {
    throw new DOMException(
      `Failed to construct 'WebSocket': The URL contains a fragment identifier ('${parsed.hash}'). Fragment identifiers are not allowed in WebSocket URLs.`,
      'SyntaxError',
    );
  }
  return parsed;
}

/** Subprotocols must be distinct HTTP tokens (RFC 6455 §4.1), or the constructor throws. */
function normalizeProtocols(protocols: string | string[] | undefined): string[] {
  if (protocols === undefined) return [];
  const list = typeof protocols === 'string' ? [protocols] : Array.from(protocols, String);
  const seen = new Set<string>();
  for (const p of list) {
    if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(p)) {
      throw new DOMException(`Failed to construct 'WebSocket': The subprotocol '${p}' is invalid.`, 'SyntaxError');
    }
    if (seen.has(p)) {
      throw new DOMException(`Failed to construct 'WebSocket': The subprotocol '${p}' is duplicated.`, 'SyntaxError');
    }
    seen.add(p);
  }
  return list;
}

/**
 * Why Chromium would fail a 101 answering `chosen` to `offered`, or undefined when it opens
 * (RFC 6455 §4.1 step 6; each case measured in chromium-reference.browser.test.ts).
 */
export function subprotocolProblem(offered: readonly string[], chosen: string): string | undefined {
  if (offered.length > 0 && chosen === '') {
    return `the client offered ${offered.join(', ')} but $connect returned no Sec-WebSocket-Protocol header, so the browser failed the handshake`;
  }
  if (offered.length === 0 && chosen !== '') {
    return `$connect returned Sec-WebSocket-Protocol: ${chosen} but the client offered none, so the browser failed the handshake`;
  }
  if (chosen !== '' && !offered.includes(chosen)) {
    return `$connect returned Sec-WebSocket-Protocol: ${chosen}, which the client did not offer (${offered.join(', ')}), so the browser failed the handshake`;
  }
  return undefined;
}

/** `close()` argument checks, with Chromium's messages (WHATWG WebSockets `close`). */
function validateClose(code: number | undefined, reason: string | undefined): void {
  if (code !== undefined && code !== 1000 && (code < 3000 || code > 4999)) {
    throw new DOMException(
      `Failed to execute 'close' on 'WebSocket': The close code must be either 1000, or between 3000 and 4999. ${code} is neither.`,
      'InvalidAccessError',
    );
  }
  if (reason !== undefined && new TextEncoder().encode(reason).length > 123) {
    throw new DOMException(
      "Failed to execute 'close' on 'WebSocket': The close reason must not be greater than 123 UTF-8 bytes.",
      'SyntaxError',
    );
  }
}

function byteSize(data: unknown): number {
  if (typeof data === 'string') return new TextEncoder().encode(data).length;
  if (data instanceof Blob) return data.size;
  if (ArrayBuffer.isView(data)) return data.byteLength;
  return (data as ArrayBuffer).byteLength;
}
