import { describe, expect, it } from 'vitest';
import type { HttpApiDefinition } from '../gateway';
import { validateHttpDefinition } from '../gateway';
import {
  addHttpRoute,
  corsForm,
  httpRouteKeyProblem,
  jwtRoutes,
  parseJsonText,
  parseKeyValueLines,
  renameHttpRoute,
  setHttpCors,
  setHttpPayloadVersion,
  setHttpRouteAuthorizer,
  setHttpRouteScopes,
  setHttpRouteTimeout,
  setHttpStageName,
  setHttpStageVariables,
} from './http-edits';

function def(): HttpApiDefinition {
  return {
    protocolType: 'HTTP',
    name: 'shop',
    routes: { 'GET /orders/{id}': { integration: { type: 'AWS_PROXY', function: 'getOrder' } } },
    authorizers: {
      users: {
        type: 'JWT',
        jwtConfiguration: { issuer: 'https://auth.playground.example/', audience: ['playground-client'] },
      },
      custom: {
        type: 'REQUEST',
        function: 'getOrder',
        authorizerPayloadFormatVersion: '2.0',
        enableSimpleResponses: true,
      },
    },
    functions: { getOrder: { handler: 'get-order.handler' } },
  };
}

describe('HTTP API route edits (DG http-api-develop-routes)', () => {
  it('adds METHOD /path and $default routes with a payload 2.0 Lambda integration', () => {
    const d = def();
    expect(addHttpRoute(d, 'ANY /{proxy+}')).toBeNull();
    expect(addHttpRoute(d, '$default', 'getOrder')).toBeNull();
    expect(d.routes['ANY /{proxy+}'].integration).toEqual({
      type: 'AWS_PROXY',
      function: 'getOrder',
      payloadFormatVersion: '2.0',
    });
    expect(validateHttpDefinition(d).ok).toBe(true);
  });

  it("refuses a route key AWS would refuse, with the engine's reason", () => {
    const d = def();
    expect(httpRouteKeyProblem(d, 'GET orders')).toMatch(/METHOD \/path/);
    expect(httpRouteKeyProblem(d, 'GET /{proxy+}/x')).toMatch(/greedy path variable .* last segment/);
    expect(httpRouteKeyProblem(d, 'FETCH /x')).toMatch(/unknown method/);
    expect(addHttpRoute(d, 'GET /orders/{id}')).toMatch(/already exists/);
    expect(httpRouteKeyProblem(d, '')).toMatch(/required/);
  });

  it('renames a route in place, keeping the table order', () => {
    const d = def();
    addHttpRoute(d, 'POST /orders');
    expect(renameHttpRoute(d, 'GET /orders/{id}', 'GET /orders/{orderId}')).toBeNull();
    expect(Object.keys(d.routes)).toEqual(['GET /orders/{orderId}', 'POST /orders']);
    expect(renameHttpRoute(d, 'POST /orders', 'POST orders')).toMatch(/METHOD \/path/);
  });

  it('sets the payload format version and the integration timeout, and clears the timeout back to the default', () => {
    const d = def();
    setHttpPayloadVersion(d, 'GET /orders/{id}', '1.0');
    setHttpRouteTimeout(d, 'GET /orders/{id}', 5000);
    expect(d.routes['GET /orders/{id}'].integration).toMatchObject({
      payloadFormatVersion: '1.0',
      timeoutInMillis: 5000,
    });
    setHttpRouteTimeout(d, 'GET /orders/{id}', undefined);
    expect(d.routes['GET /orders/{id}'].integration).not.toHaveProperty('timeoutInMillis');
  });

  it('keeps scopes only for a JWT authorizer (DG http-api-jwt-authorizer)', () => {
    const d = def();
    setHttpRouteAuthorizer(d, 'GET /orders/{id}', 'users');
    setHttpRouteScopes(d, 'GET /orders/{id}', 'orders:read, orders:write');
    expect(d.routes['GET /orders/{id}'].authorizationScopes).toEqual(['orders:read', 'orders:write']);
    expect(jwtRoutes(d)).toEqual([
      { routeKey: 'GET /orders/{id}', authorizer: 'users', scopes: ['orders:read', 'orders:write'] },
    ]);
    setHttpRouteAuthorizer(d, 'GET /orders/{id}', 'custom');
    expect(d.routes['GET /orders/{id}']).not.toHaveProperty('authorizationScopes');
    setHttpRouteAuthorizer(d, 'GET /orders/{id}', '');
    expect(d.routes['GET /orders/{id}']).not.toHaveProperty('authorizer');
  });
});

describe('HTTP API CORS and stage edits', () => {
  it('round-trips the CORS form into corsConfiguration (DG http-api-cors)', () => {
    const d = def();
    const form = {
      ...corsForm(undefined),
      enabled: true,
      allowOrigins: 'https://shop.example, https://admin.example',
      maxAge: '300',
    };
    expect(setHttpCors(d, form)).toBeNull();
    expect(d.cors).toEqual({ allowOrigins: ['https://shop.example', 'https://admin.example'], maxAge: 300 });
    expect(corsForm(d.cors)).toMatchObject({
      enabled: true,
      allowOrigins: 'https://shop.example, https://admin.example',
      maxAge: '300',
    });
    expect(setHttpCors(d, { ...form, maxAge: 'soon' })).toMatch(/whole seconds/);
    setHttpCors(d, { ...form, enabled: false });
    expect(d).not.toHaveProperty('cors');
  });

  it('names the stage ($default when empty) and sets its variables', () => {
    const d = def();
    setHttpStageName(d, 'dev');
    setHttpStageVariables(d, parseKeyValueLines('currency=EUR\n region = eu \n\n'));
    expect(d.stage).toEqual({ name: 'dev', variables: { currency: 'EUR', region: ' eu ' } });
    setHttpStageName(d, '  ');
    expect(d.stage?.name).toBe('$default');
  });

  it("parses a JSON editor's text, with the parser's message on a mistake", () => {
    expect(parseJsonText('{"a": 1}')).toEqual({ ok: true, value: { a: 1 } });
    expect(parseJsonText('  ')).toEqual({ ok: true, value: undefined });
    expect(parseJsonText('{a: 1}')).toMatchObject({ ok: false, error: expect.stringMatching(/^Not valid JSON/) });
  });
});
