/**
 * The request builder for HTTP and REST APIs: named callers (by default a browser app and a
 * partner system, side by side like the two WebSocket clients), each composing a request
 * (method, path, query, header rows, body), sending it through the playground, and keeping a
 * history of what came back (status, headers, body, time).
 */
import type { CallerPreset, RequestPreset } from '../examples';
import type { HttpOutcome, OutgoingHttpRequest } from './http-transport';

export interface HeaderRow {
  id: number;
  name: string;
  value: string;
  /** Unticked rows stay in the list but are not sent (handy for "without the API key"). */
  enabled: boolean;
}

export interface HttpExchange {
  id: number;
  /** Wall-clock epoch ms on the page. */
  at: number;
  request: { method: string; url: string; headers: [string, string][]; body?: string };
  outcome: HttpOutcome;
}

export interface HttpCallerEnvironment {
  /** The stage URL requests go to (the deployed API's, or the real endpoint in real mode). */
  baseUrl(): string;
  /** Why sending is not possible right now, or null. */
  disabledReason(): string | null;
  send(req: OutgoingHttpRequest): Promise<HttpOutcome>;
  /** The gateway's virtual time (tokens are minted against it, as its JWT authorizer checks them). */
  virtualNow(): number;
  now?(): number;
}

/** Options of the "Mint test token" helper (the playground IdP; DG http-api-jwt-authorizer). */
export interface MintOptions {
  sub: string;
  /** Space-separated, as the `scope` claim carries them. */
  scopes: string;
  expiresInSeconds: number;
}

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;
const MAX_HISTORY = 50;

/** Joins the stage URL, a path and a query string (`a=1` or `?a=1`). */
export function buildUrl(base: string, path: string, query: string): string {
  const p = path.trim();
  const q = query.trim().replace(/^\?/, '');
  const joined = base.replace(/\/+$/, '') + (p === '' ? '' : p.startsWith('/') ? p : `/${p}`);
  return q ? `${joined}${joined.includes('?') ? '&' : '?'}${q}` : joined;
}

export class HttpCaller {
  readonly name: string;
  readonly kind: 'browser' | 'server';
  readonly id: number;
  #env: HttpCallerEnvironment;
  #method = $state('GET');
  #path = $state('/');
  #query = $state('');
  #headers = $state<HeaderRow[]>([]);
  #body = $state('');
  #history = $state.raw<HttpExchange[]>([]);
  #sending = $state(false);
  #nextId = 1;
  readonly #defaultHeaders: [string, string][];

  constructor(preset: CallerPreset, id: number, env: HttpCallerEnvironment) {
    this.name = preset.name;
    this.kind = preset.kind;
    this.id = id;
    this.#env = env;
    this.#defaultHeaders = preset.headers ?? [];
    for (const [k, v] of this.#defaultHeaders) this.addHeader(k, v);
  }

  get method(): string {
    return this.#method;
  }
  get path(): string {
    return this.#path;
  }
  get query(): string {
    return this.#query;
  }
  get headers(): HeaderRow[] {
    return this.#headers;
  }
  get body(): string {
    return this.#body;
  }
  /** Newest first. */
  get history(): HttpExchange[] {
    return this.#history;
  }
  get latest(): HttpExchange | undefined {
    return this.#history[0];
  }
  get sending(): boolean {
    return this.#sending;
  }
  get url(): string {
    return buildUrl(this.#env.baseUrl(), this.#path, this.#query);
  }
  /** GET and HEAD carry no body (fetch refuses one). */
  get bodyAllowed(): boolean {
    return this.#method !== 'GET' && this.#method !== 'HEAD';
  }
  /** Why Send is disabled, or null. */
  get sendBlocked(): string | null {
    return this.#env.disabledReason() ?? (this.#env.baseUrl() ? null : 'No URL to send to.');
  }

  setMethod(m: string): void {
    this.#method = m.toUpperCase();
  }
  setPath(p: string): void {
    this.#path = p;
  }
  setQuery(q: string): void {
    this.#query = q;
  }
  setBody(b: string): void {
    this.#body = b;
  }

  addHeader(name = '', value = ''): HeaderRow {
    const row = { id: this.#nextId++, name, value, enabled: true };
    this.#headers.push(row);
    return row;
  }
  updateHeader(id: number, patch: Partial<Omit<HeaderRow, 'id'>>): void {
    const row = this.#headers.find((h) => h.id === id);
    if (row) Object.assign(row, patch);
  }
  removeHeader(id: number): void {
    this.#headers = this.#headers.filter((h) => h.id !== id);
  }
  /** Sets a header (case-insensitive name), adding the row when missing, enabling it. */
  setHeader(name: string, value: string): void {
    const row = this.#headers.find((h) => h.name.toLowerCase() === name.toLowerCase());
    if (row) Object.assign(row, { value, enabled: true });
    else this.addHeader(name, value);
  }

  /** The headers that will be sent: enabled rows with a name. */
  sentHeaders(): [string, string][] {
    return this.#headers.filter((h) => h.enabled && h.name.trim()).map((h) => [h.name.trim(), h.value]);
  }

  /** Loads a ready-made request; the caller's own headers (e.g. its API key) stay. */
  applyPreset(p: RequestPreset): void {
    this.#method = p.method;
    this.#path = p.path;
    this.#query = p.query ?? '';
    this.#body = p.body ?? '';
    const keep = [...this.#defaultHeaders.map(([k]) => k.toLowerCase()), 'authorization'];
    this.#headers = this.#headers.filter((h) => keep.includes(h.name.toLowerCase()));
    for (const [k, v] of p.headers ?? []) this.setHeader(k, v);
  }

  /**
   * Mints a token from the playground IdP against the gateway's virtual clock and puts it in
   * `Authorization: Bearer …`. Pure TypeScript RSA (no crypto.subtle), so it works on plain-http
   * origins too. Returns the token.
   */
  async mintToken(opts: MintOptions): Promise<string> {
    const { mintTestToken } = await import('./gateway-lazy');
    const token = mintTestToken(
      { sub: opts.sub || 'learner', scope: opts.scopes.trim() },
      { now: this.#env.virtualNow(), expiresInSeconds: opts.expiresInSeconds },
    );
    this.setHeader('Authorization', `Bearer ${token}`);
    return token;
  }

  async send(): Promise<HttpExchange | null> {
    if (this.#sending || this.sendBlocked) return null;
    const request = {
      method: this.#method,
      url: this.url,
      headers: this.sentHeaders(),
      ...(this.bodyAllowed && this.#body !== '' ? { body: this.#body } : {}),
    };
    this.#sending = true;
    const at = (this.#env.now ?? Date.now)();
    let outcome: HttpOutcome;
    try {
      outcome = await this.#env.send({ caller: this.name, kind: this.kind, ...request });
    } catch (e) {
      outcome = {
        kind: 'network-error',
        message: e instanceof Error ? `${e.name}: ${e.message}` : String(e),
        durationMs: 0,
      };
    } finally {
      this.#sending = false;
    }
    const exchange: HttpExchange = { id: this.#nextId++, at, request, outcome };
    this.#history = [exchange, ...this.#history].slice(0, MAX_HISTORY);
    return exchange;
  }

  clearHistory(): void {
    this.#history = [];
  }
}

export const DEFAULT_CALLERS: CallerPreset[] = [
  { name: 'Browser app', kind: 'browser' },
  { name: 'Partner system', kind: 'server' },
];

/** Caller ids are unique on the page, across sets (the view keys its builders by them). */
let nextCallerId = 1;

export class HttpCallers {
  #list = $state.raw<HttpCaller[]>([]);
  readonly #env: HttpCallerEnvironment;

  constructor(env: HttpCallerEnvironment, presets: CallerPreset[] = DEFAULT_CALLERS) {
    this.#env = env;
    this.reset(presets);
  }

  get list(): HttpCaller[] {
    return this.#list;
  }

  byName(name: string): HttpCaller | undefined {
    return this.#list.find((c) => c.name === name);
  }

  /** New callers for a newly loaded example (its API keys and requests differ). */
  reset(presets: CallerPreset[] = DEFAULT_CALLERS): void {
    this.#list = presets.map((p) => new HttpCaller(p, nextCallerId++, this.#env));
  }
}

/** `200 OK`-style reason phrases for the status line (fetch's statusText is empty over HTTP/2). */
export function reasonPhrase(status: number): string {
  return STATUS_TEXT[status] ?? '';
}

const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  204: 'No Content',
  301: 'Moved Permanently',
  302: 'Found',
  304: 'Not Modified',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};
