import { describe, expect, it } from 'vitest';
import { createInProcessInvoker } from '../core/inprocess-invoker';
import { createHttpApi } from './engine';
import { validateHttpDefinition } from './validate-definition';

const base = {
  protocolType: 'HTTP',
  name: 'pets',
  routes: { 'GET /pets/{id}': { integration: { type: 'AWS_PROXY', function: 'getPet' } } },
  functions: { getPet: { handler: 'pets.handler' } },
};

function errorsOf(input: unknown): Record<string, string> {
  const r = validateHttpDefinition(input);
  if (r.ok) return {};
  return Object.fromEntries(r.errors.map((e) => [e.path, e.message]));
}

describe('validateHttpDefinition', () => {
  it("applies AWS's defaults: stage $default, payload format 2.0, integration timeout 30 000 ms, Lambda 3 s / 128 MB", () => {
    const r = validateHttpDefinition(base);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.definition.stage).toEqual({ name: '$default', variables: {} });
    expect(r.definition.region).toBe('us-east-1');
    expect(r.definition.routes['GET /pets/{id}'].integration).toEqual({
      type: 'AWS_PROXY',
      function: 'getPet',
      payloadFormatVersion: '2.0',
      timeoutInMillis: 30_000,
    });
    expect(r.definition.functions.getPet).toMatchObject({ timeout: 3, memorySize: 128 });
  });

  it('names the field in every message and reports every problem', () => {
    const errors = errorsOf({
      ...base,
      protocolType: 'WEBSOCKET',
      routes: {
        'GET /{proxy+}/x': { integration: { type: 'AWS_PROXY', function: 'getPet' } },
        'GET /pets': { integration: { type: 'HTTP_PROXY', function: 'missing', timeoutInMillis: 40_000 } },
        sendmessage: { integration: { type: 'AWS_PROXY', function: 'getPet' } },
      },
      functions: { getPet: { handler: 'nodot' } },
    });
    expect(errors.protocolType).toMatch(/must be "HTTP"/);
    expect(errors['routes["GET /{proxy+}/x"]']).toMatch(/greedy path variable \{proxy\+\} must be the last segment/);
    expect(errors['routes["GET /pets"].integration.type']).toMatch(/only "AWS_PROXY"/);
    expect(errors['routes["GET /pets"].integration.function']).toMatch(/no function named "missing"/);
    expect(errors['routes["GET /pets"].integration.timeoutInMillis']).toMatch(/from 50 to 30000/);
    expect(errors['routes["sendmessage"]']).toMatch(/"\$default" or "METHOD \/path"/);
    expect(errors['functions["getPet"].handler']).toMatch(/file\.export/);
  });

  it('refuses two routes no request could tell apart', () => {
    const errors = errorsOf({
      ...base,
      routes: {
        'GET /pets/{id}': { integration: { type: 'AWS_PROXY', function: 'getPet' } },
        'GET /pets/{petId}': { integration: { type: 'AWS_PROXY', function: 'getPet' } },
      },
    });
    expect(errors['routes["GET /pets/{petId}"]']).toMatch(/conflicts with "GET \/pets\/\{id\}"/);
  });

  it('checks authorizers: JWT configuration, Lambda payload version, simple responses only with 2.0, scopes only with JWT', () => {
    const errors = errorsOf({
      ...base,
      routes: {
        'GET /a': {
          integration: { type: 'AWS_PROXY', function: 'getPet' },
          authorizer: 'lambda',
          authorizationScopes: ['x'],
        },
        'GET /b': { integration: { type: 'AWS_PROXY', function: 'getPet' }, authorizer: 'nope' },
      },
      authorizers: {
        jwt: { type: 'JWT', jwtConfiguration: { issuer: 'http://insecure', audience: [] } },
        lambda: {
          type: 'REQUEST',
          function: 'getPet',
          authorizerPayloadFormatVersion: '1.0',
          enableSimpleResponses: true,
        },
        ttl: {
          type: 'REQUEST',
          function: 'getPet',
          authorizerPayloadFormatVersion: '2.0',
          resultTtlInSeconds: 60,
          identitySource: [],
        },
        ws: {
          type: 'REQUEST',
          function: 'getPet',
          authorizerPayloadFormatVersion: '2.0',
          identitySource: ['route.request.header.Auth'],
        },
      },
    });
    expect(errors['authorizers["jwt"].jwtConfiguration.issuer']).toMatch(/issuer URL/);
    expect(errors['authorizers["jwt"].jwtConfiguration.audience']).toMatch(/non-empty list/);
    expect(errors['authorizers["lambda"].enableSimpleResponses']).toMatch(/"2\.0"/);
    expect(errors['authorizers["ttl"].identitySource']).toMatch(/required when resultTtlInSeconds/);
    expect(errors['authorizers["ws"].identitySource[0]']).toMatch(/WebSocket syntax/);
    expect(errors['routes["GET /a"].authorizationScopes']).toMatch(/need a JWT authorizer/);
    expect(errors['routes["GET /b"].authorizer']).toMatch(/no authorizer named "nope"/);
  });

  it('checks the CORS configuration: wildcard origins cannot go with credentials', () => {
    const errors = errorsOf({ ...base, cors: { allowOrigins: ['*'], allowCredentials: true, maxAge: 100_000 } });
    expect(errors['cors.allowCredentials']).toMatch(/cannot be true when allowOrigins contains "\*"/);
    expect(errors['cors.maxAge']).toMatch(/-1 to 86400/);
  });

  it('checks stage names and stage variables as AWS does', () => {
    const errors = errorsOf({ ...base, stage: { name: 'bad name', variables: { 'no-dash': 'x' } } });
    expect(errors['stage.name']).toMatch(/"\$default" or 1–128/);
    expect(errors['stage.variables["no-dash"]']).toMatch(/letters, digits or underscores/);
  });

  it('makes createHttpApi throw with every problem listed', () => {
    expect(() =>
      createHttpApi({ definition: { ...base, routes: { nope: {} } } as never, invoker: createInProcessInvoker({}) }),
    ).toThrow(/Invalid HTTP API definition:\nroutes\["nope"\]/);
  });
});
