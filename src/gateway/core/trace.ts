/**
 * The trace: every hop the gateway makes, as typed data.
 *
 * The diagram, the log panel, lesson checks, replays and share links all read this, so it is
 * a versioned, serialisable, discriminated union (never free strings). Every event carries
 * the ids it belongs to and the event that caused it.
 */

import type { KnownDifferenceId } from './known-differences';

export const TRACE_VERSION = 1 as const;

/**
 * A participant in the sequence diagram: `client:<name>`, `gateway`, `authorizer:<fn>`,
 * `integration:<fn>` (a Lambda function), `table:<name>`, or `management` (`@connections`).
 */
export type Participant =
  `client:${string}` | 'gateway' | `authorizer:${string}` | `integration:${string}` | `table:${string}` | 'management';

/** Fields every event has. */
export interface TraceBase {
  v: typeof TRACE_VERSION;
  /** Position in this engine's trace, from 1. */
  seq: number;
  /** Virtual epoch ms (the engine's Clock). */
  t: number;
  from: Participant;
  to: Participant;
  apiId: string;
  stage: string;
  /** The `seq` of the event that caused this one. */
  causeSeq?: number;
  connectionId?: string;
  /** The API Gateway request id (`requestContext.requestId`). */
  requestId?: string;
  /** WebSocket MESSAGE id (`requestContext.messageId`). */
  messageId?: string;
  /** The Lambda invocation (its `awsRequestId`). */
  invocationId?: string;
  /** A one-line human summary (untrusted text: escape before display). */
  summary: string;
  /** Bytes on the wire for this hop, where meaningful. */
  bytes?: number;
  /**
   * Set when this step follows a behaviour no public source confirms: the id of the entry in
   * KNOWN_DIFFERENCES (./known-differences.ts), so the UI can label it.
   */
  unconfirmed?: KnownDifferenceId;
}

/**
 * One write to a table, as attribute-value maps: `put` stores `item` under `key` (replacing any
 * item there), `delete` removes the item with `key`. `item` is left out when it was larger than
 * the trace keeps (`cut: true`): the replay then knows the key changed but not to what.
 */
export interface TableChangeRecord {
  type: 'put' | 'delete';
  key: Record<string, unknown>;
  item?: Record<string, unknown>;
  cut?: true;
}

/** `network`: the client's connection ended without a close frame (the playground's "Drop network"). */
export type CloseInitiator =
  'client' | 'gateway' | 'management' | 'idle-timeout' | 'max-duration' | 'limit' | 'network';

/** Each kind with its own detail. Add kinds here; never repurpose one (share links pin `v`). */
export type TraceDetail =
  /** A client asks to upgrade to WebSocket (the `wss://` handshake request). */
  | { kind: 'ws.upgrade'; query: string; headers: Record<string, string>; subprotocols: string[] }
  /** The gateway answers the upgrade: 101 when accepted, otherwise the rejecting status. */
  | { kind: 'ws.handshake'; status: number; accepted: boolean; protocol?: string; headers: Record<string, string> }
  /** A data frame from client to gateway. `text` is cut to a preview for large frames. */
  | { kind: 'ws.frame.in'; opcode: 'text' | 'binary'; size: number; text: string }
  /** Route selection: the expression, what it evaluated to, and the chosen route. */
  | {
      kind: 'ws.route';
      expression: string;
      /** The evaluated value, or null when the body is not JSON (or the expression cannot be evaluated). */
      value: string | null;
      routeKey: string | null;
      match: 'exact' | 'default' | 'none';
    }
  /** A data frame from gateway to client. */
  | {
      kind: 'ws.frame.out';
      size: number;
      text: string;
      /** `observed`: real mode, where the client sees a frame but not why it was sent. */
      cause: 'route-response' | 'post-to-connection' | 'forbidden' | 'integration-error' | 'bad-request' | 'observed';
    }
  /** A connection closed, with who closed it and why. */
  | { kind: 'ws.close'; code: number; reason: string; initiator: CloseInitiator }
  /** The gateway invokes a Lambda authorizer. */
  | { kind: 'authorizer.invoke'; functionName: string; identity: Record<string, string> }
  /** The authorizer's decision as the gateway applies it. */
  | {
      kind: 'authorizer.result';
      functionName: string;
      decision: 'allow' | 'deny' | 'unauthorized' | 'error';
      status?: number;
      principalId?: string;
    }
  /** The gateway rejects a request before any integration (missing identity source, for example). */
  | { kind: 'gateway.reject'; status: number; reason: string }
  /** The gateway invokes a Lambda function for a route. */
  | { kind: 'lambda.invoke'; functionName: string; routeKey: string; eventType: string; event: unknown }
  /** The function finished: its value, its error, or its own timeout. */
  | {
      kind: 'lambda.result';
      functionName: string;
      outcome: 'ok' | 'error' | 'timeout';
      durationMs: number;
      value?: unknown;
      error?: { errorType: string; errorMessage: string };
    }
  /** A line the function logged (console.log and the platform's START/END/REPORT lines). */
  | { kind: 'lambda.log'; functionName: string; level: 'log' | 'info' | 'warn' | 'error' | 'platform'; text: string }
  /** The gateway's integration timeout fired before the function answered. */
  | { kind: 'integration.timeout'; functionName: string; timeoutMs: number }
  /** An `@connections` call (PostToConnection, GetConnection, DeleteConnection). */
  | {
      kind: 'mgmt.request';
      operation: 'PostToConnection' | 'GetConnection' | 'DeleteConnection';
      target: string;
      size?: number;
    }
  | {
      kind: 'mgmt.response';
      operation: 'PostToConnection' | 'GetConnection' | 'DeleteConnection';
      status: number;
      errorName?: string;
    }
  /**
   * A table operation from a handler (recorded by the runtime's DynamoDB shim). `change` (added
   * within version 1, so older traces simply lack it) is what a write did to the table, so a
   * replay can show the table as of any step without running anything again.
   */
  | {
      kind: 'table.op';
      table: string;
      operation: string;
      ok: boolean;
      items?: number;
      error?: string;
      change?: TableChangeRecord;
    }
  /** Virtual time was fast-forwarded. */
  | { kind: 'clock.advance'; ms: number }
  /**
   * The stage got a new deployment and the one before it stopped: `closedConnections` open
   * WebSocket connections were closed with `code` (1001 Going away) and no `$disconnect` ran.
   * The earlier deployment's steps stay before it in the trace. Recorded by the host that
   * replaces deployments (the playground page), never by an engine about itself.
   */
  | { kind: 'deployment.replaced'; closedConnections: number; code: number }
  /**
   * The client's browser failed a handshake the gateway accepted (e.g. it offered subprotocols
   * and `$connect` selected none): the page sees `error` + close 1006.
   */
  | { kind: 'ws.client-fail'; reason: string; code: number }
  // ---- HTTP and REST APIs -------------------------------------------------------------------
  /** An HTTP request from a client to the API. Bodies are previews (untrusted text). */
  | {
      kind: 'http.request';
      method: string;
      path: string;
      query: string;
      headers: Record<string, string>;
      bodySize: number;
      bodyPreview: string;
    }
  /** Route (HTTP API) or resource/method (REST API) selection. */
  | {
      kind: 'http.route';
      /** `GET /pets/{id}`, `$default`, or for REST `GET /pets/{id}` as resource path + method. */
      routeKey: string | null;
      match: 'exact' | 'param' | 'greedy' | 'any' | 'default' | 'none';
      pathParameters?: Record<string, string>;
    }
  /** The response the client receives. `source` says who produced it. */
  | {
      kind: 'http.response';
      status: number;
      headers: Record<string, string>;
      bodySize: number;
      bodyPreview: string;
      source: 'integration' | 'gateway' | 'cache' | 'mock';
      /** For gateway responses: AWS's error type, e.g. `MissingAuthenticationTokenException`. */
      errorType?: string;
    }
  /**
   * CORS as the browser would do it. In fake mode the browser sends no preflight to an
   * intercepted request, so the engine models the preflight and the verdict (`modelled: true`).
   */
  | {
      kind: 'cors.preflight';
      origin: string;
      requestMethod: string;
      requestHeaders: string[];
      status: number;
      allowed: boolean;
      modelled: boolean;
    }
  | { kind: 'cors.verdict'; origin: string; allowed: boolean; reason: string; modelled: boolean }
  /** HTTP API JWT authorizer. */
  | {
      kind: 'auth.jwt';
      outcome: 'allow' | 'unauthorized' | 'forbidden';
      reason: string;
      subject?: string;
      scopes?: string[];
    }
  /** REST API key check (`x-api-key` or the authorizer's `usageIdentifierKey`). */
  | { kind: 'apikey.check'; outcome: 'ok' | 'missing' | 'invalid' | 'disabled' | 'not-in-plan'; keyId?: string }
  /** Throttling and quotas (token bucket per stage/route/usage plan, quota per period). */
  | {
      kind: 'throttle';
      scope: 'account' | 'stage' | 'route' | 'usage-plan';
      outcome: 'allowed' | 'throttled' | 'quota-exceeded';
      tokensLeft?: number;
      quotaLeft?: number;
    }
  /** REST stage cache. */
  | { kind: 'cache'; outcome: 'HIT' | 'MISS' | 'STORE' | 'INVALIDATE' | 'BYPASS'; key: string; ttlSeconds: number }
  /** REST request validation. */
  | { kind: 'validation'; outcome: 'ok' | 'failed'; validator: string; message?: string }
  /** A mapping template (REST VTL) or parameter mapping (HTTP API) applied to a request or response. */
  | {
      kind: 'mapping';
      direction: 'request' | 'response';
      mapping: 'vtl' | 'parameter';
      ok: boolean;
      outputPreview?: string;
      error?: { message: string; line: number; column: number };
    }
  /** A REST mock integration answered without a backend. */
  | { kind: 'integration.mock'; statusCode: number };

export type TraceKind = TraceDetail['kind'];
export type TraceEvent = TraceBase & TraceDetail;
export type TraceEventOf<K extends TraceKind> = TraceBase & Extract<TraceDetail, { kind: K }>;

/**
 * What a caller supplies; the log fills in `v`, `seq`, `t` (unless given), `apiId` and `stage`.
 * A caller may reserve those in its literal, last and in that order, with any value (`t:
 * undefined` unless it gives a time): see TraceLog.append.
 */
export type TraceInput = Omit<TraceBase, 'v' | 'seq' | 't' | 'apiId' | 'stage'> &
  TraceDetail & { t?: number } & Partial<Pick<TraceBase, 'v' | 'seq' | 'apiId' | 'stage'>>;

export type TraceListener = (event: TraceEvent) => void;

/**
 * The text a trace event carries of a frame or a body: whole up to `max` characters, then cut
 * with an ellipsis (the full text stays in the handler's event or the response).
 */
export function preview(text: string, max = 2048): string {
  return text.length <= max ? text : text.slice(0, max) + '…';
}

/** An append-only event log for one engine instance. */
export class TraceLog {
  readonly #events: TraceEvent[] = [];
  readonly #listeners = new Set<TraceListener>();
  readonly #now: () => number;
  readonly #apiId: string;
  readonly #stage: string;
  readonly #limit: number | undefined;
  #seq = 0;
  #dropped = 0;

  /**
   * `limit` (optional) bounds memory for long sessions and bulk runs: the log keeps at least
   * the last `limit` events and discards older ones in batches (seq keeps counting; listeners
   * still see every event). Without it, every event is kept.
   */
  constructor(opts: { now: () => number; apiId: string; stage: string; limit?: number }) {
    this.#now = opts.now;
    this.#apiId = opts.apiId;
    this.#stage = opts.stage;
    this.#limit = opts.limit === undefined ? undefined : Math.max(0, Math.floor(opts.limit));
  }

  /** How many events the `limit` has discarded so far. */
  get dropped(): number {
    return this.#dropped;
  }

  get events(): readonly TraceEvent[] {
    return this.#events;
  }

  /**
   * Appends an event. The input object itself becomes the event (it is decorated, not copied:
   * copying was most of the engine's per-message cost), so callers pass a fresh object and
   * never reuse it. The fields the log fills in are added after the caller's own, in the order
   * `v`, `seq`, `t`, `apiId`, `stage`. Events made for every routed message reserve them in
   * their literal instead (same keys, same order): added later, they cost each event a second,
   * separately allocated store, about a fifth of what the UI's 10,000 kept events weigh.
   */
  append(input: TraceInput): TraceEvent {
    const event = input as TraceEvent;
    event.v = TRACE_VERSION;
    event.seq = ++this.#seq;
    if (event.t === undefined) event.t = this.#now();
    event.apiId = this.#apiId;
    event.stage = this.#stage;
    this.#events.push(event);
    // Discard in batches (a quarter of the limit, at most 1024) so trimming stays amortised O(1).
    if (this.#limit !== undefined && this.#events.length > this.#limit + Math.min(1024, Math.ceil(this.#limit / 4))) {
      const n = this.#events.length - this.#limit;
      this.#events.splice(0, n);
      this.#dropped += n;
    }
    // Nothing listening (bulk runs, tests): no Set iterator per event (7 per routed message).
    if (this.#listeners.size > 0) for (const l of this.#listeners) l(event);
    return event;
  }

  /** Calls `listener` for every later event; returns the unsubscribe function. */
  subscribe(listener: TraceListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Events of one kind, typed. */
  ofKind<K extends TraceKind>(kind: K): TraceEventOf<K>[] {
    return this.#events.filter((e): e is TraceEventOf<K> => e.kind === kind);
  }

  clear(): void {
    this.#events.length = 0;
    this.#seq = 0;
    this.#dropped = 0;
  }

  toJSON(): { v: typeof TRACE_VERSION; events: readonly TraceEvent[] } {
    return { v: TRACE_VERSION, events: this.#events };
  }
}
