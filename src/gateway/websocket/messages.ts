/**
 * Message routing: a client's frame through the frame and message quotas, route selection,
 * the route's integration, and what the client gets back (a route response, or the gateway's
 * error frame) — docs/aws-behaviour.md §1.1–§1.6.
 */
import type { InvocationOutcome } from '../core/lambda-integration';
import { preview, TRACE_VERSION } from '../core/trace';
import { compileSelectionExpression, type CompiledSelectionExpression } from './rse';
import type { SendOptions } from './api';
import type { Connection } from './connections';
import type { WebSocketRouteDefinition } from './definition';
import { buildMessageEvent } from './events';
import {
  DEFAULT_INTEGRATION_TIMEOUT_MS,
  FORBIDDEN_MESSAGE,
  INTERNAL_ERROR_MESSAGE,
  MAX_FRAME_BYTES,
  MAX_MESSAGE_BYTES,
  TIMEOUT_MESSAGE,
  gatewayErrorFrame,
} from './frames';
import { isRecord } from './records';
import { requestFacts, type WebSocketContext } from './stage';
import { utf8Length } from '../core/bytes';

/**
 * How a message arrived: its number of frames and the largest one. Real frame sizes (`frames`)
 * win over a simulated uniform `fragmentSize`; without either, one frame (a browser's send()).
 */
function frameShape(
  size: number,
  options: SendOptions | undefined,
): { fragments: number; largestFrame: number; fragmentSize: number | undefined } {
  const frames = options?.frames;
  if (frames !== undefined && frames.length > 0) {
    let total = 0;
    let largest = 0;
    for (const f of frames) {
      if (!Number.isInteger(f) || f < 0) throw new RangeError(`frame sizes must be whole numbers of bytes, got ${f}`);
      total += f;
      largest = Math.max(largest, f);
    }
    if (total !== size)
      throw new RangeError(`frame sizes add up to ${total} bytes but the message has ${size} (UTF-8)`);
    // Real frames: the documented quotas apply as read off the wire (not the browser's one-frame rule).
    return { fragments: frames.length, largestFrame: largest, fragmentSize: largest };
  }
  const fragmentSize = options?.fragmentSize;
  if (fragmentSize !== undefined && (!Number.isInteger(fragmentSize) || fragmentSize < 1))
    throw new RangeError(`fragmentSize must be a positive whole number of bytes, got ${fragmentSize}`);
  return {
    fragments: fragmentSize ? Math.max(1, Math.ceil(size / fragmentSize)) : 1,
    largestFrame: fragmentSize ? Math.min(size, fragmentSize) : size,
    fragmentSize,
  };
}

/** The route a message selected (`routeKey` null: none, and no `$default`). */
interface Selection {
  value: string | null;
  routeKey: string | null;
  route: WebSocketRouteDefinition | undefined;
  match: 'exact' | 'default' | 'none';
}

/** The ids one routed message carries in its events and trace. */
interface MessageIds {
  requestId: string;
  messageId: string;
}

/** Routes the messages of one stage; built once per engine from its definition. */
export class MessageRouter {
  readonly #ws: WebSocketContext;
  readonly #rse: CompiledSelectionExpression;
  /** Routes a message can select: all but `$connect`/`$disconnect` (a value equal to those matches nothing). */
  readonly #messageRoutes = new Map<string, WebSocketRouteDefinition>();
  readonly #defaultRoute: WebSocketRouteDefinition | undefined;
  readonly #routeSummaries = new Map<string, string>();

  constructor(ws: WebSocketContext) {
    this.#ws = ws;
    const def = ws.definition;
    const compiled = compileSelectionExpression(def.routeSelectionExpression);
    // validateWebSocketDefinition has compiled it already; this cannot fail.
    if (!compiled.ok) throw new Error(`routeSelectionExpression: ${compiled.error.message}`);
    this.#rse = compiled.expression;
    for (const [key, route] of Object.entries(def.routes)) {
      if (key !== '$connect' && key !== '$disconnect') this.#messageRoutes.set(key, route);
    }
    this.#defaultRoute = def.routes['$default'];
  }

  /**
   * One client `send()`: checked against the quotas, routed, invoked and answered
   * (docs/aws-behaviour.md §1). Resolves when the gateway has finished with it.
   */
  receive(conn: Connection, data: string | Uint8Array, options?: SendOptions): Promise<void> {
    // A browser drops data sent after close() without an error; so does this client.
    if (conn.state !== 'open' || this.#ws.disposed) return Promise.resolve();
    const work = this.#ws.work;
    work.begin();
    let running: Promise<void> | undefined;
    try {
      running = this.#handle(conn, data, options);
    } catch (e) {
      work.end();
      return Promise.reject(e);
    }
    if (running === undefined) {
      work.end();
      return Promise.resolve();
    }
    // A `then` with handlers made once, rather than an async function: no generator and no
    // await closures per message (up to 100k/s); the work ends when the message's does.
    return running.then(this.#workDone, this.#workFailed);
  }

  readonly #workDone = (): void => this.#ws.work.end();

  readonly #workFailed = (e: unknown): never => {
    this.#ws.work.end();
    throw e;
  };

  /**
   * The message's work: undefined when it is done, else the promise of what is still running (a
   * close, the integration). Not itself async: one promise and one await less per message.
   */
  #handle(conn: Connection, data: string | Uint8Array, options?: SendOptions): Promise<void> | undefined {
    const { clock, ids, trace, lambda } = this.#ws;
    const now = clock.now();
    conn.lastActiveAt = now;
    const frame = this.#acceptFrame(conn, data, options);
    if ('closed' in frame) return frame.closed;
    const text = data as string;
    const selection = this.#select(text);
    const requestId = ids.awsId();
    const messageId = ids.awsId();
    const routed = trace.append({
      kind: 'ws.route',
      from: 'gateway',
      to: 'gateway',
      causeSeq: frame.seq,
      connectionId: conn.id,
      requestId,
      messageId,
      expression: this.#rse.source,
      value: selection.value,
      routeKey: selection.routeKey,
      match: selection.match,
      summary:
        selection.routeKey === null
          ? `no route for ${JSON.stringify(selection.value)}`
          : this.#routeSummary(selection.routeKey),
      // Reserved for the log (TraceLog.append): this event, one per routed message, has its final shape at once.
      v: TRACE_VERSION,
      seq: 0,
      t: undefined,
      apiId: '',
      stage: '',
    });
    const { routeKey, route } = selection;
    if (routeKey === null || !route?.integration) {
      // No match and no $default: one Forbidden frame; the connection stays open (docs/aws-behaviour.md §1.2).
      const forbidden = gatewayErrorFrame(FORBIDDEN_MESSAGE, conn.id, requestId);
      this.#ws.connections.deliver(conn, forbidden, 'forbidden', routed.seq, { requestId, messageId });
      return undefined;
    }
    const fn = route.integration.function;
    const twoWay = route.routeResponseSelectionExpression === '$default';
    const event = buildMessageEvent(
      this.#ws.facts,
      conn.facts,
      requestFacts(this.#ws, requestId, now),
      routeKey,
      messageId,
      text,
    );
    return lambda.invoke(
      {
        role: 'route',
        functionName: fn,
        participant: `integration:${fn}`,
        event,
        routeKey,
        eventType: 'MESSAGE',
        ids: { connectionId: conn.id, requestId, messageId },
        causeSeq: routed.seq,
        timeoutMs: route.integration.timeoutInMillis ?? DEFAULT_INTEGRATION_TIMEOUT_MS,
        unconfirmed: conn.facts.authorizer ? 'ws-authorizer-context-later-events' : undefined,
      },
      (outcome, causeSeq) => this.#answer(conn, outcome, causeSeq, twoWay, { requestId, messageId }),
    );
  }

  /**
   * Traces the incoming frame and enforces the quotas: a binary frame closes with 1003, a frame
   * over 32 KB or a message over 128 KB with 1009 (DG apigateway-websocket-api-routes-integrations,
   * DG websocket-api-develop-binary-media-types; docs/aws-behaviour.md §1.6).
   */
  #acceptFrame(
    conn: Connection,
    data: string | Uint8Array,
    options?: SendOptions,
  ): { seq: number } | { closed: Promise<void> } {
    const { trace, connections } = this.#ws;
    if (typeof data !== 'string') {
      const frame = trace.append({
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
      return { closed: connections.close(conn, 1003, 'Unsupported Data', 'limit', frame.seq, 'ws-limit-close-reason') };
    }
    const size = utf8Length(data);
    const { fragments, largestFrame, fragmentSize } = frameShape(size, options);
    const frame = trace.append({
      kind: 'ws.frame.in',
      from: conn.participant,
      to: 'gateway',
      connectionId: conn.id,
      opcode: 'text',
      size,
      bytes: size,
      text: preview(data),
      summary: fragments > 1 ? `${preview(data, 80)} (${fragments} fragments)` : preview(data, 80),
      // Reserved for the log (TraceLog.append): this event, one per routed message, has its final shape at once.
      v: TRACE_VERSION,
      seq: 0,
      t: undefined,
      apiId: '',
      stage: '',
    });
    // One browser send() is one frame (ws-browser-frames).
    if (largestFrame > MAX_FRAME_BYTES) {
      const label = fragmentSize ? 'ws-limit-close-reason' : 'ws-browser-frames';
      return { closed: connections.close(conn, 1009, 'Message Too Big', 'limit', frame.seq, label) };
    }
    if (size > MAX_MESSAGE_BYTES)
      return { closed: connections.close(conn, 1009, 'Message Too Big', 'limit', frame.seq, 'ws-limit-close-reason') };
    return { seq: frame.seq };
  }

  /**
   * Route selection: the expression's value matched exactly and case-sensitively against the
   * route keys; else `$default`; else none (DG websocket-api-develop-routes; docs/aws-behaviour.md §1.2).
   */
  #select(text: string): Selection {
    const selected = this.#rse.evaluate(text);
    const value = selected.ok ? selected.value : null;
    let route: WebSocketRouteDefinition | undefined;
    if (value !== null && (route = this.#messageRoutes.get(value)) !== undefined)
      return { value, routeKey: value, route, match: value === '$default' ? 'default' : 'exact' };
    if ((route = this.#defaultRoute) !== undefined) return { value, routeKey: '$default', route, match: 'default' };
    return { value, routeKey: null, route: undefined, match: 'none' };
  }

  /** Route summaries, built once per route key (messages are traced at up to 100k/s). */
  #routeSummary(routeKey: string): string {
    let text = this.#routeSummaries.get(routeKey);
    if (text === undefined) this.#routeSummaries.set(routeKey, (text = `route ${routeKey}`));
    return text;
  }

  /**
   * What the client gets once the gateway has the integration's answer: the gateway's error
   * frame on a failure, even on one-way routes (docs/aws-behaviour.md §1.5); on a two-way route
   * the function's `body` (DG apigateway-websocket-api-route-response, §1.4); else nothing.
   */
  #answer(conn: Connection, outcome: InvocationOutcome, causeSeq: number, twoWay: boolean, ids: MessageIds): void {
    const connections = this.#ws.connections;
    if (outcome.kind === 'integration-timeout') {
      // UNCONFIRMED: [ws-integration-timeout-frame] no capture of this frame exists.
      connections.deliver(
        conn,
        gatewayErrorFrame(TIMEOUT_MESSAGE, conn.id, ids.requestId),
        'integration-error',
        causeSeq,
        ids,
        'ws-integration-timeout-frame',
      );
    } else if (outcome.kind !== 'ok') {
      // A throw or the function's own timeout: Internal server error.
      const text = gatewayErrorFrame(INTERNAL_ERROR_MESSAGE, conn.id, ids.requestId);
      connections.deliver(conn, text, 'integration-error', causeSeq, ids);
    } else if (twoWay) {
      // UNCONFIRMED: [ws-two-way-response-shape] a result that is not an object with a non-empty
      // string body sends nothing, as serverless-offline does.
      const value = outcome.value;
      if (!isRecord(value) || typeof value.body !== 'string' || value.body === '') return;
      const status = value.statusCode;
      const non2xx = typeof status === 'number' && (status < 200 || status > 299);
      // UNCONFIRMED: [ws-two-way-status] the body is sent whatever the statusCode.
      connections.deliver(conn, value.body, 'route-response', causeSeq, ids, non2xx ? 'ws-two-way-status' : undefined);
    }
    // One-way (Lambda proxy without a route response): the return value is not sent
    // (DG apigateway-websocket-api-routes-integrations).
  }
}
