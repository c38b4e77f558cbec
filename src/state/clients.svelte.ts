/**
 * Client consoles: each one drives a REAL `new WebSocket(url)` on the page (MSW intercepts it
 * in fake mode, so the learner's browser behaves exactly as with a real endpoint) and keeps
 * the list of frames it saw.
 */
import type { Observation } from './observed-trace';
import { MAX_CLIENTS, freshBatchNames, uniqueNames, type ClientScript, type PacerTimers } from './client-script';
import { ScriptRunner, type ScriptProgress } from './client-script.svelte';

export type FrameKind = 'sent' | 'received' | 'open' | 'error' | 'close' | 'rejected' | 'info';

export interface Frame {
  id: number;
  kind: FrameKind;
  /** Untrusted (frames come from learner code): rendered as text only. */
  text: string;
  /** Wall-clock epoch ms on the page. */
  at: number;
}

export type ClientStatus = 'idle' | 'connecting' | 'open' | 'closing' | 'closed';

/** What a console needs from the rest of the app. */
export interface ClientEnvironment {
  /** The URL to use when the learner hasn't typed one (the deployed API's, or the real endpoint). */
  defaultUrl(): string;
  /** Why connecting is not possible right now, or null. */
  disabledReason(): string | null;
  /** `WebSocket` constructor; injectable for tests. */
  WebSocket?: typeof WebSocket;
  now?: () => number;
  /** 'real' when a socket opened now goes to a real endpoint (read once per connection). */
  mode?(): 'fake' | 'real';
  /** Real mode: what this console's socket saw, for the observed trace (the backend is hidden). */
  observe?(o: Observation): void;
  /** The running fake WebSocket API, for "Drop network" and "Go idle" (null when none runs). */
  gateway?(): ClientGatewayControls | null;
  /** Real-time timers for scripted clients; injectable for tests. */
  timers?: PacerTimers;
}

/** What "Drop network" and "Go idle" ask of the fake gateway (`WebSocketApi` has both). */
export interface ClientGatewayControls {
  dropConnection(connectionId: string): Promise<boolean>;
  expireIdle(connectionId: string): Promise<boolean>;
}

/** A client as share links and the bulk controls describe it. */
export interface ClientSpec {
  name: string;
  /** The query string (`name=Alice`); default `name=<name>`. */
  query?: string;
  /** Offered subprotocols, as a list or as the console's comma-separated text. */
  protocols?: string | string[];
  /** Scripted messages, one per entry. */
  script?: string[];
}

/** The subset of the MSW adapter's ClientEvent a console uses. */
export interface AdapterEvent {
  type: string;
  socket: unknown;
  /** `rejected`: one line such as `HTTP 401: Unauthorized`. */
  reason?: string;
  /** `open` in fake mode. */
  connectionId?: string;
}

const MAX_FRAMES = 500;

/** Close codes a browser lets a page send: 1000 or 3000–4999 (WebSocket API, close()). */
export function checkCloseCode(text: string): string | null {
  if (text.trim() === '') return null;
  const n = Number(text);
  if (!Number.isInteger(n) || !(n === 1000 || (n >= 3000 && n <= 4999))) {
    return 'A page may close with 1000 or 3000–4999.';
  }
  return null;
}

/** Joins the base URL and a query string (`name=Alice` or `?name=Alice`). */
export function withQuery(url: string, query: string): string {
  const q = query.trim().replace(/^\?/, '');
  if (!q) return url;
  return url + (url.includes('?') ? '&' : '?') + q;
}

export class ClientSession {
  readonly name: string;
  readonly id: number;
  #env: ClientEnvironment;
  #url = $state('');
  #query = $state('');
  #protocols = $state('');
  #closeCode = $state('1000');
  #closeReason = $state('');
  #draft = $state('');
  #status = $state<ClientStatus>('idle');
  #protocol = $state('');
  #connectionId = $state('');
  #frames = $state.raw<Frame[]>([]);
  /** The URL this connection was opened with (without the query): edits elsewhere never change it. */
  #connectedUrl = $state('');
  /** The socket goes to a real endpoint (read once per connection). */
  #real = $state(false);
  /** How the last connection ended: "closed 1001: the API was redeployed". */
  #closed = $state('');
  /** Why the page is about to lose this connection (told before the close arrives). */
  #closingBecause = '';
  #socket: WebSocket | null = null;
  /** The URL actually opened, to match adapter events to this console. */
  #openedUrl = '';
  #nextFrameId = 1;
  /** Real mode: reports to the observed trace (null in fake mode, where the engine traces). */
  #observe: ((o: DistributiveOmit<Observation, 'client'>) => void) | null = null;
  #closingByClient = false;
  readonly #script: ScriptRunner;
  #sentCount = $state(0);
  #receivedCount = $state(0);

  constructor(name: string, id: number, env: ClientEnvironment) {
    this.name = name;
    this.id = id;
    this.#env = env;
    this.#query = `name=${encodeURIComponent(name)}`;
    this.#script = new ScriptRunner(env.timers);
  }

  /** The scripted messages and how they run (stored on the client; share links keep `messages`). */
  get script(): ClientScript {
    return this.#script.script;
  }
  get scriptProgress(): ScriptProgress {
    return this.#script.progress;
  }
  /** Text frames this client sent and received since it was added (frames beyond the 500 kept too). */
  get sentCount(): number {
    return this.#sentCount;
  }
  get receivedCount(): number {
    return this.#receivedCount;
  }

  setScript(script: Partial<ClientScript>): void {
    this.#script.set(script);
  }

  /** Why the script cannot start now, or null. */
  get scriptBlocked(): string | null {
    if (this.#script.running) return null;
    if (this.#script.script.messages.length === 0) return 'Write at least one message.';
    if (this.#status !== 'open') return 'Connect first.';
    return null;
  }

  /** Sends the script at its rate (real time) until done, stopped or closed. */
  startScript(): void {
    if (this.scriptBlocked) return;
    this.#script.start(this.name, (text) => this.#status === 'open' && this.send(text));
  }

  stopScript(why?: string): void {
    this.#script.stop(why);
  }

  /** Why "Drop network" and "Go idle" are off, or null. */
  get networkBlocked(): string | null {
    if (this.#real) return 'A real endpoint: the page cannot cut its network or skip its 10 minutes.';
    if (this.#status !== 'open') return 'Connect first.';
    if (!this.#connectionId || !this.#env.gateway?.()) return 'The fake gateway has not reported this connection.';
    return null;
  }

  /**
   * The client's network goes away: no close frame, the gateway runs `$disconnect` with 1006
   * and the page's socket reports 1006 (docs/aws-behaviour.md §1.6). Fake gateway only.
   */
  async dropNetwork(): Promise<void> {
    const gateway = this.#env.gateway?.();
    if (this.networkBlocked || !gateway) return;
    this.#closingBecause = 'the network dropped (simulated)';
    if (!(await gateway.dropConnection(this.#connectionId))) this.#closingBecause = '';
  }

  /**
   * This connection's 10-minute idle timeout fires now: 1001 "Going away" and `$disconnect`, as
   * after 10 silent minutes. Only this connection: the virtual clock does not move.
   */
  async goIdle(): Promise<void> {
    const gateway = this.#env.gateway?.();
    if (this.networkBlocked || !gateway) return;
    this.#closingBecause = 'idle for 10 minutes (its idle timeout fired now; the clock did not move)';
    if (!(await gateway.expireIdle(this.#connectionId))) this.#closingBecause = '';
  }

  /** While connected, the URL the connection was opened with; otherwise what the next one will use. */
  get url(): string {
    if (this.#connectedUrl && this.connected) return this.#connectedUrl;
    return this.#url || this.#env.defaultUrl();
  }
  get urlEdited(): boolean {
    return this.#url !== '';
  }
  get query(): string {
    return this.#query;
  }
  get protocols(): string {
    return this.#protocols;
  }
  get closeCode(): string {
    return this.#closeCode;
  }
  get closeReason(): string {
    return this.#closeReason;
  }
  get closeCodeError(): string | null {
    return checkCloseCode(this.#closeCode);
  }
  get draft(): string {
    return this.#draft;
  }
  get status(): ClientStatus {
    return this.#status;
  }
  get protocol(): string {
    return this.#protocol;
  }
  get frames(): Frame[] {
    return this.#frames;
  }
  /** The gateway's connectionId (fake mode), as `event.requestContext.connectionId` in handlers. */
  get connectionId(): string {
    return this.#connectionId;
  }
  get openedUrl(): string {
    return this.#openedUrl;
  }
  /** The connection goes to a real endpoint, which never tells a client its connection id. */
  get real(): boolean {
    return this.#real;
  }
  /** How the last connection ended, e.g. `closed 1001: the API was redeployed` ('' while none has). */
  get closedBecause(): string {
    return this.#closed;
  }
  get connected(): boolean {
    return this.#status === 'open' || this.#status === 'connecting' || this.#status === 'closing';
  }
  /** Why Connect is disabled, or null. */
  get connectBlocked(): string | null {
    if (this.connected) return null;
    return this.#env.disabledReason() ?? (this.url ? null : 'No URL to connect to.');
  }

  /** '' goes back to the default URL. */
  setUrl(url: string): void {
    this.#url = url === this.#env.defaultUrl() ? '' : url;
  }
  setQuery(q: string): void {
    this.#query = q;
  }
  setProtocols(p: string): void {
    this.#protocols = p;
  }
  setCloseCode(c: string): void {
    this.#closeCode = c;
  }
  setCloseReason(r: string): void {
    this.#closeReason = r;
  }
  setDraft(d: string): void {
    this.#draft = d;
  }

  connect(): void {
    if (this.connected || this.connectBlocked) return;
    const url = withQuery(this.url, this.#query);
    const protocols = this.#protocols
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean);
    const Ctor = this.#env.WebSocket ?? WebSocket;
    const base = this.url;
    let ws: WebSocket;
    try {
      ws = protocols.length ? new Ctor(url, protocols) : new Ctor(url);
    } catch (e) {
      // e.g. SyntaxError for a malformed URL or an invalid subprotocol token.
      this.#push('error', `Could not open: ${(e as Error).message}`);
      return;
    }
    this.#socket = ws;
    this.#openedUrl = url;
    this.#connectedUrl = base;
    this.#status = 'connecting';
    this.#protocol = '';
    this.#connectionId = '';
    this.#closed = '';
    this.#closingBecause = '';
    this.#real = this.#env.mode?.() === 'real';
    this.#push('info', `connecting…${protocols.length ? ` (offering ${protocols.join(', ')})` : ''}`);
    // In real mode the engine sees nothing, so this console reports what its socket sees.
    const observe = this.#real ? this.#env.observe : undefined;
    this.#observe = observe ? (o) => observe({ client: this.name, ...o } as Observation) : null;
    this.#observe?.({ type: 'connecting', url, protocols });
    let opened = false;
    ws.addEventListener('open', () => {
      if (this.#socket !== ws) return;
      opened = true;
      this.#status = 'open';
      this.#protocol = ws.protocol;
      this.#push('open', ws.protocol ? `open (protocol: ${ws.protocol})` : 'open');
      this.#observe?.({ type: 'open', protocol: ws.protocol });
    });
    ws.addEventListener('message', (e: MessageEvent) => {
      if (this.#socket !== ws) return;
      const data = e.data;
      this.#receivedCount++;
      this.#push('received', typeof data === 'string' ? data : `[binary ${describeBinary(data)}]`);
      const text = typeof data === 'string' ? data : '';
      this.#observe?.({
        type: 'message',
        direction: 'received',
        data: text,
        binary: typeof data !== 'string',
        size: typeof data === 'string' ? new TextEncoder().encode(data).length : binarySize(data),
      });
    });
    ws.addEventListener('error', () => {
      if (this.#socket !== ws) return;
      // Browsers deliberately say nothing more about a failed handshake; the adapter's
      // "rejected" event (when there is one) gives the HTTP status.
      this.#push('error', 'error');
    });
    ws.addEventListener('close', (e: CloseEvent) => {
      if (this.#socket !== ws) return;
      this.#socket = null;
      this.#status = 'closed';
      this.stopScript('the connection closed');
      this.#connectedUrl = '';
      const why = this.#closingByClient ? 'this client disconnected' : this.#closingBecause;
      this.#closingBecause = '';
      this.#closed = `closed ${e.code}${why ? `: ${why}` : e.reason ? ` ${e.reason}` : ''}`;
      const text = `close ${e.code}${e.reason ? ` ${e.reason}` : ''}${e.wasClean ? '' : ' (not clean)'}`;
      this.#push('close', why && !this.#closingByClient ? `${text}: ${why}` : text);
      if (!opened) this.#observe?.({ type: 'failed', code: e.code });
      else this.#observe?.({ type: 'close', code: e.code, reason: e.reason, byClient: this.#closingByClient });
      this.#closingByClient = false;
    });
  }

  disconnect(): void {
    const ws = this.#socket;
    if (!ws) return;
    const codeText = this.#closeCode.trim();
    if (checkCloseCode(codeText)) return;
    try {
      if (codeText === '') ws.close();
      else ws.close(Number(codeText), this.#closeReason);
      this.#status = 'closing';
      this.#closingByClient = true;
    } catch (e) {
      // e.g. a reason over 123 bytes (SyntaxError).
      this.#push('error', `close() failed: ${(e as Error).message}`);
    }
  }

  /** Sends the draft (or `text`) as one text frame; clears the draft. False when nothing went. */
  send(text?: string): boolean {
    const ws = this.#socket;
    const data = text ?? this.#draft;
    if (!ws || this.#status !== 'open' || data === '') return false;
    try {
      ws.send(data);
    } catch (e) {
      this.#push('error', `send() failed: ${(e as Error).message}`);
      return false;
    }
    this.#sentCount++;
    this.#push('sent', data);
    this.#observe?.({
      type: 'message',
      direction: 'sent',
      data,
      binary: false,
      size: new TextEncoder().encode(data).length,
    });
    if (text === undefined) this.#draft = '';
    return true;
  }

  /**
   * The page is about to close this connection itself (a redeploy replaces the API it is open
   * on): its close says why, as a browser's close event cannot.
   */
  closingBecause(why: string): void {
    if (this.connected) this.#closingBecause = why;
  }

  /** True when `socket` is this console's current socket. */
  owns(socket: unknown): boolean {
    return this.#socket !== null && this.#socket === socket;
  }

  /**
   * What the gateway adapter knows and the browser doesn't show: the HTTP status of a
   * rejected handshake ("handshake rejected: HTTP 401"), the connectionId of an open one.
   */
  adapterEvent(e: AdapterEvent): void {
    if (e.type === 'rejected') this.#push('rejected', `handshake rejected: ${e.reason ?? 'unknown reason'}`);
    else if (e.type === 'open' && e.connectionId) this.#connectionId = e.connectionId;
  }

  clearFrames(): void {
    this.#frames = [];
  }

  /** Forgets the socket without waiting for its close (used when the console is removed). */
  dispose(): void {
    this.stopScript();
    const ws = this.#socket;
    this.#socket = null;
    this.#status = 'closed';
    this.#connectedUrl = '';
    try {
      ws?.close();
    } catch {
      // already closing
    }
  }

  #push(kind: FrameKind, text: string): void {
    const frame: Frame = { id: this.#nextFrameId++, kind, text, at: (this.#env.now ?? Date.now)() };
    const next = this.#frames.length >= MAX_FRAMES ? this.#frames.slice(-MAX_FRAMES + 1) : this.#frames.slice();
    next.push(frame);
    this.#frames = next;
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

function binarySize(data: unknown): number {
  if (data instanceof ArrayBuffer) return data.byteLength;
  if (typeof Blob !== 'undefined' && data instanceof Blob) return data.size;
  return 0;
}

function describeBinary(data: unknown): string {
  if (data instanceof ArrayBuffer) return `${data.byteLength} bytes`;
  if (typeof Blob !== 'undefined' && data instanceof Blob) return `${data.size} bytes`;
  return 'data';
}

const DEFAULT_NAMES = ['Alice', 'Bob', 'Carol', 'Dave', 'Erin', 'Frank', 'Grace', 'Heidi'];

export class Clients {
  #list = $state.raw<ClientSession[]>([]);
  #nextId = 1;
  readonly #env: ClientEnvironment;

  constructor(env: ClientEnvironment, names: string[] = ['Alice', 'Bob']) {
    this.#env = env;
    for (const n of names) this.add(n);
  }

  get list(): ClientSession[] {
    return this.#list;
  }

  add(name?: string): ClientSession {
    const taken = (n: string) => this.#list.some((c) => c.name === n);
    const n = name ?? DEFAULT_NAMES.find((d) => !taken(d)) ?? `Client${this.#nextId}`;
    const c = new ClientSession(n, this.#nextId++, this.#env);
    this.#list = [...this.#list, c];
    return c;
  }

  remove(c: ClientSession): void {
    c.dispose();
    this.#list = this.#list.filter((x) => x !== c);
  }

  /** Removes several at once (one list update). */
  removeMany(clients: readonly ClientSession[]): void {
    for (const c of clients) c.dispose();
    this.#list = this.#list.filter((x) => !clients.includes(x));
  }

  /** Room left for clients in this page. */
  get room(): number {
    return MAX_CLIENTS - this.#list.length;
  }

  /**
   * Adds named clients with their query string, subprotocols and script (a share link's clients),
   * in one list update. A name that is taken gets a suffix (`-2`); beyond MAX_CLIENTS the rest are left out.
   */
  addClients(specs: readonly ClientSpec[]): ClientSession[] {
    const kept = specs.slice(0, Math.max(0, this.room));
    const names = uniqueNames(
      kept.map((s) => s.name),
      this.#list.map((c) => c.name),
    );
    const added: ClientSession[] = [];
    for (const [i, spec] of kept.entries()) {
      const c = new ClientSession(names[i]!, this.#nextId++, this.#env);
      if (spec.query !== undefined) c.setQuery(spec.query);
      if (spec.protocols !== undefined)
        c.setProtocols(Array.isArray(spec.protocols) ? spec.protocols.join(', ') : spec.protocols);
      if (spec.script) c.setScript({ messages: [...spec.script] });
      added.push(c);
    }
    this.#list = [...this.#list, ...added];
    return added;
  }

  /** `count` clients named from `pattern` (`student-{n}`), each with `script` when given. */
  addBatch(count: number, pattern: string, script?: string[]): ClientSession[] {
    const names = freshBatchNames(
      pattern,
      Math.min(count, this.room),
      this.#list.map((c) => c.name),
    );
    return this.addClients(names.map((name) => (script ? { name, script } : { name })));
  }

  /** Connects every client that is not connected and may connect. */
  connectAll(): void {
    for (const c of this.#list) if (!c.connected && !c.connectBlocked) c.connect();
  }

  /** Disconnects every connected client (each with its own close code). */
  disconnectAll(): void {
    for (const c of this.#list) if (c.connected) c.disconnect();
  }

  /** Starts every script that can start (connected, with messages). */
  startAllScripts(): void {
    for (const c of this.#list) if (!c.scriptBlocked && !c.scriptProgress.running) c.startScript();
  }

  stopAllScripts(): void {
    for (const c of this.#list) c.stopScript();
  }

  /** How many are open, connecting, and running a script (the bulk bar's summary). */
  get counts(): { total: number; open: number; connecting: number; scripts: number } {
    let open = 0;
    let connecting = 0;
    let scripts = 0;
    for (const c of this.#list) {
      if (c.status === 'open') open++;
      else if (c.status === 'connecting') connecting++;
      if (c.scriptProgress.running) scripts++;
    }
    return { total: this.#list.length, open, connecting, scripts };
  }

  byName(name: string): ClientSession | undefined {
    return this.#list.find((c) => c.name === name);
  }

  /** The diagram lane name for a socket this page opened (`client:Alice`). */
  nameOf(socket: unknown): string | undefined {
    return this.#list.find((c) => c.owns(socket))?.name;
  }

  /**
   * A deploy is replacing the fake API at `url`: every console connected to it through the fake
   * gateway is about to be closed (1001), and will say it was the redeploy.
   */
  redeploying(url: string): void {
    for (const c of this.#list) if (!c.real && c.openedUrl.startsWith(url)) c.closingBecause('the API was redeployed');
  }

  /** Hands an adapter event to the console whose socket it is about. */
  adapterEvent(e: AdapterEvent): void {
    this.#list.find((c) => c.owns(e.socket))?.adapterEvent(e);
  }
}
