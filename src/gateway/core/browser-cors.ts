/**
 * CORS as the browser applies it (Fetch standard, "CORS protocol"), for HTTP and REST APIs
 * alike: when a page on another origin calls the API, the browser sends a preflight for
 * non-simple requests and refuses responses that do not allow its origin. In fake mode the
 * browser sends no preflight to an intercepted request, so the engines model both
 * (docs/aws-behaviour.md §5.6; README, "How the fake gateway works"). What the gateway answers is each API
 * type's own (http/cors.ts; REST's OPTIONS methods).
 */
import type { GatewayHttpRequest, GatewayHttpResponse } from './http-types';
import type { Participant, TraceLog } from './trace';

const SAFELISTED_METHODS = ['GET', 'HEAD', 'POST'];
const SIMPLE_CONTENT_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];
/** Headers the page cannot set or that the browser adds itself: never part of the preflight decision. */
const BROWSER_HEADERS = new Set([
  'accept-charset',
  'accept-encoding',
  'connection',
  'content-length',
  'cookie',
  'host',
  'origin',
  'referer',
  'user-agent',
  'sec-fetch-mode',
  'sec-fetch-site',
  'sec-fetch-dest',
]);

/**
 * Whether the browser sends a preflight first, and which request headers it names in
 * Access-Control-Request-Headers (Fetch: a method other than GET/HEAD/POST, or a header that
 * is not CORS-safelisted, e.g. `authorization` or `content-type: application/json`).
 */
export function browserPreflight(
  method: string,
  headers: readonly [string, string][],
): { needed: boolean; requestHeaders: string[] } {
  const names = new Set<string>();
  for (const [k, v] of headers) {
    const name = k.toLowerCase();
    if (BROWSER_HEADERS.has(name)) continue;
    if (name === 'accept' || name === 'accept-language' || name === 'content-language') continue;
    if (name === 'content-type') {
      const type = v.split(';')[0].trim().toLowerCase();
      if (SIMPLE_CONTENT_TYPES.includes(type)) continue;
    }
    names.add(name);
  }
  const requestHeaders = [...names].sort();
  return { needed: !SAFELISTED_METHODS.includes(method) || requestHeaders.length > 0, requestHeaders };
}

function header(headers: Record<string, string>, name: string): string | undefined {
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === name) return v;
  return undefined;
}

function allowsOrigin(headers: Record<string, string>, origin: string): { ok: boolean; reason: string } {
  const acao = header(headers, 'access-control-allow-origin');
  if (acao === undefined)
    return { ok: false, reason: `No 'Access-Control-Allow-Origin' header is present on the requested resource.` };
  if (acao !== '*' && acao !== origin)
    return {
      ok: false,
      reason: `The 'Access-Control-Allow-Origin' header has a value '${acao}' that is not equal to the supplied origin.`,
    };
  return { ok: true, reason: '' };
}

/**
 * The browser's check of a preflight response (Fetch "CORS-preflight fetch"): an ok status,
 * the origin allowed, the method listed (unless GET/HEAD/POST) and every non-safelisted
 * request header listed (`*` covers all but `authorization`). Credentials are not modelled:
 * `fetch` defaults to `credentials: 'same-origin'`, so a cross-origin call sends none.
 */
export function checkPreflight(
  response: { status: number; headers: Record<string, string> },
  origin: string,
  method: string,
  requestHeaders: readonly string[],
): { allowed: boolean; reason: string } {
  const blocked = `Access to fetch from origin '${origin}' has been blocked by CORS policy: `;
  const prefix = blocked + `Response to preflight request doesn't pass access control check: `;
  const o = allowsOrigin(response.headers, origin);
  if (!o.ok) return { allowed: false, reason: prefix + o.reason };
  if (response.status < 200 || response.status > 299)
    return { allowed: false, reason: prefix + `It does not have HTTP ok status (${response.status}).` };
  const methods = (header(response.headers, 'access-control-allow-methods') ?? '').split(',').map((m) => m.trim());
  if (!SAFELISTED_METHODS.includes(method) && !methods.includes(method) && !methods.includes('*'))
    return {
      allowed: false,
      reason: blocked + `Method ${method} is not allowed by Access-Control-Allow-Methods in preflight response.`,
    };
  const allowed = (header(response.headers, 'access-control-allow-headers') ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter((h) => h !== '');
  for (const h of requestHeaders)
    if (!allowed.includes(h) && !(allowed.includes('*') && h !== 'authorization'))
      return {
        allowed: false,
        reason:
          blocked + `Request header field ${h} is not allowed by Access-Control-Allow-Headers in preflight response.`,
      };
  return { allowed: true, reason: 'the preflight response allows this origin, method and headers' };
}

/** The browser's check of the actual response: its origin must be allowed, or the page sees a network error. */
export function checkResponse(headers: Record<string, string>, origin: string): { allowed: boolean; reason: string } {
  const o = allowsOrigin(headers, origin);
  if (!o.ok)
    return {
      allowed: false,
      reason: `Access to fetch from origin '${origin}' has been blocked by CORS policy: ${o.reason}`,
    };
  return { allowed: true, reason: `Access-Control-Allow-Origin allows ${origin}` };
}

/** What `modelBrowserFetch` needs from the engine it models a browser for. */
export interface BrowserFetchModel {
  trace: TraceLog;
  /** The page's request, as the engine got it; `clientName` resolved. */
  request: GatewayHttpRequest & { clientName: string };
  origin: string;
  /** The request's headers as [name, value] pairs (repeats kept). */
  headers: [string, string][];
  /** Runs one request through the engine's pipeline (the preflight, then the actual request). */
  exchange(request: GatewayHttpRequest, modelledPreflight: boolean): Promise<GatewayHttpResponse>;
  /** The gateway's request id on a response (HTTP APIs: `apigw-requestid`; REST: `x-amzn-RequestId`). */
  requestIdOf(response: GatewayHttpResponse): string | undefined;
  /** The trace seq of the `http.response` event of a response, for causality. */
  seqOf(response: GatewayHttpResponse): number | undefined;
}

/**
 * A page on another origin calls the API. In fake mode the browser sends no preflight to an
 * intercepted request, so the engine models what the browser does (Fetch standard, "CORS
 * protocol"): an OPTIONS preflight through the normal pipeline when the request is not simple,
 * then the check of the actual response. Both verdicts are traced as `modelled`. A blocked
 * request comes back as status 0 with `cors.allowed: false`: the page sees a network error
 * (`TypeError: Failed to fetch`), no status and no body. Used by HTTP and REST APIs alike; what
 * differs between them (who answers the preflight) lives in their pipelines (DG http-api-cors,
 * docs/aws-behaviour.md §5.6).
 */
export async function modelBrowserFetch(m: BrowserFetchModel): Promise<GatewayHttpResponse> {
  const { trace, request, origin } = m;
  const method = request.method.toUpperCase();
  const participant: Participant = `client:${request.clientName}`;
  const pairs: [string, string][] = [...m.headers];
  if (!pairs.some(([k]) => k.toLowerCase() === 'origin')) pairs.push(['Origin', origin]);
  let preflight: { status: number; headers: Record<string, string> } | undefined;
  const pf = browserPreflight(method, m.headers);
  if (pf.needed && method !== 'OPTIONS') {
    const preHeaders: [string, string][] = [
      ['Origin', origin],
      ['Access-Control-Request-Method', method],
    ];
    if (pf.requestHeaders.length) preHeaders.push(['Access-Control-Request-Headers', pf.requestHeaders.join(',')]);
    const pre = await m.exchange(
      {
        method: 'OPTIONS',
        url: request.url,
        headers: preHeaders,
        clientName: request.clientName,
        sourceIp: request.sourceIp,
      },
      true,
    );
    preflight = { status: pre.status, headers: pre.headers };
    const check = checkPreflight(pre, origin, method, pf.requestHeaders);
    const ev = trace.append({
      kind: 'cors.preflight',
      from: participant,
      to: participant,
      causeSeq: m.seqOf(pre),
      requestId: m.requestIdOf(pre),
      origin,
      requestMethod: method,
      requestHeaders: pf.requestHeaders,
      status: pre.status,
      allowed: check.allowed,
      modelled: true,
      summary: `browser preflight ${check.allowed ? 'passed' : 'failed'} (${pre.status})`,
    });
    if (!check.allowed) {
      trace.append({
        kind: 'cors.verdict',
        from: participant,
        to: participant,
        causeSeq: ev.seq,
        requestId: m.requestIdOf(pre),
        origin,
        allowed: false,
        reason: check.reason,
        modelled: true,
        summary: `blocked by CORS: the browser never sends the ${method}`,
      });
      return { status: 0, headers: {}, body: '', cors: { allowed: false, reason: check.reason, preflight } };
    }
  }
  const res = await m.exchange({ ...request, headers: pairs }, false);
  const verdict = checkResponse(res.headers, origin);
  trace.append({
    kind: 'cors.verdict',
    from: participant,
    to: participant,
    causeSeq: m.seqOf(res),
    requestId: m.requestIdOf(res),
    origin,
    allowed: verdict.allowed,
    reason: verdict.reason,
    modelled: true,
    summary: verdict.allowed
      ? 'CORS: the page may read the response'
      : 'blocked by CORS: the page cannot read the response',
  });
  res.cors = { allowed: verdict.allowed, reason: verdict.reason, ...(preflight ? { preflight } : {}) };
  return res;
}
