/**
 * How the request builder's Send reaches an HTTP or REST API. Two transports, one result type:
 *
 * - `fetchTransport`: a REAL `fetch` from the page. In fake mode MSW intercepts it and the
 *   embedded gateway answers (src/adapters/msw/http.ts), with the browser's CORS rules
 *   modelled; in real mode it goes to the real endpoint, and the browser enforces CORS for real.
 * - `engineTransport`: calls the deployed engine's `handle()` directly. For a `server` caller
 *   (a backend sends no Origin, which no fetch from this page can do), and it models a
 *   `browser` caller the way the adapter does: the page's origin, and a CORS refusal as the
 *   failed fetch a browser reports.
 *
 * Pure apart from the injected `fetch` and clock, so both are unit-tested in Node.
 */
import type { HttpObservation } from '../adapters/msw';
import type { HttpLikeApi } from '../gateway';

/** One request as the builder composed it. */
export interface OutgoingHttpRequest {
  /** The caller's name: the diagram lane (`client:<name>`). */
  caller: string;
  /** `browser`: a page on another origin (CORS applies). `server`: no Origin, no CORS. */
  kind: 'browser' | 'server';
  method: string;
  url: string;
  headers: [string, string][];
  body?: string;
}

export type HttpOutcome =
  | {
      kind: 'response';
      status: number;
      /** As the client sees them, in order; repeated headers (set-cookie) repeat. */
      headers: [string, string][];
      body: string;
      /** Page time from send to the full body (performance.now, not virtual time). */
      durationMs: number;
      /** Headers the gateway sent that the page cannot read (CORS exposes only some; never set-cookie). */
      hiddenHeaders?: [string, string][];
    }
  | {
      /** What `fetch` rejects with: a TypeError without a status (DNS, CORS, offline). */
      kind: 'network-error';
      message: string;
      /** What the browser's console would add (e.g. the CORS reason); the page itself is not told. */
      detail?: string;
      /** Fake mode: what the gateway answered although the browser hid it from the page. */
      hiddenResponse?: { status: number; headers: [string, string][]; bodyPreview: string };
      durationMs: number;
    };

export type HttpTransport = (req: OutgoingHttpRequest) => Promise<HttpOutcome>;

/**
 * The request header that names the caller to the fake gateway's fetch handler (the diagram
 * lane); the adapter strips it before the engine sees the request, so handlers never do. The
 * same name as the adapter's CLIENT_HEADER (src/adapters/msw/http.ts), not imported from there
 * so the page's first chunk does not pull in MSW.
 */
export const CALLER_HEADER = 'x-playground-client';

const METHODS_WITHOUT_BODY = new Set(['GET', 'HEAD']);

/** The body `fetch` may carry: GET and HEAD requests can't have one (fetch throws). */
export function bodyFor(method: string, body: string | undefined): string | undefined {
  return METHODS_WITHOUT_BODY.has(method.toUpperCase()) || body === undefined || body === '' ? undefined : body;
}

export function fetchTransport(opts: {
  fetch: typeof fetch;
  clock: () => number;
  /** Fake mode: add the caller headers for the adapter. Real mode: send exactly what the learner wrote. */
  tagCaller: boolean;
}): HttpTransport {
  return async (req) => {
    const start = opts.clock();
    const headers = new Headers();
    try {
      for (const [k, v] of req.headers) headers.append(k, v);
      if (opts.tagCaller) headers.set(CALLER_HEADER, req.caller);
    } catch (e) {
      // An invalid header name or value: fetch would throw the same TypeError.
      return { kind: 'network-error', message: `${(e as Error).name}: ${(e as Error).message}`, durationMs: 0 };
    }
    try {
      const res = await opts.fetch(req.url, { method: req.method, headers, body: bodyFor(req.method, req.body) });
      const body = await res.text();
      return {
        kind: 'response',
        status: res.status,
        headers: [...res.headers],
        body,
        durationMs: opts.clock() - start,
      };
    } catch (e) {
      return {
        kind: 'network-error',
        message: e instanceof Error ? `${e.name}: ${e.message}` : String(e),
        detail: 'A browser does not tell the page why a request failed: CORS, DNS or the network (see the console).',
        durationMs: opts.clock() - start,
      };
    }
  };
}

/**
 * Calls the engine as the fake gateway's fetch handler would: a `browser` caller carries the
 * page's origin, so the engine models the preflight and the browser's verdict; a refused one
 * comes back as the TypeError `fetch` gives (the trace keeps the modelled steps).
 */
export function engineTransport(opts: {
  api: () => HttpLikeApi | null;
  origin: string;
  clock: () => number;
}): HttpTransport {
  return async (req) => {
    const start = opts.clock();
    const api = opts.api();
    if (!api)
      return {
        kind: 'network-error',
        message: 'TypeError: Failed to fetch',
        detail: 'No API is deployed.',
        durationMs: 0,
      };
    const res = await api.handle({
      method: req.method.toUpperCase(),
      url: req.url,
      headers: req.headers,
      ...(bodyFor(req.method, req.body) !== undefined ? { body: req.body } : {}),
      clientName: req.caller,
      ...(req.kind === 'browser' ? { origin: opts.origin } : {}),
    });
    const durationMs = opts.clock() - start;
    if (res.cors && !res.cors.allowed) {
      return {
        kind: 'network-error',
        message: 'TypeError: Failed to fetch',
        detail: `CORS: ${res.cors.reason}`,
        durationMs,
      };
    }
    const headers: [string, string][] = [];
    for (const [k, v] of Object.entries(res.headers)) if (!res.multiValueHeaders?.[k]) headers.push([k, v]);
    for (const [k, values] of Object.entries(res.multiValueHeaders ?? {})) for (const v of values) headers.push([k, v]);
    return { kind: 'response', status: res.status, headers, body: res.body, durationMs };
  };
}

/** Adds what the adapter saw and the browser hid from the page: a refused response, unexposed headers. */
export function withAdapterReport(outcome: HttpOutcome, seen: HttpObservation | undefined): HttpOutcome {
  if (!seen) return outcome;
  if (outcome.kind === 'response' && seen.type === 'http-response' && seen.hiddenHeaders?.length) {
    return { ...outcome, hiddenHeaders: seen.hiddenHeaders };
  }
  if (outcome.kind === 'network-error' && seen.type === 'http-failed') {
    return { ...outcome, detail: seen.reason, ...(seen.response ? { hiddenResponse: seen.response } : {}) };
  }
  return outcome;
}
