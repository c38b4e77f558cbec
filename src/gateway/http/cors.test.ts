import { describe, expect, it } from 'vitest';
import type { HttpApiDefinition, HttpCorsConfiguration } from './definition';
import { browserPreflight } from '../core/browser-cors';
import { PLAYGROUND_AUDIENCE, PLAYGROUND_ISSUER } from './jwt';
import { httpDefinition, makeHttpApi, send, type Handlers } from './test-support';

const PAGE = 'https://learner.example';
const CORS: HttpCorsConfiguration = {
  allowOrigins: [PAGE],
  allowMethods: ['GET', 'POST', 'PUT'],
  allowHeaders: ['content-type', 'authorization'],
  exposeHeaders: ['x-request-id'],
  maxAge: 300,
};

const withBackendCors: Handlers = {
  items: () => ({
    statusCode: 200,
    headers: { 'Access-Control-Allow-Origin': 'https://evil.example', 'content-type': 'application/json' },
    body: '[]',
  }),
};

function corsApi(
  cors: HttpCorsConfiguration | undefined,
  routes: HttpApiDefinition['routes'] | null = null,
  handlers = withBackendCors,
) {
  const def = httpDefinition({ 'ANY /items': { fn: 'items' } }, cors ? { cors } : {});
  if (routes) def.routes = { ...def.routes, ...routes };
  return makeHttpApi(def, handlers);
}

describe('CORS on an HTTP API: the gateway (DG http-api-cors; docs/aws-behaviour.md §5.6)', () => {
  it('answers a preflight OPTIONS itself with 204, even with no OPTIONS route (and an ANY route does not take it)', async () => {
    const api = corsApi(CORS);
    const res = await send(api, 'OPTIONS', '/items', {
      headers: {
        Origin: PAGE,
        'Access-Control-Request-Method': 'PUT',
        'Access-Control-Request-Headers': 'content-type',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers).toMatchObject({
      'access-control-allow-origin': PAGE,
      'access-control-allow-methods': 'GET,POST,PUT',
      'access-control-allow-headers': 'content-type,authorization',
      'access-control-max-age': '300',
    });
    expect(api.trace.ofKind('lambda.invoke')).toEqual([]);
    expect(api.trace.events.map((e) => e.kind)).toEqual(['http.request', 'cors.preflight', 'http.response']);
    expect(api.trace.ofKind('cors.preflight')[0]).toMatchObject({
      modelled: false,
      allowed: true,
      requestMethod: 'PUT',
    });
  });

  it('answers a preflight from an origin it does not allow with 204 and no CORS headers, labelled (UNCONFIRMED http-cors-details)', async () => {
    const api = corsApi(CORS);
    const res = await send(api, 'OPTIONS', '/items', {
      headers: { Origin: 'https://other.example', 'Access-Control-Request-Method': 'GET' },
    });
    expect(res.status).toBe(204);
    expect(Object.keys(res.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
    expect(api.trace.ofKind('cors.preflight')[0]).toMatchObject({ allowed: false, unconfirmed: 'http-cors-details' });
  });

  it("adds the configured headers to integration responses and ignores the backend's CORS headers", async () => {
    const api = corsApi(CORS);
    const res = await send(api, 'GET', '/items', { headers: { Origin: PAGE } });
    expect(res.headers['access-control-allow-origin']).toBe(PAGE);
    expect(res.headers['access-control-expose-headers']).toBe('x-request-id');
    expect(res.headers['content-type']).toBe('application/json');
  });

  it('routes OPTIONS like any other method without a CORS configuration (404 when no route takes it)', async () => {
    const api = corsApi(undefined, null, { items: () => 'x' });
    const res = await send(api, 'OPTIONS', '/nothing', {
      headers: { Origin: PAGE, 'Access-Control-Request-Method': 'GET' },
    });
    expect(res.status).toBe(404);
  });

  it("lets an OPTIONS route take preflights (the DG's unauthenticated OPTIONS /{proxy+})", async () => {
    const api = corsApi(CORS, { 'OPTIONS /{proxy+}': { integration: { type: 'AWS_PROXY', function: 'items' } } });
    await send(api, 'OPTIONS', '/items/1', { headers: { Origin: PAGE, 'Access-Control-Request-Method': 'GET' } });
    expect(api.trace.ofKind('http.route')[0].routeKey).toBe('OPTIONS /{proxy+}');
    expect(api.trace.ofKind('lambda.invoke')).toHaveLength(1);
  });

  it('sends preflights to a $default route with an authorizer ("The $default route catches … OPTIONS requests"): 401 without a token', async () => {
    const def = httpDefinition(
      { $default: { fn: 'items', authorizer: 'idp' } },
      {
        cors: CORS,
        authorizers: {
          idp: { type: 'JWT', jwtConfiguration: { issuer: PLAYGROUND_ISSUER, audience: [PLAYGROUND_AUDIENCE] } },
        },
      },
    );
    const api = makeHttpApi(def, withBackendCors);
    const res = await send(api, 'OPTIONS', '/anything', {
      headers: { Origin: PAGE, 'Access-Control-Request-Method': 'GET' },
    });
    expect(res.status).toBe(401);
    expect(res.headers['access-control-allow-origin']).toBe(PAGE);
  });
});

describe('CORS as the browser does it, modelled in fake mode (Fetch standard)', () => {
  it('needs a preflight for PUT, for authorization and for content-type application/json, not for a simple GET', () => {
    expect(browserPreflight('GET', [['accept', 'application/json']])).toEqual({ needed: false, requestHeaders: [] });
    expect(browserPreflight('POST', [['Content-Type', 'text/plain;charset=UTF-8']]).needed).toBe(false);
    expect(browserPreflight('POST', [['Content-Type', 'application/json']])).toEqual({
      needed: true,
      requestHeaders: ['content-type'],
    });
    expect(browserPreflight('GET', [['Authorization', 'Bearer x']]).requestHeaders).toEqual(['authorization']);
    expect(browserPreflight('PUT', []).needed).toBe(true);
  });

  it('models the preflight and the verdict for a cross-origin POST with JSON, then sends the request', async () => {
    const api = corsApi(CORS);
    const res = await send(api, 'POST', '/items', {
      origin: PAGE,
      clientName: 'page',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(200);
    expect(res.cors).toMatchObject({ allowed: true, preflight: { status: 204 } });
    const kinds = api.trace.events.map((e) => e.kind);
    expect(kinds).toEqual([
      'http.request', // OPTIONS, the browser's preflight
      'http.response',
      'cors.preflight',
      'http.request', // the POST
      'http.route',
      'lambda.invoke',
      'lambda.log',
      'lambda.log',
      'lambda.log',
      'lambda.result',
      'http.response',
      'cors.verdict',
    ]);
    expect(api.trace.ofKind('http.request')[0]).toMatchObject({ method: 'OPTIONS', from: 'client:page' });
    expect(api.trace.ofKind('cors.preflight')[0]).toMatchObject({
      modelled: true,
      allowed: true,
      requestHeaders: ['content-type'],
    });
    expect(api.trace.ofKind('cors.verdict')[0]).toMatchObject({ modelled: true, allowed: true });
    // The browser sent Origin on the actual request.
    const event = api.trace.ofKind('lambda.invoke')[0].event as { headers: Record<string, string> };
    expect(event.headers.origin).toBe(PAGE);
  });

  it('blocks the request when the preflight does not allow a header: status 0, the integration never runs', async () => {
    const api = corsApi({ ...CORS, allowHeaders: ['content-type'] });
    const res = await send(api, 'GET', '/items', { origin: PAGE, headers: { Authorization: 'Bearer t' } });
    expect(res.status).toBe(0);
    expect(res.cors?.allowed).toBe(false);
    expect(res.cors?.reason).toMatch(/Request header field authorization is not allowed/);
    expect(api.trace.ofKind('lambda.invoke')).toEqual([]);
    expect(api.trace.ofKind('cors.verdict')[0]).toMatchObject({ allowed: false, modelled: true });
  });

  it('blocks a method the preflight does not list', async () => {
    const api = corsApi(CORS);
    const res = await send(api, 'DELETE', '/items', { origin: PAGE });
    expect(res.status).toBe(0);
    expect(res.cors?.reason).toMatch(/Method DELETE is not allowed/);
  });

  it('lets a simple GET through without a preflight but refuses the response when nothing allows the origin (no CORS configuration)', async () => {
    const api = corsApi(undefined, null, { items: () => ({ statusCode: 200, body: 'secret' }) });
    const res = await send(api, 'GET', '/items', { origin: PAGE });
    expect(res.status).toBe(200);
    expect(res.cors).toMatchObject({ allowed: false });
    expect(res.cors?.reason).toMatch(/No 'Access-Control-Allow-Origin' header/);
    expect(api.trace.ofKind('cors.preflight')).toEqual([]);
    expect(api.trace.ofKind('lambda.invoke')).toHaveLength(1);
  });

  it("accepts the backend's own Access-Control-Allow-Origin when the API has no CORS configuration", async () => {
    const api = corsApi(undefined, null, {
      items: () => ({ statusCode: 200, headers: { 'Access-Control-Allow-Origin': '*' }, body: 'ok' }),
    });
    const res = await send(api, 'GET', '/items', { origin: PAGE });
    expect(res.cors?.allowed).toBe(true);
  });

  it('models nothing for a same-origin caller or a caller without an origin', async () => {
    const api = corsApi(CORS);
    const res = await send(api, 'PUT', '/items');
    expect(res.cors).toBeUndefined();
    expect(api.trace.ofKind('cors.verdict')).toEqual([]);
  });
});
