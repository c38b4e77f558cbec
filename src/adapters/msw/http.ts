/**
 * The page's real `fetch` (and XHR) to `https://{apiId}.execute-api.{region}.amazonaws.com/…`,
 * served by the HTTP API or REST API engine registered at that URL (fake mode) or sent to a real
 * endpoint (real mode). One `http.all` handler; it runs in the page in both of MSW's transports
 * (service worker, or fallback mode where MSW patches `fetch`/XHR because there is no service
 * worker), so it behaves the same in both.
 *
 * The page is always on another origin than execute-api, in fake mode as in real mode, so what
 * the page sees follows the browser's CORS rules (Fetch standard, "CORS protocol"):
 * - the engine models the preflight and the verdict (a browser sends no preflight to an
 *   intercepted request; `GatewayHttpRequest.origin`); a refusal reaches the page as the
 *   network error a browser gives (`TypeError: Failed to fetch`), and the status the gateway
 *   answered, which the browser hides, goes to `onHttpEvent` for the UI log;
 * - of an allowed response the page reads only the CORS-safelisted headers and those in
 *   `Access-Control-Expose-Headers`, never `set-cookie`. So a REST `403 Missing Authentication
 *   Token` (a gateway response without CORS headers, docs/aws-behaviour.md §5.6) is a failed fetch
 *   for the page, exactly as against AWS; its status, `x-amzn-ErrorType` and body are in the
 *   `http-failed` event.
 * - cookies: the page (the app's origin) is cross-site to amazonaws.com, so Chromium keeps and
 *   sends the API's cookies only for `credentials: 'include'` and only `SameSite=None; Secure`
 *   ones. A jar per gateway plays the browser's cookie store for execute-api hosts.
 * Not modelled: `mode: 'no-cors'` (a browser resolves it with an opaque response; MSW cannot
 * produce one, so a refused one fails here), third-party-cookie blocking, response.type 'cors'.
 */
import { bypass, http, type AnyHandler } from 'msw';
import type { GatewayHttpRequest, GatewayHttpResponse, HttpLikeApi, RegisteredApi } from '../../gateway';
import type { GatewayMode } from './client-event';
import { CookieJar } from './vendor/tough-cookie-lite';

/**
 * `https://{anything}.execute-api.{anything}.amazonaws.com…`: every https URL on an execute-api
 * host stays in the playground in fake mode (wider than `parseExecuteApiHttpsUrl`, so a malformed
 * one fails as "no API deployed" instead of leaving for the real AWS).
 */
export const EXECUTE_API_HTTPS =
  /^https:\/\/[^/?#]+\.execute-api\.[^/?#]+\.amazonaws\.com(?:\.cn)?(?::\d+)?(?:[/?#]|$)/;

/**
 * A request header the app's request builder sets to name the diagram lane (`client:<name>`).
 * Removed before the request goes anywhere: it is not the learner's, and as a non-safelisted
 * header it would make a real browser send a preflight.
 */
export const CLIENT_HEADER = 'x-playground-client';

/** The diagram lane of a request that names none. */
export const DEFAULT_HTTP_CLIENT = 'page';

/** Where the adapter finds the stage that answers an https URL: `ApiRegistry.resolveHttpUrl`. */
export interface HttpApiRegistry {
  /**
   * The stage for this URL as API Gateway selects it; some stage of the API when the apiId is
   * known but the stage is not (its engine answers AWS's error); undefined for an unknown apiId.
   */
  resolveHttpUrl(url: string): RegisteredApi | undefined;
}

/** Why the page's fetch failed (it rejects with `TypeError: Failed to fetch` in every case). */
export type HttpFailCause =
  /** Fake mode: no API with this apiId is registered (a made-up apiId does not resolve in DNS). */
  | 'no-api'
  /** Fake mode: the apiId belongs to a WebSocket API (it answers no CORS, so the browser blocks it). */
  | 'not-http-api'
  /** Fake mode: the modelled preflight or response check refused the page's origin. */
  | 'cors'
  /** Real mode: the browser failed the request (CORS, DNS or connection; the page is not told which). */
  | 'network'
  /** Fake mode: the adapter or engine threw (a bug, reported rather than hidden). */
  | 'internal';

type HeaderPairs = [string, string][];

interface HttpObservationBase {
  /** Increases per request through this gateway, from 1; pairs a request with its outcome. */
  exchangeId: number;
  /** The mode read when the request was made. */
  mode: GatewayMode;
  method: string;
  /** The execute-api URL the page called. */
  url: string;
  /** Where it really went: `url` in fake mode, `realUrl(url)` in real mode. */
  target: string;
  /** The diagram lane: the `x-playground-client` header, else `page`. */
  client: string;
}

/**
 * What the page's execute-api requests do, in both modes, for the UI log and (real mode) an
 * observed trace. Text fields are untrusted: escape before display.
 */
export type HttpObservation = HttpObservationBase &
  (
    | {
        type: 'http-request';
        /** As sent (lower-case names; the browser's `cookie` when it attaches one; no `x-playground-client`). */
        headers: HeaderPairs;
        credentials: RequestCredentials;
        bodySize: number;
        bodyPreview: string;
      }
    | {
        type: 'http-response';
        status: number;
        /** The headers the page can read (`response.headers`). */
        headers: HeaderPairs;
        bodySize: number;
        bodyPreview: string;
        /** Fake mode: headers the gateway sent that the page cannot read (`set-cookie`, not exposed by CORS). */
        hiddenHeaders?: HeaderPairs;
        /** Fake mode: the `set-cookie`s the browser kept, and those it refused with Chromium's reason. */
        cookies?: { stored: string[]; blocked: { cookie: string; reason: string }[] };
      }
    | {
        /** The page's fetch rejected (`TypeError: Failed to fetch`; XHR `error`). */
        type: 'http-failed';
        cause: HttpFailCause;
        /** One line for the log; for `cors`, the message Chromium prints in the console. */
        reason: string;
        /** Fake mode: what the gateway answered although the browser hid it (absent when nothing was sent). */
        response?: { status: number; headers: HeaderPairs; bodyPreview: string };
        /** Fake mode: the modelled preflight's status, when one was sent. */
        preflight?: { status: number };
      }
  );

export interface HttpHandlerContext {
  /** Without `resolveHttpUrl`, every execute-api https request fails as `no-api`. */
  registry: Partial<HttpApiRegistry>;
  mode(): GatewayMode;
  realUrl?(fakeUrl: string): string;
  emit(event: HttpObservation): void;
}

const PREVIEW = 2048;

/** The `http.all` handler for execute-api hosts; one per running gateway (its counter and jar are its own). */
export function createHttpHandler(context: HttpHandlerContext): AnyHandler {
  let lastExchangeId = 0;
  const cookies = new BrowserCookies();
  return http.all(EXECUTE_API_HTTPS, async ({ request }) => {
    const base: HttpObservationBase = {
      exchangeId: ++lastExchangeId,
      mode: context.mode(),
      method: request.method,
      url: request.url,
      target: request.url,
      client: DEFAULT_HTTP_CLIENT,
    };
    try {
      const outgoing = await readRequest(request);
      base.client = outgoing.client;
      if (base.mode === 'real') {
        base.target = context.realUrl?.(request.url) ?? request.url;
        return await forward(request, outgoing, base, context);
      }
      return await serve(request, outgoing, base, context, cookies);
    } catch (error) {
      context.emit({
        ...base,
        type: 'http-failed',
        cause: 'internal',
        reason: `the fake gateway failed: ${describe(error)}`,
      });
      return Response.error();
    }
  });
}

interface Outgoing {
  client: string;
  headers: HeaderPairs;
  body: Uint8Array<ArrayBuffer> | undefined;
}

async function readRequest(request: Request): Promise<Outgoing> {
  let client = DEFAULT_HTTP_CLIENT;
  const headers: HeaderPairs = [];
  // Headers iterate lower-cased, a repeated request header already joined with ", " as a browser sends it.
  for (const [name, value] of request.headers) {
    if (name === CLIENT_HEADER) client = value.trim() || DEFAULT_HTTP_CLIENT;
    else headers.push([name, value]);
  }
  const bytes = new Uint8Array(await request.arrayBuffer());
  return { client, headers, body: bytes.length ? bytes : undefined };
}

// ---------------------------------------------------------------- fake mode

async function serve(
  request: Request,
  outgoing: Outgoing,
  base: HttpObservationBase,
  context: HttpHandlerContext,
  cookies: BrowserCookies,
): Promise<Response> {
  const url = new URL(request.url);
  const found = context.registry.resolveHttpUrl?.(request.url);
  if (!found) {
    context.emit({
      ...base,
      type: 'http-failed',
      cause: 'no-api',
      reason: `no API deployed at this URL (${url.origin})`,
    });
    return Response.error();
  }
  if (!isHttpLikeApi(found)) {
    context.emit({
      ...base,
      type: 'http-failed',
      cause: 'not-http-api',
      reason: `${url.host} is a WebSocket API: connect with new WebSocket('wss://${url.host}/${found.stage}')`,
    });
    return Response.error();
  }
  const api = found;
  const credentials = request.credentials;
  const headers = [...outgoing.headers];
  // The browser attaches the API's cookies itself (the page cannot set `Cookie`).
  const cookieHeader = credentials === 'include' ? cookies.header(request.url) : undefined;
  if (cookieHeader) headers.push(['cookie', cookieHeader]);
  context.emit({
    ...base,
    type: 'http-request',
    headers,
    credentials,
    bodySize: outgoing.body?.length ?? 0,
    bodyPreview: previewBody(outgoing.body, header(headers, 'content-type')),
  });

  const gatewayRequest: GatewayHttpRequest = {
    method: request.method,
    url: request.url,
    headers,
    clientName: base.client,
    // The page is the caller: the engine models the preflight and the verdict from its origin.
    origin: location.origin,
  };
  if (outgoing.body) gatewayRequest.body = outgoing.body;
  const res = await api.handle(gatewayRequest);
  const all = responsePairs(res);
  const sent = res.status !== 0;
  // Set-Cookie is handled before the CORS check, so a blocked response still sets cookies.
  const kept = sent && credentials === 'include' ? cookies.store(all, request.url) : undefined;
  const hiddenResponse = sent ? { status: res.status, headers: all, bodyPreview: preview(res.body) } : undefined;

  // DIFFERENCE FROM REAL MODE (the UI labels it): here the engine decided the CORS outcome; in real
  // mode the browser does, and the page learns nothing about a refused request.
  const refusal =
    res.cors && !res.cors.allowed
      ? res.cors.reason
      : res.cors && credentials === 'include'
        ? credentialedCorsProblem(res, location.origin)
        : undefined;
  if (refusal !== undefined) {
    if (res.cors?.allowed) recordCredentialVerdict(api, res, base.client, location.origin, refusal);
    context.emit({
      ...base,
      type: 'http-failed',
      cause: 'cors',
      reason: refusal,
      ...(hiddenResponse ? { response: hiddenResponse } : {}),
      ...(res.cors?.preflight ? { preflight: { status: res.cors.preflight.status } } : {}),
    });
    return Response.error();
  }
  if (res.status < 200 || res.status > 599) {
    // A Response cannot carry a 1xx (or 0) final status, nor can a browser make sense of one.
    context.emit({
      ...base,
      type: 'http-failed',
      cause: 'internal',
      reason: `the gateway answered status ${res.status}, which a browser cannot deliver as a response`,
      ...(hiddenResponse ? { response: hiddenResponse } : {}),
    });
    return Response.error();
  }

  const readable: HeaderPairs = [];
  const hidden: HeaderPairs = [];
  const exposed = res.cors ? exposedHeaderNames(all) : undefined;
  for (const pair of all) {
    const name = pair[0].toLowerCase();
    const visible = FORBIDDEN_RESPONSE_HEADERS.has(name) ? false : exposed ? exposed(name) : true;
    (visible ? readable : hidden).push(pair);
  }
  const noBody = request.method === 'HEAD' || NULL_BODY_STATUSES.has(res.status);
  const bodyBytes = noBody ? 0 : byteLength(res.body);
  context.emit({
    ...base,
    type: 'http-response',
    status: res.status,
    headers: readable,
    bodySize: bodyBytes,
    bodyPreview: noBody ? '' : preview(res.body),
    ...(hidden.length ? { hiddenHeaders: hidden } : {}),
    ...(kept && (kept.stored.length || kept.blocked.length) ? { cookies: kept } : {}),
  });
  // A plain Response, not MSW's HttpResponse: MSW would put set-cookie into its own jar (and
  // localStorage); the page never sees set-cookie anyway.
  return new Response(noBody ? null : res.body, { status: res.status, headers: readable });
}

function isHttpLikeApi(api: RegisteredApi): api is HttpLikeApi {
  const candidate = api as Partial<HttpLikeApi>;
  return (
    typeof candidate.handle === 'function' && (candidate.protocolType === 'HTTP' || candidate.protocolType === 'REST')
  );
}

/** Single- and multi-valued headers as pairs (a name in `multiValueHeaders` takes its list). */
function responsePairs(res: GatewayHttpResponse): HeaderPairs {
  const pairs: HeaderPairs = [];
  const multi = res.multiValueHeaders ?? {};
  const multiNames = new Set(Object.keys(multi).map((k) => k.toLowerCase()));
  for (const [name, value] of Object.entries(res.headers))
    if (!multiNames.has(name.toLowerCase())) pairs.push([name, value]);
  for (const [name, values] of Object.entries(multi)) for (const value of values) pairs.push([name, value]);
  return pairs;
}

/** Never readable by a page (Fetch "forbidden response-header name"). */
const FORBIDDEN_RESPONSE_HEADERS = new Set(['set-cookie', 'set-cookie2']);
/** Readable on any CORS response (Fetch "CORS-safelisted response-header name"). */
const SAFELISTED_RESPONSE_HEADERS = new Set([
  'cache-control',
  'content-language',
  'content-length',
  'content-type',
  'expires',
  'last-modified',
  'pragma',
]);
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/**
 * Which headers a cross-origin page may read: the safelisted ones and those listed in
 * Access-Control-Expose-Headers (`*` means all for a request without credentials; the engine's
 * model has none, and a credentialed request with `*` fails before this).
 */
function exposedHeaderNames(pairs: HeaderPairs): (name: string) => boolean {
  const listed = new Set(
    (header(pairs, 'access-control-expose-headers') ?? '')
      .split(',')
      .map((h) => h.trim().toLowerCase())
      .filter((h) => h !== ''),
  );
  return (name) => SAFELISTED_RESPONSE_HEADERS.has(name) || listed.has(name) || listed.has('*');
}

/**
 * A request with `credentials: 'include'` needs more than the origin check the engine models
 * (Fetch "CORS check"): no wildcard origin, and `Access-Control-Allow-Credentials: true`, on the
 * preflight as on the response. Chromium's console text.
 */
function credentialedCorsProblem(res: GatewayHttpResponse, origin: string): string | undefined {
  const check = (headers: Record<string, string>, preflight: boolean): string | undefined => {
    const pairs = Object.entries(headers);
    const prefix =
      `Access to fetch from origin '${origin}' has been blocked by CORS policy: ` +
      (preflight ? `Response to preflight request doesn't pass access control check: ` : '');
    if (header(pairs, 'access-control-allow-origin') === '*')
      return `${prefix}The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'.`;
    const acac = header(pairs, 'access-control-allow-credentials') ?? '';
    if (acac !== 'true')
      return `${prefix}The value of the 'Access-Control-Allow-Credentials' header in the response is '${acac}' which must be 'true' when the request's credentials mode is 'include'.`;
    return undefined;
  };
  return (res.cors?.preflight && check(res.cors.preflight.headers, true)) || check(res.headers, false);
}

/** The engine judged without credentials; the browser's stricter verdict goes on the trace too. */
function recordCredentialVerdict(
  api: HttpLikeApi,
  res: GatewayHttpResponse,
  client: string,
  origin: string,
  reason: string,
): void {
  const participant = `client:${client}` as const;
  const requestId =
    header(Object.entries(res.headers), 'apigw-requestid') ?? header(Object.entries(res.headers), 'x-amzn-requestid');
  api.trace.append({
    kind: 'cors.verdict',
    from: participant,
    to: participant,
    ...(requestId ? { requestId } : {}),
    origin,
    allowed: false,
    reason,
    modelled: true,
    summary: `blocked by CORS (credentials: 'include'): the page cannot read the response`,
  });
}

// ---------------------------------------------------------------- real mode

/**
 * The same request, to `realUrl(url)`, made by the page with `bypass()` so MSW leaves it alone.
 * Not `passthrough()`: that sends the request unchanged to its own URL (the execute-api host,
 * with the client header) and the handler never sees the answer, which the log needs. The
 * browser applies CORS and cookies itself, so the page sees what it would without the playground.
 */
async function forward(
  request: Request,
  outgoing: Outgoing,
  base: HttpObservationBase,
  context: HttpHandlerContext,
): Promise<Response> {
  context.emit({
    ...base,
    type: 'http-request',
    headers: outgoing.headers,
    credentials: request.credentials,
    bodySize: outgoing.body?.length ?? 0,
    bodyPreview: previewBody(outgoing.body, header(outgoing.headers, 'content-type')),
  });
  let response: Response;
  try {
    response = await fetch(
      bypass(base.target, {
        method: request.method,
        headers: outgoing.headers,
        body: outgoing.body && request.method !== 'GET' && request.method !== 'HEAD' ? outgoing.body : undefined,
        credentials: request.credentials,
        redirect: request.redirect,
        cache: request.cache,
        referrerPolicy: request.referrerPolicy,
      }),
    );
  } catch {
    context.emit({
      ...base,
      type: 'http-failed',
      cause: 'network',
      reason: 'the browser failed the request (blocked by CORS, or the host did not answer; a page is not told which)',
    });
    return Response.error();
  }
  const headers: HeaderPairs = [...response.headers];
  const bytes = response.body ? new Uint8Array(await response.clone().arrayBuffer()) : new Uint8Array(0);
  context.emit({
    ...base,
    type: 'http-response',
    status: response.status,
    headers,
    bodySize: bytes.length,
    bodyPreview: previewBody(bytes, response.headers.get('content-type') ?? undefined),
  });
  // A new Response, not the one fetch gave: in fallback mode that one is MSW's own FetchResponse
  // (the bypassed fetch went through its interceptor), and MSW cannot re-stamp its URL.
  return new Response(response.body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}

// ---------------------------------------------------------------- cookies

/**
 * The browser's cookie store, for execute-api hosts only. The app's origin is never on
 * amazonaws.com, so every exchange is cross-site: Chromium stores a response's cookies only for a
 * request with `credentials: 'include'` and only with `SameSite=None` and `Secure` (no SameSite
 * means Lax), and sends them only on such requests. Third-party-cookie blocking is not modelled.
 * The jar is the one MSW gets for `tough-cookie` (vite.config.ts); with `ignoreError` it answers
 * undefined for a cookie it refuses (a `Domain` that is not this host's or is a public suffix, a
 * header that does not parse) instead of throwing.
 */
class BrowserCookies {
  readonly #jar = new CookieJar();

  store(headers: HeaderPairs, url: string): { stored: string[]; blocked: { cookie: string; reason: string }[] } {
    const stored: string[] = [];
    const blocked: { cookie: string; reason: string }[] = [];
    for (const [name, value] of headers) {
      if (name.toLowerCase() !== 'set-cookie') continue;
      const attributes = value
        .split(';')
        .slice(1)
        .map((a) => a.trim().toLowerCase());
      const sameSite = attributes
        .find((a) => a.startsWith('samesite='))
        ?.slice('samesite='.length)
        .trim();
      if (sameSite !== 'none') {
        blocked.push({
          cookie: value,
          reason: `This Set-Cookie was blocked because it had the "SameSite=${sameSite ? capitalize(sameSite) : 'Lax'}" attribute but came from a cross-site response which was not the response to a top-level navigation.`,
        });
      } else if (!attributes.includes('secure')) {
        blocked.push({
          cookie: value,
          reason: `This Set-Cookie was blocked because it had the "SameSite=None" attribute but did not have the "Secure" attribute, which is required in order to use "SameSite=None".`,
        });
      } else if (this.#jar.setCookieSync(value, url, { ignoreError: true })) stored.push(value);
      else
        blocked.push({
          cookie: value,
          reason:
            'This Set-Cookie was blocked because its Domain attribute was invalid with regards to the current host url.',
        });
    }
    return { stored, blocked };
  }

  header(url: string): string | undefined {
    const cookies = this.#jar.getCookiesSync(url);
    return cookies.length ? cookies.map((c) => `${c.key}=${c.value}`).join('; ') : undefined;
  }
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

// ---------------------------------------------------------------- helpers

function header(pairs: readonly (readonly [string, string])[], name: string): string | undefined {
  for (const [k, v] of pairs) if (k.toLowerCase() === name) return v;
  return undefined;
}

function preview(text: string): string {
  return text.length <= PREVIEW ? text : text.slice(0, PREVIEW) + '…';
}

function byteLength(text: string): number {
  return new TextEncoder().encode(text).length;
}

const TEXT_TYPES = /^(?:text\/|application\/(?:[\w.+-]*\+)?(?:json|xml|javascript|x-www-form-urlencoded)\b)/i;

function previewBody(bytes: Uint8Array | undefined, contentType: string | undefined): string {
  if (!bytes?.length) return '';
  // No content type: a browser's string body is text/plain, so decode unless it says otherwise.
  if (contentType !== undefined && !TEXT_TYPES.test(contentType.trim())) return `<${bytes.length} bytes>`;
  return preview(new TextDecoder().decode(bytes.length > PREVIEW * 4 ? bytes.subarray(0, PREVIEW * 4) : bytes));
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
