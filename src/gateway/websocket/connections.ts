/**
 * The live connections of one WebSocket stage: their state, the idle and maximum-duration
 * timers, the frames the gateway sends to a client, and the bookkeeping of a close
 * (docs/aws-behaviour.md §1.6). What runs on a connection (message routing, `$disconnect`)
 * is handed in as hooks, so this module knows connections and nothing about routes.
 */
import type { Clock, TimerHandle } from '../core/clock';
import type { KnownDifferenceId } from '../core/known-differences';
import { preview, type CloseInitiator, type Participant, type TraceLog } from '../core/trace';
import type { ClientConnection, CloseInfo, ConnectionInfo, ReadyState, SendOptions } from './api';
import type { ConnectionFacts } from './events';
import { IDLE_TIMEOUT_MS, MAX_CONNECTION_MS } from './frames';
import { utf8Length } from '../core/bytes';

/** The close the gateway sends on dispose and on the idle and 2-hour limits (docs/aws-behaviour.md §1.6). */
const GOING_AWAY = { code: 1001, reason: 'Going away' };

/** RFC 6455 §7.4.1: a connection that closed without a close frame. */
const ABNORMAL_CLOSURE = 1006;

/** One live (or just closed) connection, as the gateway keeps it. */
export interface Connection {
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
  client: ClientConnection;
}

/** Why the gateway sends a client a frame (the trace's `cause`). */
export type OutgoingCause = 'route-response' | 'post-to-connection' | 'forbidden' | 'integration-error' | 'bad-request';

/** The ids an outgoing frame is stamped with in the trace. */
export interface FrameIds {
  requestId?: string;
  messageId?: string;
  invocationId?: string;
}

/** What runs on a connection: the engine wires these to message routing and `$disconnect`. */
export interface ConnectionHooks {
  /** A client's `send()`. */
  receive(conn: Connection, data: string | Uint8Array, options?: SendOptions): Promise<void>;
  /** After a close has been recorded: `$disconnect`. */
  closed(conn: Connection, code: number, reason: string, causeSeq: number): Promise<void>;
}

/** The client's end of a connection (what `connect()` hands out). */
class ClientEnd implements ClientConnection {
  readonly #conn: Connection;
  readonly #registry: ConnectionRegistry;

  constructor(conn: Connection, registry: ConnectionRegistry) {
    this.#conn = conn;
    this.#registry = registry;
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
    return this.#registry.receive(this.#conn, data, options);
  }

  close(code = 1000, reason = ''): Promise<void> {
    return this.#registry.close(this.#conn, code, reason, 'client');
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

export class ConnectionRegistry {
  readonly #clock: Clock;
  readonly #trace: TraceLog;
  readonly #hooks: ConnectionHooks;
  readonly #live = new Map<string, Connection>();
  /** Connection ids whose `$connect` is still running: they do not exist yet. */
  readonly #connecting = new Set<string>();

  constructor(clock: Clock, trace: TraceLog, hooks: ConnectionHooks) {
    this.#clock = clock;
    this.#trace = trace;
    this.#hooks = hooks;
  }

  /** A client's `send()`, handed to message routing. */
  receive(conn: Connection, data: string | Uint8Array, options?: SendOptions): Promise<void> {
    return this.#hooks.receive(conn, data, options);
  }

  /** Marks an id as handshaking until `done()`: `@connections` answers 410 for it meanwhile (§1.3). */
  handshaking(connectionId: string): { done(): void } {
    this.#connecting.add(connectionId);
    return { done: () => this.#connecting.delete(connectionId) };
  }

  isHandshaking(connectionId: string): boolean {
    return this.#connecting.has(connectionId);
  }

  /** The open connection with this id, if any. */
  open(connectionId: string): Connection | undefined {
    const conn = this.#live.get(connectionId);
    return conn && conn.state === 'open' ? conn : undefined;
  }

  /**
   * Registers an accepted connection and starts its idle (10 min) and maximum-duration (2 h)
   * timers (DG limits, apigateway-execution-service-websocket-limits-table).
   */
  add(facts: ConnectionFacts, clientName: string, participant: Participant): Connection {
    let resolveClosed!: (info: CloseInfo) => void;
    const closed = new Promise<CloseInfo>((r) => (resolveClosed = r));
    const conn = {
      id: facts.connectionId,
      clientName,
      participant,
      facts,
      state: 'open',
      lastActiveAt: this.#clock.now(),
      received: [],
      messageListeners: new Set(),
      closeListeners: new Set(),
      closed,
      resolveClosed,
    } as unknown as Connection;
    if (facts.authorizer) conn.principalId = facts.authorizer.principalId;
    conn.client = new ClientEnd(conn, this);
    this.#live.set(conn.id, conn);
    this.#armIdle(conn, IDLE_TIMEOUT_MS);
    conn.maxTimer = this.#clock.setTimer(MAX_CONNECTION_MS, () => {
      conn.maxTimer = undefined;
      // UNCONFIRMED: [ws-max-duration-close] 1001 "Going away" at the 2-hour limit.
      const { code, reason } = GOING_AWAY;
      void this.close(conn, code, reason, 'max-duration', undefined, 'ws-max-duration-close');
    });
    return conn;
  }

  /**
   * The idle timer is re-armed lazily: activity only moves `lastActiveAt`, and when the timer
   * fires it either closes or re-arms for the remaining time. No timer churn per frame.
   */
  #armIdle(conn: Connection, delay: number): void {
    conn.idleTimer = this.#clock.setTimer(delay, () => {
      conn.idleTimer = undefined;
      if (conn.state !== 'open') return;
      const due = conn.lastActiveAt + IDLE_TIMEOUT_MS;
      const now = this.#clock.now();
      if (now >= due) void this.#idleClose(conn);
      else this.#armIdle(conn, due - now);
    });
  }

  // UNCONFIRMED: [ws-idle-close] 1001 "Going away" after 10 idle minutes.
  #idleClose(conn: Connection): Promise<void> {
    return this.close(conn, GOING_AWAY.code, GOING_AWAY.reason, 'idle-timeout', undefined, 'ws-idle-close');
  }

  /**
   * The idle timeout fires for this connection alone, now: the same close as after 10 silent
   * minutes, without moving the stage's clock (the other connections keep their timers).
   */
  expireIdle(conn: Connection): Promise<void> {
    return this.#idleClose(conn);
  }

  /**
   * The client vanished without a close frame. RFC 6455 §7.1.5 reports such a close as 1006
   * ("abnormal closure"; never sent in a close frame), which is what the page's socket shows.
   * UNCONFIRMED: [ws-network-drop-close] what `$disconnect` receives: 1006 and an empty reason.
   */
  drop(conn: Connection): Promise<void> {
    return this.close(conn, ABNORMAL_CLOSURE, '', 'network', undefined, 'ws-network-drop-close');
  }

  /** What `connections()` lists: the live ones. */
  list(): ConnectionInfo[] {
    const out: ConnectionInfo[] = [];
    for (const c of this.#live.values()) {
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

  /** Sends the client one text frame; false when the connection is no longer open. */
  deliver(
    conn: Connection,
    text: string,
    cause: OutgoingCause,
    causeSeq: number,
    ids: FrameIds,
    unconfirmed?: KnownDifferenceId,
    size = utf8Length(text),
  ): boolean {
    if (conn.state !== 'open') return false;
    // UNCONFIRMED: [ws-idle-close] outgoing data frames reset the idle timer too.
    conn.lastActiveAt = this.#clock.now();
    this.#trace.append({
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

  /**
   * Closes a connection, tells the client, then runs `$disconnect` ("executed after the
   * connection is closed … best-effort", DG apigateway-websocket-api-route-keys-connect-disconnect).
   * Resolves when `$disconnect` has finished; closing a closed connection waits for that too.
   */
  close(
    conn: Connection,
    code: number,
    reason: string,
    initiator: CloseInitiator,
    causeSeq?: number,
    unconfirmed?: KnownDifferenceId,
    runDisconnect = true,
  ): Promise<void> {
    if (conn.state !== 'open') return conn.disconnectDone ?? Promise.resolve();
    conn.state = 'closed';
    if (conn.idleTimer !== undefined) this.#clock.clearTimer(conn.idleTimer);
    if (conn.maxTimer !== undefined) this.#clock.clearTimer(conn.maxTimer);
    conn.idleTimer = conn.maxTimer = undefined;
    this.#live.delete(conn.id);
    const byClient = initiator === 'client';
    // A dropped network is drawn from the client's side: the gateway only sees it end.
    const fromClient = byClient || initiator === 'network';
    const closeEvent = this.#trace.append({
      kind: 'ws.close',
      from: fromClient ? conn.participant : 'gateway',
      to: fromClient ? 'gateway' : conn.participant,
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
    conn.disconnectDone = runDisconnect ? this.#hooks.closed(conn, code, reason, closeEvent.seq) : Promise.resolve();
    return conn.disconnectDone;
  }

  /**
   * On a host's shutdown: every connection gets 1001 Going away from the gateway and its
   * `$disconnect` runs, as after any close the gateway makes. Resolves when they have finished.
   */
  async closeAllWithDisconnect(): Promise<void> {
    const closing = [...this.#live.values()].map((conn) =>
      this.close(conn, GOING_AWAY.code, GOING_AWAY.reason, 'gateway'),
    );
    await Promise.all(closing);
  }

  /** On dispose: every connection gets 1001 Going away, and no `$disconnect` runs. */
  closeAll(): void {
    for (const conn of [...this.#live.values()])
      void this.close(conn, GOING_AWAY.code, GOING_AWAY.reason, 'gateway', undefined, undefined, false);
  }
}
