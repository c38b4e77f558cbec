/**
 * HTTP and REST requests grouped from the trace, one entry per request: the gateway's side of
 * what the request builder shows (like API Gateway's execution log), listing each step the
 * gateway took (route, authorizer, API key, throttle, cache, validation, integration) with the
 * response. Pure, so it is unit-tested in Node.
 */
import type { ApiDefinition, TraceEvent } from '../gateway';
import type { RequestPreset } from '../examples';
import type { Check } from '../lessons';

export interface RequestStep {
  seq: number;
  kind: TraceEvent['kind'];
  /** Untrusted (it may quote learner code or client input): rendered as text only. */
  summary: string;
  unconfirmed?: string;
}

export interface RequestLog {
  /** The gateway's requestId, or `seq-<n>` for an observed (real-mode) request. */
  requestId: string;
  seq: number;
  /** Virtual epoch ms of the request. */
  t: number;
  caller: string;
  method: string;
  path: string;
  query: string;
  status?: number;
  /** Who answered: the integration, the gateway itself, the stage cache, or a MOCK integration. */
  source?: 'integration' | 'gateway' | 'cache' | 'mock';
  errorType?: string;
  /** The last stage-cache outcome (REST), e.g. HIT. */
  cache?: string;
  /** The modelled browser verdict, when the caller was a cross-origin page. */
  cors?: { allowed: boolean; reason: string };
  /** Virtual ms from request to response. */
  durationMs?: number;
  steps: RequestStep[];
}

const STEP_KINDS = new Set<TraceEvent['kind']>([
  'http.route',
  'cors.preflight',
  'cors.verdict',
  'auth.jwt',
  'authorizer.invoke',
  'authorizer.result',
  'apikey.check',
  'throttle',
  'cache',
  'validation',
  'mapping',
  'integration.mock',
  'lambda.invoke',
  'lambda.result',
  'integration.timeout',
  'gateway.reject',
  'table.op',
  'http.response',
]);

function callerOf(e: TraceEvent): string {
  const p = e.kind === 'http.request' ? e.from : e.to;
  return p.startsWith('client:') ? p.slice('client:'.length) : p;
}

export function groupRequests(events: readonly TraceEvent[]): RequestLog[] {
  const grouper = new RequestGrouper();
  grouper.add(events);
  return grouper.list;
}

/**
 * `groupRequests` that goes on: `add` takes the events that follow (a growing trace costs only
 * its new events). An entry the new events change is replaced by a copy, never changed in place,
 * so a list keyed by `seq` sees it change.
 */
export class RequestGrouper {
  /** The requests so far, oldest first (the array itself grows in place). */
  readonly list: RequestLog[] = [];
  /** Indexes into `list`, by requestId. */
  readonly #byId = new Map<string, number>();
  /** Observed requests (real mode) carry no requestId: match a response to its caller's open request. */
  readonly #openByCaller = new Map<string, number>();
  /** Lambda invocations belong to the request that made them (table ops carry only the invocation id). */
  readonly #byInvocation = new Map<string, number>();

  add(events: readonly TraceEvent[]): void {
    const out = this.list;
    /** Entries created or copied by this call: changed in place from then on. */
    const own = new Set<RequestLog>();
    for (const e of events) {
      if (e.kind === 'http.request') {
        const id = e.requestId ?? `seq-${e.seq}`;
        const entry: RequestLog = {
          requestId: id,
          seq: e.seq,
          t: e.t,
          caller: callerOf(e),
          method: e.method,
          path: e.path,
          query: e.query,
          steps: [],
        };
        this.#byId.set(id, out.length);
        if (!e.requestId) this.#openByCaller.set(entry.caller, out.length);
        out.push(entry);
        own.add(entry);
        continue;
      }
      if (!STEP_KINDS.has(e.kind)) continue;
      let at = e.requestId ? this.#byId.get(e.requestId) : undefined;
      if (at === undefined && e.invocationId) at = this.#byInvocation.get(e.invocationId);
      if (at === undefined && !e.requestId && (e.kind === 'http.response' || e.kind === 'cors.verdict'))
        at = this.#openByCaller.get(callerOf(e));
      if (at === undefined) continue;
      let entry = out[at]!;
      if (!own.has(entry)) {
        entry = { ...entry, steps: [...entry.steps] };
        out[at] = entry;
        own.add(entry);
      }
      if (e.invocationId && e.kind === 'lambda.invoke') this.#byInvocation.set(e.invocationId, at);
      entry.steps.push({
        seq: e.seq,
        kind: e.kind,
        summary: e.summary,
        ...(e.unconfirmed ? { unconfirmed: e.unconfirmed } : {}),
      });
      switch (e.kind) {
        case 'cache':
          entry.cache = e.outcome;
          break;
        case 'cors.verdict':
          entry.cors = { allowed: e.allowed, reason: e.reason };
          if (!e.requestId) this.#openByCaller.delete(entry.caller);
          break;
        case 'http.response':
          entry.status = e.status;
          entry.source = e.source;
          if (e.errorType) entry.errorType = e.errorType;
          entry.durationMs = e.t - entry.t;
          if (!e.requestId) this.#openByCaller.delete(entry.caller);
          break;
      }
    }
  }
}

// ---------------------------------------------------------------------------- a lesson's requests

/**
 * The requests a lesson's request builder offers: the ones its checks send, in order, each once
 * (so the examples fit the lesson's own API, never the shop example's). A lesson whose checks send
 * none offers a GET of each route or resource of its API instead. Tokens (`jwt`) are minted at
 * run time by the checks; here the builder's "Mint test token" does that.
 */
export function lessonRequests(checks: readonly Check[], definition: ApiDefinition | null): RequestPreset[] {
  const out: RequestPreset[] = [];
  const seen = new Set<string>();
  const labels = new Set<string>();
  const push = (p: RequestPreset) => {
    const key = JSON.stringify([p.method, p.path, p.query, p.body, p.headers]);
    if (seen.has(key)) return;
    seen.add(key);
    // The same request with other headers or another body gets a label of its own (the list is keyed by label).
    let label = p.label;
    const extra = [...(p.headers ?? []).map(([k, v]) => `${k}: ${v}`), ...(p.body !== undefined ? [p.body] : [])];
    if (labels.has(label) && extra.length) label = `${label} (${clip(extra.join(', '), 40)})`;
    for (let n = 2; labels.has(label); n++) label = `${p.label} (${n})`;
    labels.add(label);
    out.push({ ...p, label });
  };
  for (const check of checks) {
    // A check that deploys another file of the lesson (`api`) sends requests to another API.
    if (check.api) continue;
    for (const step of check.steps) {
      if (!('http' in step)) continue;
      const { method, path, query, headers, json, text } = step.http;
      const body = json !== undefined ? JSON.stringify(json) : text;
      const sent: [string, string][] = Object.entries(headers ?? {});
      if (json !== undefined && !sent.some(([k]) => k.toLowerCase() === 'content-type'))
        sent.push(['Content-Type', 'application/json']);
      push({
        label: `${method} ${path}${query ? `?${query}` : ''}`,
        method,
        path,
        ...(query ? { query } : {}),
        ...(sent.length ? { headers: sent } : {}),
        ...(body !== undefined ? { body } : {}),
      });
    }
  }
  if (out.length || !definition) return out;
  for (const path of definitionPaths(definition)) push({ label: `GET ${path}`, method: 'GET', path });
  return out;
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Paths of an HTTP API's routes or a REST API's resources, with `{id}`-style parameters filled in. */
function definitionPaths(def: ApiDefinition): string[] {
  const fill = (p: string) => p.replace(/\{[^}]+\+\}/g, 'docs').replace(/\{[^}]+\}/g, '1');
  if (def.protocolType === 'HTTP')
    return Object.keys(def.routes ?? {})
      .map((k) => k.split(' ')[1])
      .filter((p): p is string => !!p)
      .map(fill);
  if (def.protocolType === 'REST')
    return Object.entries(def.resources ?? {})
      .filter(([, r]) => Object.keys(r.methods ?? {}).length)
      .map(([p]) => fill(p));
  return [];
}

/** The request builder's placeholders: the first offered request's path, query and body. */
export function requestPlaceholders(requests: readonly RequestPreset[]): { path: string; query: string; body: string } {
  return {
    path: requests[0]?.path ?? '/',
    query: requests.find((r) => r.query)?.query ?? '',
    body: requests.find((r) => r.body)?.body ?? '',
  };
}
