/**
 * The page's real `fetch`/XHR to execute-api URLs against the HTTP API and REST API engines, in
 * real Chromium, over both of MSW's transports: its service worker, and fallback mode (MSW
 * patches `fetch`/XHR in the page when `navigator.serviceWorker` is missing, as on plain-http
 * origins other than localhost).
 *
 * Forcing fallback mode: MSW decides at `start()` with `'serviceWorker' in navigator`, so
 * `startIn('fallback')` removes the `serviceWorker` getter from `Navigator.prototype` for the
 * duration of `startMockGateway` and puts the same descriptor back. Each suite checks the mode
 * it got (`httpInterception`, and whether `fetch` was patched), so a change in MSW's detection
 * fails loudly instead of testing one transport twice.
 *
 * The page is cross-origin to execute-api in fake mode as in real mode, so the APIs here that the
 * page must read configure CORS (HTTP API `cors`), as they would on AWS.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import {
  ApiRegistry,
  createHttpApi,
  createInProcessInvoker,
  createRestApi,
  type HttpApi,
  type HttpCorsConfiguration,
  type InProcessHandler,
  type RegisteredApi,
  type RestApi,
} from '../../gateway';
import { startMockGateway, type GatewayMode, type HttpObservation, type MockGateway } from './index';

const realServer = inject('httpServerUrl');
const API_ID = 'abcdef1234';
const HOST = `https://${API_ID}.execute-api.us-east-1.amazonaws.com`;
const nativeFetch = globalThis.fetch;

const registry = new ApiRegistry<RegisteredApi>();
let mode: GatewayMode = 'fake';
let realUrl = (fakeUrl: string) => fakeUrl;
let events: HttpObservation[] = [];

async function startIn(transport: 'service-worker' | 'fallback'): Promise<MockGateway> {
  const options = {
    registry,
    mode: () => mode,
    realUrl: (url: string) => realUrl(url),
    onHttpEvent: (e: HttpObservation) => events.push(e),
  };
  if (transport === 'service-worker') return startMockGateway(options);
  const descriptor = Object.getOwnPropertyDescriptor(Navigator.prototype, 'serviceWorker');
  if (!descriptor) throw new Error('this browser has no navigator.serviceWorker to hide');
  Reflect.deleteProperty(Navigator.prototype, 'serviceWorker');
  try {
    return await startMockGateway(options);
  } finally {
    Object.defineProperty(Navigator.prototype, 'serviceWorker', descriptor);
  }
}

/** An HTTP API on the `$default` stage (served at the root URL, DG http-api-stages). */
function httpApi(
  routes: Record<string, InProcessHandler>,
  cors: HttpCorsConfiguration | undefined = { allowOrigins: ['*'] },
  stage?: string,
): HttpApi {
  const functions: Record<string, InProcessHandler> = {};
  const definitionRoutes: Record<string, { integration: { type: 'AWS_PROXY'; function: string } }> = {};
  Object.entries(routes).forEach(([routeKey, handler], i) => {
    functions[`fn${i}`] = handler;
    definitionRoutes[routeKey] = { integration: { type: 'AWS_PROXY', function: `fn${i}` } };
  });
  const api = createHttpApi({
    invoker: createInProcessInvoker(functions),
    definition: {
      protocolType: 'HTTP',
      name: 'adapter-http',
      apiId: API_ID,
      ...(stage ? { stage: { name: stage } } : {}),
      routes: definitionRoutes,
      ...(cors ? { cors } : {}),
      functions: Object.fromEntries(Object.keys(functions).map((name) => [name, { handler: `${name}.handler` }])),
    },
  });
  registry.register(api);
  return api;
}

/** A REST API on stage `dev` with one proxy resource. */
function restApi(path: string, handler: InProcessHandler): RestApi {
  const api = createRestApi({
    invoker: createInProcessInvoker({ fn: handler }),
    definition: {
      protocolType: 'REST',
      name: 'adapter-rest',
      apiId: API_ID,
      stage: { name: 'dev' },
      resources: { [path]: { methods: { GET: { integration: { type: 'AWS_PROXY', function: 'fn' } } } } },
      functions: { fn: { handler: 'fn.handler' } },
    },
  });
  registry.register(api);
  return api;
}

function eventsOf(api: HttpApi | RestApi): Record<string, unknown>[] {
  return api.trace.ofKind('lambda.invoke').map((e) => e.event as Record<string, unknown>);
}

function ofType<T extends HttpObservation['type']>(type: T): Extract<HttpObservation, { type: T }>[] {
  return events.filter((e): e is Extract<HttpObservation, { type: T }> => e.type === type);
}

function headerOf(pairs: [string, string][], name: string): string[] {
  return pairs.filter(([k]) => k.toLowerCase() === name).map(([, v]) => v);
}

describe.each(['service-worker', 'fallback'] as const)('execute-api fetch over MSW (%s)', (transport) => {
  let gateway: MockGateway;

  beforeAll(async () => {
    gateway = await startIn(transport);
  });
  afterAll(() => gateway.stop());
  beforeEach(() => {
    registry.clear();
    mode = 'fake';
    realUrl = (fakeUrl) => fakeUrl;
    events = [];
  });

  it(`intercepts through ${transport === 'fallback' ? "MSW's patched fetch" : 'the service worker, leaving fetch alone'}`, () => {
    expect(gateway.httpInterception).toBe(transport);
    if (transport === 'fallback') expect(globalThis.fetch).not.toBe(nativeFetch);
    else {
      expect(globalThis.fetch).toBe(nativeFetch);
      expect(navigator.serviceWorker.controller).not.toBeNull();
    }
  });

  describe('fake mode', () => {
    it('answers a GET with path parameters from the handler with payload 2.0 semantics: inferred 200 JSON (docs/aws-behaviour.md §5.4)', async () => {
      const api = httpApi({
        'GET /pets/{id}': (event) => ({
          id: event.pathParameters.id,
          version: event.version,
          query: event.rawQueryString,
        }),
      });
      const res = await fetch(`${api.url}/pets/42?color=red`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/json');
      expect(await res.json()).toEqual({ id: '42', version: '2.0', query: 'color=red' });
      expect(events.map((e) => `${e.type} ${e.method} ${e.client}`)).toEqual([
        'http-request GET page',
        'http-response GET page',
      ]);
      expect(ofType('http-response')[0]).toMatchObject({
        status: 200,
        target: `${HOST}/pets/42?color=red`,
        mode: 'fake',
      });
      expect(api.trace.ofKind('http.route')[0]).toMatchObject({
        routeKey: 'GET /pets/{id}',
        pathParameters: { id: '42' },
      });
    });

    it('answers 404 Not Found for a route or stage that does not exist (DG http-api-develop-routes)', async () => {
      const api = httpApi({ 'GET /pets': () => [] }, { allowOrigins: ['*'] }, 'dev');
      for (const url of [`${api.url}/cats`, `${HOST}/prod/pets`]) {
        const res = await fetch(url);
        expect(res.status).toBe(404);
        expect(await res.json()).toEqual({ message: 'Not Found' });
      }
      expect(eventsOf(api)).toEqual([]);
    });

    it("fails the page's fetch on a REST 403 Missing Authentication Token, which carries no CORS headers, and reports what the browser hid (docs/aws-behaviour.md §5.5, §5.6)", async () => {
      // Against AWS a cross-origin page cannot read this gateway response either: gateway
      // responses have no Access-Control-Allow-Origin unless DEFAULT_4XX is customised. The
      // status, x-amzn-ErrorType and body reach the UI through onHttpEvent instead.
      const api = restApi('/pets', () => ({ statusCode: 200, body: '[]' }));
      await expect(fetch(`${api.url}/nope`)).rejects.toThrow(TypeError);
      const [failed] = ofType('http-failed');
      expect(failed).toMatchObject({ cause: 'cors', response: { status: 403 } });
      expect(failed.reason).toContain("No 'Access-Control-Allow-Origin' header");
      expect(headerOf(failed.response!.headers, 'x-amzn-errortype')).toEqual(['MissingAuthenticationTokenException']);
      expect(JSON.parse(failed.response!.bodyPreview)).toEqual({ message: 'Missing Authentication Token' });
      expect(api.trace.ofKind('cors.verdict').at(-1)).toMatchObject({ allowed: false, modelled: true });
    });

    it('lets the page read a REST proxy response that allows its origin, with only the headers CORS exposes (Fetch CORS protocol)', async () => {
      const api = restApi('/pets', () => ({
        statusCode: 201,
        headers: {
          'Access-Control-Allow-Origin': '*',
          'Access-Control-Expose-Headers': 'x-request-tag',
          'x-request-tag': 'shown',
          'x-internal': 'hidden',
          'Content-Type': 'text/plain',
        },
        body: 'created',
      }));
      const res = await fetch(`${api.url}/pets`);
      expect(res.status).toBe(201);
      expect(await res.text()).toBe('created');
      expect(res.headers.get('x-request-tag')).toBe('shown');
      expect(res.headers.get('x-internal')).toBeNull();
      expect(res.headers.get('content-type')).toBe('text/plain');
      expect(headerOf(ofType('http-response')[0].hiddenHeaders ?? [], 'x-internal')).toEqual(['hidden']);
    });

    it('delivers a POSTed JSON body to the handler as event.body, after a modelled preflight the gateway answers (DG http-api-cors)', async () => {
      const api = httpApi(
        {
          'POST /pets': (event) => ({
            statusCode: 201,
            body: JSON.stringify({ got: JSON.parse(event.body), b64: event.isBase64Encoded }),
          }),
        },
        { allowOrigins: [location.origin], allowHeaders: ['content-type'] },
      );
      const res = await fetch(`${api.url}/pets`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ name: 'Rex', tags: ['good'] }),
      });
      expect(res.status).toBe(201);
      expect(await res.json()).toEqual({ got: { name: 'Rex', tags: ['good'] }, b64: false });
      expect(eventsOf(api)[0]).toMatchObject({ body: '{"name":"Rex","tags":["good"]}', isBase64Encoded: false });
      expect(api.trace.ofKind('cors.preflight')[0]).toMatchObject({
        allowed: true,
        requestMethod: 'POST',
        requestHeaders: ['content-type'],
      });
      expect(ofType('http-request')[0]).toMatchObject({ bodySize: 30, bodyPreview: '{"name":"Rex","tags":["good"]}' });
    });

    it('fails the fetch with TypeError when the modelled preflight refuses the origin, and never invokes the handler (DG http-api-cors)', async () => {
      let invoked = 0;
      const api = httpApi(
        { 'POST /pets': () => ((invoked += 1), { statusCode: 201 }) },
        { allowOrigins: ['https://other.example'], allowHeaders: ['content-type'] },
      );
      const call = fetch(`${api.url}/pets`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: '{}',
      });
      await expect(call).rejects.toThrow(TypeError);
      expect(invoked).toBe(0);
      expect(api.trace.ofKind('cors.preflight')).toEqual([expect.objectContaining({ allowed: false, modelled: true })]);
      expect(api.trace.ofKind('cors.verdict')).toEqual([expect.objectContaining({ allowed: false, modelled: true })]);
      const [failed] = ofType('http-failed');
      expect(failed).toMatchObject({ cause: 'cors', preflight: { status: 204 } });
      expect(failed.response).toBeUndefined();
      expect(failed.reason).toMatch(/blocked by CORS policy: Response to preflight request/);
    });

    it('keeps SameSite=None; Secure cookies for credentials: include and sends them back as event.cookies (docs/aws-behaviour.md §5.3, §5.4)', async () => {
      const api = httpApi(
        {
          'GET /login': () => ({
            statusCode: 200,
            cookies: ['session=abc; Secure; SameSite=None; Path=/', 'theme=dark'],
            body: 'ok',
          }),
          'GET /whoami': (event) => ({ got: event.cookies ?? null }),
        },
        { allowOrigins: [location.origin], allowCredentials: true },
      );
      const login = await fetch(`${api.url}/login`, { credentials: 'include' });
      expect(login.status).toBe(200);
      expect(login.headers.get('set-cookie')).toBeNull();
      const response = ofType('http-response')[0];
      expect(headerOf(response.hiddenHeaders ?? [], 'set-cookie')).toEqual([
        'session=abc; Secure; SameSite=None; Path=/',
        'theme=dark',
      ]);
      expect(response.cookies?.stored).toEqual(['session=abc; Secure; SameSite=None; Path=/']);
      expect(response.cookies?.blocked).toEqual([
        { cookie: 'theme=dark', reason: expect.stringContaining('"SameSite=Lax"') },
      ]);

      expect(await (await fetch(`${api.url}/whoami`, { credentials: 'include' })).json()).toEqual({
        got: ['session=abc'],
      });
      // fetch's default credentials mode, same-origin, sends no cookies to another origin.
      expect(await (await fetch(`${api.url}/whoami`)).json()).toEqual({ got: null });
    });

    it('refuses a cookie whose Domain is another site, the region’s execute-api suffix or amazonaws.com, as Chromium does', async () => {
      const host = (url: string) => new URL(url).hostname;
      const api: HttpApi = httpApi(
        {
          'GET /login': () => ({
            statusCode: 200,
            cookies: [
              `own=1; Secure; SameSite=None; Path=/; Domain=${host(api.url)}`,
              `region=1; Secure; SameSite=None; Path=/; Domain=${host(api.url).split('.').slice(1).join('.')}`,
              'aws=1; Secure; SameSite=None; Path=/; Domain=amazonaws.com',
              'other=1; Secure; SameSite=None; Path=/; Domain=example.com',
            ],
          }),
          'GET /whoami': (event) => ({ got: event.cookies ?? null }),
        },
        { allowOrigins: [location.origin], allowCredentials: true },
      );
      await fetch(`${api.url}/login`, { credentials: 'include' });
      const { cookies } = ofType('http-response')[0];
      expect(cookies?.stored).toEqual([expect.stringMatching(/^own=1;/)]);
      expect(cookies?.blocked.map((b) => b.cookie.split('=')[0])).toEqual(['region', 'aws', 'other']);
      for (const b of cookies?.blocked ?? []) expect(b.reason).toMatch(/Domain attribute was invalid/);
      // The page's jar outlives one test (an earlier test's API may have had this host too).
      const { got } = (await (await fetch(`${api.url}/whoami`, { credentials: 'include' })).json()) as {
        got: string[];
      };
      expect(got).toContain('own=1');
      expect(got.filter((c) => /^(?:region|aws|other)=/.test(c))).toEqual([]);
    });

    it("fails a credentialed fetch when the API allows any origin with '*' (Fetch CORS check)", async () => {
      const api = httpApi({ 'GET /me': () => ({ ok: true }) }, { allowOrigins: ['*'] });
      await expect(fetch(`${api.url}/me`, { credentials: 'include' })).rejects.toThrow(TypeError);
      expect(ofType('http-failed')[0]).toMatchObject({ cause: 'cors', response: { status: 200 } });
      expect(ofType('http-failed')[0].reason).toContain(
        "must not be the wildcard '*' when the request's credentials mode is 'include'",
      );
      expect(api.trace.ofKind('cors.verdict').at(-1)).toMatchObject({ allowed: false });
    });

    it('names the diagram lane from x-playground-client and removes the header before the gateway sees it', async () => {
      const api = httpApi({ 'GET /pets': (event) => ({ names: Object.keys(event.headers) }) });
      const res = await fetch(`${api.url}/pets`, { headers: { 'x-playground-client': 'Alice' } });
      const { names } = (await res.json()) as { names: string[] };
      expect(names).not.toContain('x-playground-client');
      expect(api.trace.ofKind('http.request')[0].from).toBe('client:Alice');
      // Without the header the GET is a simple request: no preflight.
      expect(api.trace.ofKind('cors.preflight')).toEqual([]);
      expect(events.every((e) => e.client === 'Alice')).toBe(true);
    });

    it('fails the fetch for an apiId where nothing is deployed, as a made-up host does, and says so', async () => {
      await expect(fetch('https://zzzzzzzzzz.execute-api.us-east-1.amazonaws.com/dev/pets')).rejects.toThrow(TypeError);
      expect(ofType('http-failed')).toEqual([
        expect.objectContaining({ cause: 'no-api', reason: expect.stringContaining('no API deployed') }),
      ]);
    });

    it('serves XMLHttpRequest too', async () => {
      const api = httpApi({ 'GET /pets/{id}': (event) => ({ id: event.pathParameters.id }) });
      const xhr = new XMLHttpRequest();
      const done = new Promise<void>((resolve, reject) => {
        xhr.onload = () => resolve();
        xhr.onerror = () => reject(new Error('XHR failed'));
      });
      xhr.open('GET', `${api.url}/pets/7`);
      xhr.send();
      await done;
      expect(xhr.status).toBe(200);
      expect(JSON.parse(xhr.responseText)).toEqual({ id: '7' });
    });

    it('leaves requests to other hosts to the browser, untouched and unreported', async () => {
      const res = await fetch(`${realServer}/echo/direct`);
      expect((await res.json()) as { path: string }).toMatchObject({ path: '/echo/direct' });
      expect(events).toEqual([]);
    });
  });

  describe('real mode', () => {
    it('sends the request to realUrl(url) and records what the page can see', async () => {
      mode = 'real';
      realUrl = (url) => url.replace(HOST, `${realServer}/echo`);
      const res = await fetch(`${HOST}/dev/pets?x=1`, {
        method: 'POST',
        headers: { 'x-playground-client': 'Bob', 'Content-Type': 'text/plain' },
        body: 'hello',
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('x-served-by')).toBe('local-http-server');
      const echoed = (await res.json()) as {
        method: string;
        path: string;
        query: string;
        body: string;
        headers: Record<string, string>;
      };
      expect(echoed).toMatchObject({ method: 'POST', path: '/echo/dev/pets', query: 'x=1', body: 'hello' });
      expect(echoed.headers['x-playground-client']).toBeUndefined();
      expect(echoed.headers.accept ?? '').not.toContain('msw');
      expect(events.map((e) => `${e.type} ${e.mode} ${e.client}`)).toEqual([
        'http-request real Bob',
        'http-response real Bob',
      ]);
      const response = ofType('http-response')[0];
      expect(response).toMatchObject({
        status: 200,
        target: `${realServer}/echo/dev/pets?x=1`,
        url: `${HOST}/dev/pets?x=1`,
      });
      expect(headerOf(response.headers, 'x-served-by')).toEqual(['local-http-server']);
      expect(response.bodySize).toBeGreaterThan(0);
    });

    it('fails the fetch as the browser does when the real endpoint sends no CORS headers', async () => {
      mode = 'real';
      realUrl = (url) => url.replace(HOST, `${realServer}/nocors`);
      await expect(fetch(`${HOST}/dev/pets`)).rejects.toThrow(TypeError);
      expect(ofType('http-failed')).toEqual([expect.objectContaining({ cause: 'network', mode: 'real' })]);
    });
  });
});
