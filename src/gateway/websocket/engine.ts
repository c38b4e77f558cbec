/**
 * The WebSocket API engine: one deployed API stage with its own Clock, ids and trace
 * (docs/aws-behaviour.md §1–§4). It composes the parts a stage is made of:
 *
 *   connect.ts      the handshake: upgrade → authorizer → `$connect` → 101 or rejection
 *   connections.ts  the live connections: state, idle and 2-hour timers, frames out, closes
 *   messages.ts     message routing: quotas → route selection → integration → route response
 *   disconnect.ts   `$disconnect` after a close
 *   management.ts   the `@connections` API (POST, GET, DELETE)
 */
import { createInstanceCore } from '../core/instance';
import type { Clock } from '../core/clock';
import type { TraceLog } from '../core/trace';
import type {
  ConnectRequest,
  ConnectResult,
  ConnectionInfo,
  CreateWebSocketApiOptions,
  ManagementApi,
  PlainHttpRequest,
  WebSocketApi,
  WireResponse,
} from './api';
import { connect } from './connect';
import { ConnectionRegistry } from './connections';
import type { WebSocketApiDefinition } from './definition';
import { runDisconnect } from './disconnect';
import { clfFormatter, findHeader } from '../core/request';
import { DEFAULT_SOURCE_IP, DEFAULT_USER_AGENT } from '../core/request-defaults';
import { createManagementApi } from './management';
import { MessageRouter } from './messages';
import { handlePlainHttp } from './plain-http';
import { stringHeaders } from './records';
import type { WebSocketContext } from './stage';
import { formatDefinitionErrors } from '../core/definition-errors';
import { validateWebSocketDefinition } from './validate-definition';

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

  readonly #ws: WebSocketContext;
  readonly #router: MessageRouter;
  #clientCount = 0;
  #shuttingDown = false;

  constructor(options: CreateWebSocketApiOptions) {
    const checked = validateWebSocketDefinition(options.definition);
    if (!checked.ok) throw new Error(`Invalid WebSocket API definition:\n${formatDefinitionErrors(checked.errors)}`);
    const def = checked.definition;
    this.definition = def;
    const core = createInstanceCore(options, def, 'dev');
    this.clock = core.clock;
    this.apiId = core.apiId;
    this.region = core.region;
    this.stage = core.stage;
    this.domainName = core.domainName;
    this.trace = core.trace;
    this.url = `wss://${this.domainName}/${this.stage}`;
    this.managementEndpoint = `https://${this.domainName}/${this.stage}`;
    const vars = def.stage?.variables;
    // What runs on a connection: message routing and `$disconnect` (both built on the stage below).
    const connections = new ConnectionRegistry(core.clock, core.trace, {
      receive: (conn, data, opts) => this.#router.receive(conn, data, opts),
      closed: (conn, code, reason, causeSeq) => runDisconnect(this.#ws, conn, code, reason, causeSeq),
    });
    this.#ws = {
      ...core,
      definition: def,
      facts: {
        apiId: core.apiId,
        stage: core.stage,
        domainName: core.domainName,
        stageVariables: vars && Object.keys(vars).length ? vars : undefined,
      },
      connections,
      formatTime: clfFormatter(),
      disposed: false,
    };
    this.#router = new MessageRouter(this.#ws);
    this.management = createManagementApi(this.#ws);
  }

  async connect(request: ConnectRequest = {}): Promise<ConnectResult> {
    if (this.#ws.disposed || this.#shuttingDown) throw new Error('This WebSocket API has been disposed');
    this.#ws.work.begin();
    try {
      const headers = stringHeaders(request.headers);
      return await connect(this.#ws, {
        clientName: request.clientName ?? `client-${++this.#clientCount}`,
        query: request.query,
        headers,
        subprotocols: request.subprotocols ?? [],
        sourceIp: request.sourceIp ?? DEFAULT_SOURCE_IP,
        userAgent: request.userAgent ?? findHeader(headers, 'User-Agent') ?? DEFAULT_USER_AGENT,
        ...(request.key !== undefined ? { key: request.key } : {}),
        ...(request.path !== undefined ? { path: request.path } : {}),
      });
    } finally {
      this.#ws.work.end();
    }
  }

  connections(): ConnectionInfo[] {
    return this.#ws.connections.list();
  }

  advanceClock(ms: number): void {
    ms = Math.max(0, ms);
    this.trace.append({ kind: 'clock.advance', from: 'gateway', to: 'gateway', ms, summary: `clock +${ms} ms` });
    this.clock.advance(ms);
  }

  async dropConnection(connectionId: string): Promise<boolean> {
    const conn = this.#ws.connections.open(connectionId);
    if (!conn) return false;
    await this.#ws.connections.drop(conn);
    return true;
  }

  async expireIdle(connectionId: string): Promise<boolean> {
    const conn = this.#ws.connections.open(connectionId);
    if (!conn) return false;
    await this.#ws.connections.expireIdle(conn);
    return true;
  }

  whenIdle(): Promise<void> {
    return this.#ws.work.whenIdle();
  }

  handleHttp(request: PlainHttpRequest): Promise<WireResponse> {
    return handlePlainHttp(this.stage, this.management, request);
  }

  async shutdown(): Promise<void> {
    if (this.#ws.disposed || this.#shuttingDown) return this.whenIdle();
    this.#shuttingDown = true;
    // New upgrades are refused from here (connect() throws); open connections close and run $disconnect.
    await this.#ws.connections.closeAllWithDisconnect();
    await this.whenIdle();
    this.dispose();
  }

  dispose(): void {
    if (this.#ws.disposed) return;
    this.#ws.disposed = true;
    this.#ws.connections.closeAll();
    this.#ws.lambda.dispose();
  }
}

/**
 * Creates one isolated WebSocket API stage from a definition (validated; throws an Error
 * listing every problem) and an Invoker. Behaviour: docs/aws-behaviour.md §1–§4.
 */
export function createWebSocketApi(options: CreateWebSocketApiOptions): WebSocketApi {
  return new WebSocketEngine(options);
}
