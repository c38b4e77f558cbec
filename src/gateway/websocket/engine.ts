/**
 * The WebSocket API engine: one deployed API stage with its own Clock, ids and trace
 * (aws-api-gateway.md §1–§4). It routes, authorizes, builds the Lambda events, calls the
 * Invoker, and answers clients exactly as API Gateway does; every step is a TraceEvent.
 */
import { createInstanceCore } from '../instance';
import { PendingWork } from '../pending-work';
import type { Clock, TimerHandle } from '../clock';
import { IdGenerator } from '../ids';
import { LambdaIntegration, type InvocationOutcome, type LambdaCall } from '../integration/lambda';
import type { KnownDifferenceId } from '../known-differences';
import { compileSelectionExpression, type CompiledSelectionExpression } from '../rse';
import { TraceLog, type CloseInitiator, type Participant } from '../trace';
import type {
  ClientConnection,
  CloseInfo,
  ConnectRequest,
  ConnectResult,
  ConnectionInfo,
  CreateWebSocketApiOptions,
  ManagementApi,
  ManagementCaller,
  ManagementResponse,
  ReadyState,
  SendOptions,
  WebSocketApi,
} from './api';
import { evaluateAuthorizerResponse, resolveIdentity, type AuthorizerDecision } from './authorizer';
import type { WebSocketApiDefinition, WebSocketRouteDefinition } from './definition';
import {
  buildAuthorizerEvent,
  buildConnectEvent,
  buildDisconnectEvent,
  buildMessageEvent,
  connectRequestContext,
  mergeHeaders,
  type ApiFacts,
  type ConnectionFacts,
  type RequestFacts,
} from './events';
import {
  DEFAULT_INTEGRATION_TIMEOUT_MS,
  FORBIDDEN_MESSAGE,
  IDLE_TIMEOUT_MS,
  INTERNAL_ERROR_MESSAGE,
  MAX_CONNECTION_MS,
  MAX_FRAME_BYTES,
  MAX_MESSAGE_BYTES,
  TIMEOUT_MESSAGE,
  gatewayErrorFrame,
  preview,
} from './frames';
import { webSocketAccept } from './handshake';
import { validateWebSocketDefinition } from './validate-definition';
import { utf8Decode, utf8Length } from '../core/bytes';
import { formatDefinitionErrors } from '../core/definition-errors';
import { executeApiArn } from '../core/iam-policy';
import { clfFormatter, findHeader, parseQuery } from '../core/request';
import { DEFAULT_SOURCE_IP, DEFAULT_USER_AGENT } from '../core/request-defaults';

/** Close codes and reasons the gateway uses (aws-api-gateway.md §1.6). */
const GOING_AWAY = { code: 1001, reason: 'Going away' };

type Outcome = InvocationOutcome;

interface Conn {
  id: string;
  clientName: string;
  participant: Participant;
  facts: ConnectionFacts;
  principalId?: string;
  state: ReadyState;
  lastActiveAt: number;
  received: string[];
  messageListeners: Set<(text: string) => void>;
  closeListeners: Set<(info: CloseInfo) => void>;
  closed: Promise<CloseInfo>;
  resolveClosed: (info: CloseInfo) => void;
  closeInfo?: CloseInfo;
  idleTimer?: TimerHandle;
  maxTimer?: TimerHandle;
  disconnectDone?: Promise<void>;
  client: ClientEnd;
}

interface ConnOwner {
  send(conn: Conn, data: string | Uint8Array, options?: SendOptions): Promise<void>;
  close(conn: Conn, code: number, reason: string): Promise<void>;
}

/** The client's end of a connection (what `connect()` hands out). */
class ClientEnd implements ClientConnection {
  readonly #conn: Conn;
  readonly #owner: ConnOwner;

  constructor(conn: Conn, owner: ConnOwner) {
    this.#conn = conn;
    this.#owner = owner;
  }

  get connectionId(): string {
    return this.#conn.id;
  }
  get clientName(): string {
    return this.#conn.clientName;
  }
  get readyState(): ReadyState {
    return this.#conn.state;
  }
  get received(): readonly string[] {
    return this.#conn.received;
  }
  get closed(): Promise<CloseInfo> {
    return this.#conn.closed;
  }

  send(data: string | Uint8Array, options?: SendOptions): Promise<void> {
    return this.#owner.send(this.#conn, data, options);
  }

  close(code = 1000, reason = ''): Promise<void> {
    return this.#owner.close(this.#conn, code, reason);
  }

  onMessage(listener: (text: string) => void): () => void {
    this.#conn.messageListeners.add(listener);
    return () => this.#conn.messageListeners.delete(listener);
  }

  onClose(listener: (info: CloseInfo) => void): () => void {
    this.#conn.closeListeners.add(listener);
    return () => this.#conn.closeListeners.delete(listener);
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function stringHeaders(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isRecord(v)) return out;
  for (const [k, val] of Object.entries(v)) if (val !== undefined && val !== null) out[k] = String(val);
  return out;
}

class WebSocketEngine implements WebSocketApi {
  readonly apiId: string;
  readonly stage: string;
  readonly region: string;
  readonly domainName: string;
  readonly url: string;
  readonly managementEndpoint: string;
  readonly clock: Clock;
  readonly trace: TraceLog;
  readonly management: ManagementApi;
  readonly definition: WebSocketApiDefinition;

  readonly #ids: IdGenerator;
  readonly #accountId: string;
  readonly #facts: ApiFacts;
  readonly #rse: CompiledSelectionExpression;
  /** Routes a message can select: all but `$connect`/`$disconnect` (a value equal to those matches nothing). */
  readonly #messageRoutes = new Map<string, WebSocketRouteDefinition>();
  readonly #connectRoute: WebSocketRouteDefinition | undefined;
  readonly #disconnectRoute: WebSocketRouteDefinition | undefined;
  readonly #defaultRoute: WebSocketRouteDefinition | undefined;
  readonly #connections = new Map<string, Conn>();
  readonly #connecting = new Set<string>();
  readonly #lambda: LambdaIntegration;
  readonly #owner: ConnOwner;
  readonly #clf = clfFormatter();
  readonly #routeSummaries = new Map<string, string>();
  #clientCount = 0;
  readonly #work: PendingWork;
  #disposed = false;

  constructor(options: CreateWebSocketApiOptions) {
    const checked = validateWebSocketDefinition(options.definition);
    if (!checked.ok) throw new Error(`Invalid WebSocket API definition:\n${formatDefinitionErrors(checked.errors)}`);
    const def = checked.definition;
    this.definition = def;
    const core = createInstanceCore(options, def, 'dev');
    this.clock = core.clock;
    this.#ids = core.ids;
    this.#accountId = core.accountId;
    this.apiId = core.apiId;
    this.region = core.region;
    this.stage = core.stage;
    this.domainName = core.domainName;
    this.trace = core.trace;
    this.#lambda = core.lambda;
    this.#work = core.work;
    this.url = `wss://${this.domainName}/${this.stage}`;
    this.managementEndpoint = `https://${this.domainName}/${this.stage}`;
    const vars = def.stage?.variables;
    this.#facts = {
      apiId: this.apiId,
      stage: this.stage,
      domainName: this.domainName,
      stageVariables: vars && Object.keys(vars).length ? vars : undefined,
    };
    const compiled = compileSelectionExpression(def.routeSelectionExpression);
    // validateWebSocketDefinition has compiled it already; this cannot fail.
    if (!compiled.ok) throw new Error(`routeSelectionExpression: ${compiled.error.message}`);
    this.#rse = compiled.expression;
    for (const [key, route] of Object.entries(def.routes)) {
      if (key !== '$connect' && key !== '$disconnect') this.#messageRoutes.set(key, route);
    }
    this.#connectRoute = def.routes['$connect'];
    this.#disconnectRoute = def.routes['$disconnect'];
    this.#defaultRoute = def.routes['$default'];
    this.#owner = {
      send: (conn, data, opts) => this.#clientSend(conn, data, opts),
      close: (conn, code, reason) => this.#clientClose(conn, code, reason),
    };
    this.management = {
      postToConnection: (id, data, caller) => this.#postToConnection(id, data, caller),
      getConnection: (id, caller) => this.#getConnection(id, caller),
      deleteConnection: (id, caller) => this.#deleteConnection(id, caller),
    };
  }

  // ---------------------------------------------------------------- bookkeeping

  /** Route summaries, built once per route key (messages are traced at up to 100k/s). */
  #routeSummary(routeKey: string): string {
    let text = this.#routeSummaries.get(routeKey);
    if (text === undefined) this.#routeSummaries.set(routeKey, (text = `route ${routeKey}`));
    return text;
  }

  #requestFacts(requestId: string): RequestFacts {
    const now = this.clock.now();
    return { requestId, requestTimeEpoch: now, requestTime: this.#clf(now) };
  }

  whenIdle(): Promise<void> {
    return this.#work.whenIdle();
  }

  connections(): ConnectionInfo[] {
    const out: ConnectionInfo[] = [];
    for (const c of this.#connections.values()) {
      const info: ConnectionInfo = {
        connectionId: c.id,
        clientName: c.clientName,
        connectedAt: c.facts.connectedAt,
        lastActiveAt: c.lastActiveAt,
        sourceIp: c.facts.sourceIp,
        userAgent: c.facts.userAgent,
      };
      if (c.principalId !== undefined) info.principalId = c.principalId;
      out.push(info);
    }
    return out;
  }

  advanceClock(ms: number): void {
    ms = Math.max(0, ms);
    this.trace.append({ kind: 'clock.advance', from: 'gateway', to: 'gateway', ms, summary: `clock +${ms} ms` });
    this.clock.advance(ms);
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    for (const conn of [...this.#connections.values()])
      void this.#close(conn, GOING_AWAY.code, GOING_AWAY.reason, 'gateway', undefined, undefined, false);
    this.#lambda.dispose();
  }

  // ---------------------------------------------------------------- invocations

  /** See LambdaIntegration.invoke (../integration/lambda.ts). */
  #invoke(call: LambdaCall, respond: (outcome: Outcome, causeSeq: number) => void): Promise<void> {
    return this.#lambda.invoke(call, respond);
  }

  /** Invokes and resolves at the moment the gateway answers (the invocation may still be running). */
  #invokeForAnswer(call: LambdaCall): Promise<{ outcome: Outcome; causeSeq: number }> {
    return this.#lambda.invokeForAnswer(call);
  }

  // ---------------------------------------------------------------- frames

  #sendFrame(
    conn: Conn,
    text: string,
    cause: 'route-response' | 'post-to-connection' | 'forbidden' | 'integration-error' | 'bad-request',
    causeSeq: number,
    ids: { requestId?: string; messageId?: string; invocationId?: string },
    unconfirmed?: KnownDifferenceId,
    size = utf8Length(text),
  ): boolean {
    if (conn.state !== 'open') return false;
    // UNCONFIRMED: [ws-idle-close] outgoing data frames reset the idle timer too.
    conn.lastActiveAt = this.clock.now();
    this.trace.append({
      kind: 'ws.frame.out',
      from: 'gateway',
      to: conn.participant,
      causeSeq,
      connectionId: conn.id,
      ...ids,
      size,
      bytes: size,
      text: preview(text),
      cause,
      summary: preview(text, 80),
      ...(unconfirmed ? { unconfirmed } : {}),
    });
    conn.received.push(text);
    for (const listener of conn.messageListeners) {
      try {
        listener(text);
      } catch {
        // A failing observer (a UI or adapter) must not change what the gateway does.
      }
    }
    return true;
  }

  // ---------------------------------------------------------------- connect

  async connect(request: ConnectRequest = {}): Promise<ConnectResult> {
    if (this.#disposed) throw new Error('This WebSocket API has been disposed');
    this.#work.begin();
    try {
      return await this.#connect(request);
    } finally {
      this.#work.end();
    }
  }

  async #connect(request: ConnectRequest): Promise<ConnectResult> {
    const clientName = request.clientName ?? `client-${++this.#clientCount}`;
    const participant: Participant = `client:${clientName}`;
    const query = parseQuery(request.query);
    const subprotocols = request.subprotocols ?? [];
    const clientHeaders = stringHeaders(request.headers);
    const upgrade = this.trace.append({
      kind: 'ws.upgrade',
      from: participant,
      to: 'gateway',
      query: query.raw,
      headers: clientHeaders,
      subprotocols,
      summary: `GET /${this.stage}${query.raw ? '?' + query.raw : ''} (Upgrade: websocket)`,
    });
    const connectionId = this.#ids.awsId();
    const requestId = this.#ids.awsId();
    const connectedAt = this.clock.now();
    const sourceIp = request.sourceIp ?? DEFAULT_SOURCE_IP;
    const userAgent = request.userAgent ?? findHeader(clientHeaders, 'User-Agent') ?? DEFAULT_USER_AGENT;
    const key = this.#ids.webSocketKey();
    // What a browser sends plus what the gateway adds (2020 CONNECT capture, aws-api-gateway.md §2).
    const base: Record<string, string> = {
      Host: this.domainName,
      'Sec-WebSocket-Extensions': 'permessage-deflate; client_max_window_bits',
      'Sec-WebSocket-Key': key,
      'Sec-WebSocket-Version': '13',
      'User-Agent': userAgent,
      'X-Amzn-Trace-Id': this.#ids.traceId(connectedAt),
      'X-Forwarded-For': sourceIp,
      'X-Forwarded-Port': '443',
      'X-Forwarded-Proto': 'https',
    };
    if (subprotocols.length) base['Sec-WebSocket-Protocol'] = subprotocols.join(', ');
    const headers = mergeHeaders(base, clientHeaders);
    const facts: ConnectionFacts = { connectionId, connectedAt, sourceIp, userAgent };
    const ids = { connectionId, requestId };
    const reject = (status: number, reason: string, causeSeq: number, unconfirmed?: KnownDifferenceId) => {
      this.trace.append({
        kind: 'ws.handshake',
        from: 'gateway',
        to: participant,
        causeSeq,
        ...ids,
        status,
        accepted: false,
        headers: {},
        summary: `${status} (upgrade rejected)`,
        ...(unconfirmed ? { unconfirmed } : {}),
      });
      return { accepted: false, status, reason } satisfies ConnectResult;
    };

    this.#connecting.add(connectionId);
    try {
      let causeSeq = upgrade.seq;
      const route = this.#connectRoute;

      // 1. The Lambda REQUEST authorizer (DG apigateway-websocket-api-lambda-auth).
      if (route?.authorizer) {
        const auth = this.definition.authorizers![route.authorizer];
        const authParticipant: Participant = `authorizer:${auth.function}`;
        const authRequest = this.#requestFacts(requestId);
        const found = resolveIdentity(auth.identitySource, {
          headers,
          query: query.single,
          stageVariables: this.#facts.stageVariables ?? {},
          requestContext: connectRequestContext(this.#facts, facts, authRequest, { sourceIp, userAgent }),
        });
        if (!found.ok) {
          // A missing identity source: 401 without invoking the authorizer.
          const reason = `identity source ${found.missing} is missing`;
          const rej = this.trace.append({
            kind: 'gateway.reject',
            from: 'gateway',
            to: participant,
            causeSeq,
            ...ids,
            status: 401,
            reason,
            summary: `401: ${reason}`,
          });
          return reject(401, reason, rej.seq);
        }
        const methodArn = executeApiArn(this.region, this.#accountId, this.apiId, this.stage, '$connect');
        const event = buildAuthorizerEvent(this.#facts, methodArn, facts, authRequest, headers, query);
        const { outcome, causeSeq: after } = await this.#invokeForAnswer({
          role: 'authorizer',
          functionName: auth.function,
          participant: authParticipant,
          event,
          routeKey: '$connect',
          eventType: 'CONNECT',
          ids,
          causeSeq,
          // UNCONFIRMED: the gateway's limit on an authorizer call; the integration maximum is used.
          timeoutMs: DEFAULT_INTEGRATION_TIMEOUT_MS,
          identity: found.identity,
        });
        let decision: AuthorizerDecision;
        if (outcome.kind === 'ok') decision = evaluateAuthorizerResponse(outcome.value, methodArn);
        else if (outcome.kind === 'error' && outcome.error.errorMessage === 'Unauthorized')
          // `throw new Error('Unauthorized')` / `callback('Unauthorized')`: 401 (DG apigateway-use-lambda-authorizer).
          decision = { decision: 'unauthorized', status: 401, reason: 'the authorizer answered Unauthorized' };
        else
          decision = {
            decision: 'error',
            status: 500,
            reason:
              outcome.kind === 'error'
                ? `the authorizer failed: ${outcome.error.errorType}: ${outcome.error.errorMessage}`
                : 'the authorizer timed out',
          };
        const res = this.trace.append({
          kind: 'authorizer.result',
          from: authParticipant,
          to: 'gateway',
          causeSeq: after,
          ...ids,
          functionName: auth.function,
          decision: decision.decision,
          status: decision.status,
          ...('principalId' in decision ? { principalId: decision.principalId } : {}),
          summary:
            decision.decision === 'allow'
              ? `Allow (principalId ${decision.principalId})`
              : `${decision.status} ${decision.decision}`,
        });
        causeSeq = res.seq;
        if (decision.decision !== 'allow') return reject(decision.status, decision.reason, res.seq);
        facts.authorizer = decision.context;
      }

      // 2. The $connect integration: the upgrade stays pending until it ends
      //    (DG apigateway-websocket-api-route-keys-connect-disconnect).
      let responseHeaders: Record<string, string> = {};
      let unconfirmed: KnownDifferenceId | undefined;
      if (route?.integration) {
        const fn = route.integration.function;
        const event = buildConnectEvent(this.#facts, facts, this.#requestFacts(requestId), headers, query);
        const { outcome, causeSeq: after } = await this.#invokeForAnswer({
          role: 'route',
          functionName: fn,
          participant: `integration:${fn}`,
          event,
          routeKey: '$connect',
          eventType: 'CONNECT',
          ids,
          causeSeq,
          timeoutMs: route.integration.timeoutInMillis ?? DEFAULT_INTEGRATION_TIMEOUT_MS,
        });
        causeSeq = after;
        // UNCONFIRMED: [ws-integration-timeout-frame] a gateway timeout on $connect fails the upgrade with 504.
        if (outcome.kind === 'integration-timeout')
          return reject(504, '$connect integration timed out', after, 'ws-integration-timeout-frame');
        // A throw or the function's own timeout: 502 (observed with wscat; aws-api-gateway.md §1.3).
        if (outcome.kind !== 'ok')
          return reject(
            502,
            outcome.kind === 'error'
              ? `$connect failed: ${outcome.error.errorType}: ${outcome.error.errorMessage}`
              : '$connect timed out',
            after,
          );
        const value = outcome.value;
        const status = isRecord(value) ? value.statusCode : undefined;
        if (status === undefined || status === null) {
          // UNCONFIRMED: [ws-connect-no-status] no statusCode accepts the connection.
          unconfirmed = 'ws-connect-no-status';
        } else {
          const code = typeof status === 'string' && /^\d{3}$/.test(status) ? Number(status) : status;
          if (typeof code !== 'number' || !Number.isInteger(code) || code < 100 || code > 599)
            return reject(502, `$connect returned a malformed statusCode ${JSON.stringify(status)}`, after);
          // Non-2xx: the returned status rejects the handshake (DG websocket-connect-route-subprotocol).
          if (code < 200 || code > 299) return reject(code, `$connect returned statusCode ${code}`, after);
        }
        if (isRecord(value)) responseHeaders = stringHeaders(value.headers);
      }

      if (this.#disposed) return reject(410, 'the API was disposed while $connect ran', causeSeq);

      // 3. Accepted: the 101 carries $connect's headers (e.g. Sec-WebSocket-Protocol).
      const protocol = findHeader(responseHeaders, 'Sec-WebSocket-Protocol') ?? '';
      const handshakeHeaders = {
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Accept': webSocketAccept(key),
        ...responseHeaders,
      };
      this.trace.append({
        kind: 'ws.handshake',
        from: 'gateway',
        to: participant,
        causeSeq,
        ...ids,
        status: 101,
        accepted: true,
        protocol,
        headers: handshakeHeaders,
        summary: protocol ? `101 Switching Protocols (${protocol})` : '101 Switching Protocols',
        ...(unconfirmed ? { unconfirmed } : {}),
      });
      const conn = this.#open(facts, clientName, participant);
      return { accepted: true, connection: conn.client, headers: handshakeHeaders, protocol };
    } finally {
      this.#connecting.delete(connectionId);
    }
  }

  #open(facts: ConnectionFacts, clientName: string, participant: Participant): Conn {
    let resolveClosed!: (info: CloseInfo) => void;
    const closed = new Promise<CloseInfo>((r) => (resolveClosed = r));
    const conn = {
      id: facts.connectionId,
      clientName,
      participant,
      facts,
      state: 'open',
      lastActiveAt: this.clock.now(),
      received: [],
      messageListeners: new Set(),
      closeListeners: new Set(),
      closed,
      resolveClosed,
    } as unknown as Conn;
    if (facts.authorizer) conn.principalId = facts.authorizer.principalId;
    conn.client = new ClientEnd(conn, this.#owner);
    this.#connections.set(conn.id, conn);
    this.#armIdle(conn, IDLE_TIMEOUT_MS);
    conn.maxTimer = this.clock.setTimer(MAX_CONNECTION_MS, () => {
      conn.maxTimer = undefined;
      // UNCONFIRMED: [ws-max-duration-close] 1001 "Going away" at the 2-hour limit.
      const { code, reason } = GOING_AWAY;
      void this.#close(conn, code, reason, 'max-duration', undefined, 'ws-max-duration-close');
    });
    return conn;
  }

  /**
   * The idle timer is re-armed lazily: activity only moves `lastActiveAt`, and when the timer
   * fires it either closes or re-arms for the remaining time. No timer churn per frame.
   */
  #armIdle(conn: Conn, delay: number): void {
    conn.idleTimer = this.clock.setTimer(delay, () => {
      conn.idleTimer = undefined;
      if (conn.state !== 'open') return;
      const due = conn.lastActiveAt + IDLE_TIMEOUT_MS;
      const now = this.clock.now();
      // UNCONFIRMED: [ws-idle-close] 1001 "Going away" after 10 idle minutes.
      if (now >= due)
        void this.#close(conn, GOING_AWAY.code, GOING_AWAY.reason, 'idle-timeout', undefined, 'ws-idle-close');
      else this.#armIdle(conn, due - now);
    });
  }

  // ---------------------------------------------------------------- messages

  async #clientSend(conn: Conn, data: string | Uint8Array, options?: SendOptions): Promise<void> {
    // A browser drops data sent after close() without an error; so does this client.
    if (conn.state !== 'open' || this.#disposed) return;
    this.#work.begin();
    try {
      await this.#handleMessage(conn, data, options);
    } finally {
      this.#work.end();
    }
  }

  async #handleMessage(conn: Conn, data: string | Uint8Array, options?: SendOptions): Promise<void> {
    const now = this.clock.now();
    conn.lastActiveAt = now;
    if (typeof data !== 'string') {
      const frame = this.trace.append({
        kind: 'ws.frame.in',
        from: conn.participant,
        to: 'gateway',
        connectionId: conn.id,
        opcode: 'binary',
        size: data.length,
        bytes: data.length,
        text: `<${data.length} bytes of binary data>`,
        summary: `binary frame (${data.length} bytes)`,
      });
      // Binary frames are not supported: close 1003 (DG websocket-api-develop-binary-media-types).
      return this.#close(conn, 1003, 'Unsupported Data', 'limit', frame.seq, 'ws-limit-close-reason');
    }
    const size = utf8Length(data);
    const fragmentSize = options?.fragmentSize;
    if (fragmentSize !== undefined && (!Number.isInteger(fragmentSize) || fragmentSize < 1))
      throw new RangeError(`fragmentSize must be a positive whole number of bytes, got ${fragmentSize}`);
    const fragments = fragmentSize ? Math.max(1, Math.ceil(size / fragmentSize)) : 1;
    const largestFrame = fragmentSize ? Math.min(size, fragmentSize) : size;
    const frame = this.trace.append({
      kind: 'ws.frame.in',
      from: conn.participant,
      to: 'gateway',
      connectionId: conn.id,
      opcode: 'text',
      size,
      bytes: size,
      text: preview(data),
      summary: fragments > 1 ? `${preview(data, 80)} (${fragments} fragments)` : preview(data, 80),
    });
    // Frame quota 32 KB, message quota 128 KB: either closes with 1009
    // (DG apigateway-websocket-api-routes-integrations). One browser send() is one frame (ws-browser-frames).
    if (largestFrame > MAX_FRAME_BYTES) {
      const label = fragmentSize ? 'ws-limit-close-reason' : 'ws-browser-frames';
      return this.#close(conn, 1009, 'Message Too Big', 'limit', frame.seq, label);
    }
    if (size > MAX_MESSAGE_BYTES)
      return this.#close(conn, 1009, 'Message Too Big', 'limit', frame.seq, 'ws-limit-close-reason');

    // Route selection (DG websocket-api-develop-routes): exact, case-sensitive; else $default; else Forbidden.
    const selected = this.#rse.evaluate(data);
    const value = selected.ok ? selected.value : null;
    let routeKey: string | null = null;
    let route: WebSocketRouteDefinition | undefined;
    let match: 'exact' | 'default' | 'none' = 'none';
    if (value !== null && (route = this.#messageRoutes.get(value)) !== undefined) {
      routeKey = value;
      match = value === '$default' ? 'default' : 'exact';
    } else if ((route = this.#defaultRoute) !== undefined) {
      routeKey = '$default';
      match = 'default';
    }
    const requestId = this.#ids.awsId();
    const messageId = this.#ids.awsId();
    const ids = { connectionId: conn.id, requestId, messageId };
    const routed = this.trace.append({
      kind: 'ws.route',
      from: 'gateway',
      to: 'gateway',
      causeSeq: frame.seq,
      ...ids,
      expression: this.#rse.source,
      value,
      routeKey,
      match,
      summary: routeKey === null ? `no route for ${JSON.stringify(value)}` : this.#routeSummary(routeKey),
    });
    if (routeKey === null || !route?.integration) {
      // No match and no $default: one Forbidden frame; the connection stays open (aws-api-gateway.md §1.2).
      const text = gatewayErrorFrame(FORBIDDEN_MESSAGE, conn.id, requestId);
      this.#sendFrame(conn, text, 'forbidden', routed.seq, { requestId, messageId });
      return;
    }
    const fn = route.integration.function;
    const twoWay = route.routeResponseSelectionExpression === '$default';
    const request = { requestId, requestTimeEpoch: now, requestTime: this.#clf(now) };
    const event = buildMessageEvent(this.#facts, conn.facts, request, routeKey, messageId, data);
    await this.#invoke(
      {
        role: 'route',
        functionName: fn,
        participant: `integration:${fn}`,
        event,
        routeKey,
        eventType: 'MESSAGE',
        ids,
        causeSeq: routed.seq,
        timeoutMs: route.integration.timeoutInMillis ?? DEFAULT_INTEGRATION_TIMEOUT_MS,
        unconfirmed: conn.facts.authorizer ? 'ws-authorizer-context-later-events' : undefined,
      },
      (outcome, causeSeq) => this.#answerMessage(conn, outcome, causeSeq, twoWay, { requestId, messageId }),
    );
  }

  #answerMessage(
    conn: Conn,
    outcome: Outcome,
    causeSeq: number,
    twoWay: boolean,
    ids: { requestId: string; messageId: string },
  ): void {
    if (outcome.kind === 'integration-timeout') {
      // UNCONFIRMED: [ws-integration-timeout-frame] no capture of this frame exists.
      this.#sendFrame(
        conn,
        gatewayErrorFrame(TIMEOUT_MESSAGE, conn.id, ids.requestId),
        'integration-error',
        causeSeq,
        ids,
        'ws-integration-timeout-frame',
      );
    } else if (outcome.kind !== 'ok') {
      // A throw or the function's own timeout: Internal server error, even on one-way routes (§1.5).
      const text = gatewayErrorFrame(INTERNAL_ERROR_MESSAGE, conn.id, ids.requestId);
      this.#sendFrame(conn, text, 'integration-error', causeSeq, ids);
    } else if (twoWay) {
      // Two-way: the function's `body` goes back as a text frame (DG apigateway-websocket-api-route-response).
      // UNCONFIRMED: [ws-two-way-response-shape] a result that is not an object with a non-empty
      // string body sends nothing, as serverless-offline does.
      const value = outcome.value;
      if (!isRecord(value) || typeof value.body !== 'string' || value.body === '') return;
      const status = value.statusCode;
      const non2xx = typeof status === 'number' && (status < 200 || status > 299);
      // UNCONFIRMED: [ws-two-way-status] the body is sent whatever the statusCode.
      this.#sendFrame(conn, value.body, 'route-response', causeSeq, ids, non2xx ? 'ws-two-way-status' : undefined);
    }
    // One-way (Lambda proxy without a route response): the return value is not sent
    // (DG apigateway-websocket-api-routes-integrations).
  }

  // ---------------------------------------------------------------- close and $disconnect

  #clientClose(conn: Conn, code: number, reason: string): Promise<void> {
    if (conn.state !== 'open') return conn.disconnectDone ?? Promise.resolve();
    return this.#close(conn, code, reason, 'client');
  }

  /**
   * Closes a connection, tells the client, then runs `$disconnect` ("executed after the
   * connection is closed … best-effort", DG apigateway-websocket-api-route-keys-connect-disconnect).
   * Resolves when `$disconnect` has finished.
   */
  #close(
    conn: Conn,
    code: number,
    reason: string,
    initiator: CloseInitiator,
    causeSeq?: number,
    unconfirmed?: KnownDifferenceId,
    runDisconnect = true,
  ): Promise<void> {
    if (conn.state !== 'open') return conn.disconnectDone ?? Promise.resolve();
    conn.state = 'closed';
    if (conn.idleTimer !== undefined) this.clock.clearTimer(conn.idleTimer);
    if (conn.maxTimer !== undefined) this.clock.clearTimer(conn.maxTimer);
    conn.idleTimer = conn.maxTimer = undefined;
    this.#connections.delete(conn.id);
    const byClient = initiator === 'client';
    const closeEvent = this.trace.append({
      kind: 'ws.close',
      from: byClient ? conn.participant : 'gateway',
      to: byClient ? 'gateway' : conn.participant,
      ...(causeSeq !== undefined ? { causeSeq } : {}),
      connectionId: conn.id,
      code,
      reason,
      initiator,
      summary: `close ${code}${reason ? ' ' + reason : ''}`,
      ...(unconfirmed ? { unconfirmed } : {}),
    });
    const info: CloseInfo = { code, reason, byClient };
    conn.closeInfo = info;
    conn.resolveClosed(info);
    for (const listener of conn.closeListeners) {
      try {
        listener(info);
      } catch {
        // Observers cannot change the close.
      }
    }
    conn.disconnectDone = runDisconnect ? this.#runDisconnect(conn, code, reason, closeEvent.seq) : Promise.resolve();
    return conn.disconnectDone;
  }

  async #runDisconnect(conn: Conn, code: number, reason: string, causeSeq: number): Promise<void> {
    const route = this.#disconnectRoute;
    if (!route?.integration) return;
    this.#work.begin();
    try {
      // After the close has been recorded and whatever closed it (e.g. DELETE @connections) has answered.
      await null;
      const fn = route.integration.function;
      const requestId = this.#ids.awsId();
      const event = buildDisconnectEvent(this.#facts, conn.facts, this.#requestFacts(requestId), code, reason);
      // Its return value is ignored: the client is gone.
      await this.#invoke(
        {
          role: 'route',
          functionName: fn,
          participant: `integration:${fn}`,
          event,
          routeKey: '$disconnect',
          eventType: 'DISCONNECT',
          ids: { connectionId: conn.id, requestId },
          causeSeq,
          timeoutMs: route.integration.timeoutInMillis ?? DEFAULT_INTEGRATION_TIMEOUT_MS,
          unconfirmed: conn.facts.authorizer ? 'ws-authorizer-context-later-events' : undefined,
        },
        () => {},
      );
    } finally {
      this.#work.end();
    }
  }

  // ---------------------------------------------------------------- @connections

  #mgmtRequest(
    operation: 'PostToConnection' | 'GetConnection' | 'DeleteConnection',
    connectionId: string,
    caller: ManagementCaller | undefined,
    size?: number,
  ): { from: Participant; seq: number } {
    // Drawn from the calling function's lane when a handler calls; from `management` otherwise.
    const from: Participant = caller?.functionName ? `integration:${caller.functionName}` : 'management';
    const ev = this.trace.append({
      kind: 'mgmt.request',
      from,
      to: 'gateway',
      ...(caller?.causeSeq !== undefined ? { causeSeq: caller.causeSeq } : {}),
      connectionId,
      ...(caller?.invocationId ? { invocationId: caller.invocationId } : {}),
      operation,
      target: connectionId,
      ...(size !== undefined ? { size, bytes: size } : {}),
      summary: `${operation} ${connectionId}`,
    });
    return { from, seq: ev.seq };
  }

  #mgmtResponse(
    operation: 'PostToConnection' | 'GetConnection' | 'DeleteConnection',
    req: { from: Participant; seq: number },
    connectionId: string,
    caller: ManagementCaller | undefined,
    statusCode: number,
    body: string,
    errorName?: string,
    unconfirmed?: KnownDifferenceId,
    note?: string,
  ): ManagementResponse {
    this.trace.append({
      kind: 'mgmt.response',
      from: 'gateway',
      to: req.from,
      causeSeq: req.seq,
      connectionId,
      ...(caller?.invocationId ? { invocationId: caller.invocationId } : {}),
      operation,
      status: statusCode,
      ...(errorName ? { errorName } : {}),
      summary: (errorName ? `${statusCode} ${errorName}` : String(statusCode)) + (note ? ` (${note})` : ''),
      ...(unconfirmed ? { unconfirmed } : {}),
    });
    const headers: Record<string, string> = { 'x-amzn-RequestId': this.#ids.uuid() };
    if (body !== '') headers['Content-Type'] = 'application/json';
    if (errorName) headers['x-amzn-ErrorType'] = errorName;
    const res: ManagementResponse = { statusCode, headers, body };
    if (errorName) res.errorName = errorName;
    return res;
  }

  /**
   * 410 GoneException for an unknown, closed or not-yet-connected id (MGMT-MODEL; re:Post
   * 410-gone-api-gateway). UNCONFIRMED: [ws-mgmt-error-bodies] the body is empty — SDK v3
   * reports `GoneException: UnknownError` in public logs, i.e. the answer carries no message.
   */
  #gone(
    operation: 'PostToConnection' | 'GetConnection' | 'DeleteConnection',
    req: { from: Participant; seq: number },
    id: string,
    caller?: ManagementCaller,
  ): ManagementResponse {
    // A connection whose $connect is still running does not exist yet (re:Post 410-gone-api-gateway).
    const note = this.#connecting.has(id) ? '$connect has not finished' : undefined;
    return this.#mgmtResponse(operation, req, id, caller, 410, '', 'GoneException', 'ws-mgmt-error-bodies', note);
  }

  async #postToConnection(
    connectionId: string,
    data: string | Uint8Array,
    caller?: ManagementCaller,
  ): Promise<ManagementResponse> {
    const size = typeof data === 'string' ? utf8Length(data) : data.length;
    const req = this.#mgmtRequest('PostToConnection', connectionId, caller, size);
    // Data is at most 131,072 bytes (MGMT-MODEL PostToConnection).
    if (size > MAX_MESSAGE_BYTES)
      return this.#mgmtResponse(
        'PostToConnection',
        req,
        connectionId,
        caller,
        413,
        JSON.stringify({ message: 'The data has exceeded the maximum size allowed.' }),
        'PayloadTooLargeException',
        'ws-mgmt-error-bodies',
      );
    const conn = this.#connections.get(connectionId);
    if (!conn || conn.state !== 'open') return this.#gone('PostToConnection', req, connectionId, caller);
    const text = typeof data === 'string' ? data : utf8Decode(data);
    // UNCONFIRMED: [ws-mgmt-frame-quota] posts up to 128 KB arrive whole, as one message
    // (fragmented on the wire, reassembled by the browser). UNCONFIRMED: [ws-mgmt-binary-data]
    // bytes are delivered as a UTF-8 text frame.
    const unconfirmed: KnownDifferenceId | undefined =
      size > MAX_FRAME_BYTES ? 'ws-mgmt-frame-quota' : typeof data !== 'string' ? 'ws-mgmt-binary-data' : undefined;
    const ids = caller?.invocationId ? { invocationId: caller.invocationId } : {};
    this.#sendFrame(conn, text, 'post-to-connection', req.seq, ids, unconfirmed, size);
    return this.#mgmtResponse('PostToConnection', req, connectionId, caller, 200, '');
  }

  async #getConnection(connectionId: string, caller?: ManagementCaller): Promise<ManagementResponse> {
    const req = this.#mgmtRequest('GetConnection', connectionId, caller);
    const conn = this.#connections.get(connectionId);
    if (!conn || conn.state !== 'open') return this.#gone('GetConnection', req, connectionId, caller);
    // GetConnection's output: ISO 8601 timestamps and the identity (MGMT-MODEL).
    const body = JSON.stringify({
      connectedAt: new Date(conn.facts.connectedAt).toISOString(),
      identity: { sourceIp: conn.facts.sourceIp, userAgent: conn.facts.userAgent },
      lastActiveAt: new Date(conn.lastActiveAt).toISOString(),
    });
    return this.#mgmtResponse('GetConnection', req, connectionId, caller, 200, body);
  }

  async #deleteConnection(connectionId: string, caller?: ManagementCaller): Promise<ManagementResponse> {
    const req = this.#mgmtRequest('DeleteConnection', connectionId, caller);
    const conn = this.#connections.get(connectionId);
    if (!conn || conn.state !== 'open') return this.#gone('DeleteConnection', req, connectionId, caller);
    // UNCONFIRMED: [ws-delete-close] the client sees 1000 with an empty reason. $disconnect runs after and is
    // not awaited: AWS answers 204 without waiting for it (use whenIdle() to wait).
    void this.#close(conn, 1000, '', 'management', req.seq, 'ws-delete-close');
    return this.#mgmtResponse('DeleteConnection', req, connectionId, caller, 204, '');
  }
}

/**
 * Creates one isolated WebSocket API stage from a definition (validated; throws an Error
 * listing every problem) and an Invoker. Behaviour: aws-api-gateway.md §1–§4.
 */
export function createWebSocketApi(options: CreateWebSocketApiOptions): WebSocketApi {
  return new WebSocketEngine(options);
}
