/**
 * The contract of one WebSocket API instance: what the MSW adapter, the UI state and Node
 * tests drive. Implemented by `createWebSocketApi` (./engine.ts).
 *
 * One instance = one deployed API stage, with its own Clock, ids and trace. Nothing is
 * shared between instances.
 */
import type { Clock } from '../core/clock';
import type { TraceLog } from '../core/trace';
import type { Invoker } from '../core/invoker';
import type { WebSocketApiDefinition } from './definition';

export interface CreateWebSocketApiOptions {
  definition: WebSocketApiDefinition;
  invoker: Invoker;
  /** Defaults to a ManualClock. */
  clock?: Clock;
  /** Seeds the id generator (connection, request and message ids). Default 1. */
  seed?: string | number;
  /** Account id in ARNs and events. Default `123456789012`. */
  accountId?: string;
  /**
   * Keep only about the last N trace events (older ones are discarded in batches; listeners
   * still see all). Default: keep everything. Bulk runs and long live sessions should set it:
   * every routed message adds about 7 events.
   */
  traceLimit?: number;
  /**
   * The endpoint's host as clients and handlers see it (`requestContext.domainName`, the `Host`
   * header, `url` and `managementEndpoint`). Default `{apiId}.execute-api.{region}.amazonaws.com`.
   * A local server passes its own `host:port`, so handler code that builds its `@connections`
   * endpoint from `requestContext.domainName` (as AWS's samples do) calls that server.
   */
  domainName?: string;
}

/** What a client offers when it opens `wss://{apiId}.execute-api.{region}.amazonaws.com/{stage}?{query}`. */
export interface ConnectRequest {
  /** Raw query string without `?` (e.g. `token=abc&room=1`), or a record. */
  query?: string | Record<string, string | string[]>;
  /** Extra request headers (e.g. `Authorization`); the engine adds the ones a browser sends. */
  headers?: Record<string, string>;
  /** `Sec-WebSocket-Protocol` values offered by the client (`new WebSocket(url, protocols)`). */
  subprotocols?: string[];
  /** A display name for the diagram lane, e.g. `Alice` (participant `client:Alice`). */
  clientName?: string;
  sourceIp?: string;
  userAgent?: string;
  /**
   * The client's own `Sec-WebSocket-Key`, from a real socket's upgrade request: the 101's
   * `Sec-WebSocket-Accept` answers it (RFC 6455 §4.2.2), so the handshake is right on the wire.
   * With a key, `headers` are taken as the complete set the client sent: the engine adds only
   * the gateway's own (`Host`, `X-Amzn-Trace-Id`, `X-Forwarded-*`), not a browser's defaults.
   * Without one the engine draws a key and fills in what a browser sends.
   */
  key?: string;
  /**
   * The request target of the upgrade as sent (`/dev`, `/dev/?token=abc`). Its query is the
   * connection's query when `query` is not given; a first path segment other than the stage is
   * refused with 403 before any function runs (an unknown stage has no routes).
   */
  path?: string;
}

/** An HTTP response as it goes on the wire (status, headers, body). */
export interface WireResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export type ConnectResult =
  | {
      accepted: true;
      connection: ClientConnection;
      /** Headers of the 101 response, including `Sec-WebSocket-Protocol` when `$connect` returned one. */
      headers: Record<string, string>;
      /** The negotiated subprotocol ('' when none): the one `$connect` returned. */
      protocol: string;
    }
  | {
      accepted: false;
      /** The HTTP status that rejected the upgrade (e.g. 401, 403, 500, 502, or `$connect`'s own statusCode). */
      status: number;
      /** A one-line reason for the trace/log (never shown to the client as a frame). */
      reason: string;
      /** The response headers to send with `status` (UNCONFIRMED: [ws-handshake-reject-body]). */
      headers: Record<string, string>;
      /** The response body to send with `status`: `{"message":"…"}` (UNCONFIRMED: [ws-handshake-reject-body]). */
      body: string;
    };

export type ReadyState = 'open' | 'closing' | 'closed';

export interface CloseInfo {
  code: number;
  reason: string;
  /** True when the client asked for the close. */
  byClient: boolean;
}

/** Options for the programmatic `send` (beyond what a browser can do). */
export interface SendOptions {
  /**
   * Simulates a client that fragments: the message goes out in frames of at most this many
   * bytes (UTF-8). Each frame must be ≤ 32 KB and the whole message ≤ 128 KB, or the gateway
   * closes with 1009. Browsers never fragment, so without it one send() is one frame.
   */
  fragmentSize?: number;
  /**
   * The real frame boundaries of a message read off a socket: the payload size in bytes of each
   * frame it arrived in, first to last (they must add up to the message's UTF-8 size). Each frame
   * must be ≤ 32 KB and the message ≤ 128 KB, or the gateway closes with 1009; four 25 KB frames
   * of a 100 KB message pass. Takes precedence over `fragmentSize`.
   */
  frames?: readonly number[];
}

/** The client's end of an accepted connection. */
export interface ClientConnection {
  readonly connectionId: string;
  readonly clientName: string;
  readonly readyState: ReadyState;
  /** Every text frame the client has received, in order. */
  readonly received: readonly string[];
  /**
   * Sends one message as a browser `send()` would: one frame per call (browsers never
   * fragment). Resolves when the gateway has finished handling it (routing, invocation and
   * any frames sent back), so tests can `await` it.
   */
  send(data: string | Uint8Array, options?: SendOptions): Promise<void>;
  /** The client closes (default 1000). Resolves after `$disconnect` has run. */
  close(code?: number, reason?: string): Promise<void>;
  /** Called for every text frame the gateway sends to this client. Returns unsubscribe. */
  onMessage(listener: (text: string) => void): () => void;
  /** Called once when the connection closes, whoever closed it. Returns unsubscribe. */
  onClose(listener: (info: CloseInfo) => void): () => void;
  /** Resolves when the connection has closed. */
  readonly closed: Promise<CloseInfo>;
}

/** A plain HTTP request to the API's host: `@connections` calls, or a GET without an upgrade. */
export interface PlainHttpRequest {
  method: string;
  /** The request target as sent, e.g. `/dev/%40connections/abc%3D` or `/dev`. */
  path: string;
  /** PostToConnection's `Data`. */
  body?: string | Uint8Array;
}

/** An `@connections` response as the management API sends it over HTTP. */
export interface ManagementResponse {
  statusCode: number;
  headers: Record<string, string>;
  /** JSON text (GetConnection's body, or an error body such as `{"message":"..."}`), or '' */
  body: string;
  /** The SDK error name for non-2xx: `GoneException`, `PayloadTooLargeException`, `ForbiddenException`, `LimitExceededException`. */
  errorName?: string;
}

/** Who is calling `@connections`, so the trace can draw the arrow from the right lane. */
export interface ManagementCaller {
  /** The Lambda invocation making the call, when it comes from a handler. */
  invocationId?: string;
  functionName?: string;
  causeSeq?: number;
}

export interface ManagementApi {
  /** POST @connections/{id}: 200; 410 GoneException; 413 over 131,072 bytes. */
  postToConnection(
    connectionId: string,
    data: string | Uint8Array,
    caller?: ManagementCaller,
  ): Promise<ManagementResponse>;
  /** GET @connections/{id}: 200 `{connectedAt, identity:{sourceIp,userAgent}, lastActiveAt}`; 410. */
  getConnection(connectionId: string, caller?: ManagementCaller): Promise<ManagementResponse>;
  /** DELETE @connections/{id}: 204; 410. Closes the client and runs `$disconnect`. */
  deleteConnection(connectionId: string, caller?: ManagementCaller): Promise<ManagementResponse>;
}

export interface ConnectionInfo {
  connectionId: string;
  clientName: string;
  connectedAt: number;
  lastActiveAt: number;
  sourceIp: string;
  userAgent: string;
  /** From the `$connect` authorizer, if any. */
  principalId?: string;
}

export interface WebSocketApi {
  readonly apiId: string;
  readonly stage: string;
  readonly region: string;
  /** `wss://{apiId}.execute-api.{region}.amazonaws.com/{stage}` */
  readonly url: string;
  /** `https://{apiId}.execute-api.{region}.amazonaws.com/{stage}` (the `@connections` endpoint). */
  readonly managementEndpoint: string;
  /** `{apiId}.execute-api.{region}.amazonaws.com` (`requestContext.domainName`). */
  readonly domainName: string;
  /** The validated definition, with AWS's defaults applied. */
  readonly definition: WebSocketApiDefinition;
  readonly clock: Clock;
  readonly trace: TraceLog;
  readonly management: ManagementApi;
  /** Open a connection: runs the authorizer and `$connect`; the upgrade stays pending until they finish. */
  connect(request?: ConnectRequest): Promise<ConnectResult>;
  /** Live connections. */
  connections(): ConnectionInfo[];
  /** Fast-forward virtual time (fires idle and 2-hour timers), recorded in the trace. */
  advanceClock(ms: number): void;
  /**
   * The client's network goes away (a laptop lid shut, a train in a tunnel): no close frame is
   * exchanged, the gateway sees the connection end, the client sees 1006 and `$disconnect` runs
   * (docs/aws-behaviour.md §1.6; UNCONFIRMED `ws-network-drop-close`). Resolves true after
   * `$disconnect` has run; false when no open connection has this id.
   */
  dropConnection(connectionId: string): Promise<boolean>;
  /**
   * Fires one connection's 10-minute idle timeout now, as if it had been silent for 10 minutes:
   * 1001 "Going away" and `$disconnect`, as the idle timer closes it (docs/aws-behaviour.md §1.6).
   * The stage's clock does not move, so the other connections' timers are untouched. Resolves
   * true after `$disconnect` has run; false when no open connection has this id.
   */
  expireIdle(connectionId: string): Promise<boolean>;
  /** Close every connection (code 1001) without running handlers, and stop all timers. */
  dispose(): void;
  /**
   * The way a host stops a live API: every open connection is closed by the gateway with 1001
   * "Going away" and its `$disconnect` runs, as AWS runs it whenever it closes a connection
   * (DG apigateway-websocket-api-route-keys-connect-disconnect); resolves once they have
   * finished, then disposes. `dispose()` stays the page's instant stop (no handlers).
   */
  shutdown(): Promise<void>;
  /**
   * A plain HTTP request to the stage's host, as a server receives it: `POST`, `GET` or
   * `DELETE /{stage}/@connections/{id}` (encoded or not) go to `management`; any other request
   * (a GET to the WebSocket URL without an upgrade) is answered 426 Upgrade Required
   * (docs/aws-behaviour.md §1.6, §3).
   */
  handleHttp(request: PlainHttpRequest): Promise<WireResponse>;
  /**
   * Resolves once nothing is in flight: no handshake, message handling, invocation or
   * `$disconnect` (which runs after a close, e.g. an idle timeout fired by `advanceClock`).
   */
  whenIdle(): Promise<void>;
}
