import { describe, expect, it } from 'vitest';
import { createInProcessInvoker, createWebSocketApi, validateWebSocketDefinition } from '../index';

function base(): Record<string, unknown> {
  return {
    protocolType: 'WEBSOCKET',
    name: 'chat',
    routeSelectionExpression: '$request.body.action',
    routes: {
      $connect: { integration: { type: 'AWS_PROXY', function: 'connect' } },
      sendmessage: { integration: { type: 'AWS_PROXY', function: 'sendmessage' } },
    },
    functions: { connect: { handler: 'connect.handler' }, sendmessage: { handler: 'sendmessage.handler' } },
  };
}

function errorsOf(def: unknown): string[] {
  const r = validateWebSocketDefinition(def);
  return r.ok ? [] : r.errors.map((e) => `${e.path}: ${e.message}`);
}

describe('validateWebSocketDefinition', () => {
  it('accepts a minimal definition and applies the defaults AWS applies (3 s, 128 MB, 29 s integration timeout)', () => {
    const r = validateWebSocketDefinition(base());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.definition.region).toBe('us-east-1');
    expect(r.definition.stage).toEqual({ name: 'dev', variables: {} });
    expect(r.definition.functions.connect).toEqual({
      handler: 'connect.handler',
      timeout: 3,
      memorySize: 128,
      environment: {},
    });
    expect(r.definition.routes.sendmessage.integration).toEqual({
      type: 'AWS_PROXY',
      function: 'sendmessage',
      timeoutInMillis: 29_000,
    });
    expect(r.definition.authorizers).toEqual({});
  });

  it('names a misspelt integration function and lists the functions that exist', () => {
    const def = base();
    (def.routes as Record<string, unknown>).sendmessage = {
      integration: { type: 'AWS_PROXY', function: 'sendMesage' },
    };
    expect(errorsOf(def)).toEqual([
      'routes["sendmessage"].integration.function: no function named "sendMesage" (functions are: connect, sendmessage)',
    ]);
  });

  it('reports a route selection expression that does not compile with its position (CreateApi requires one for WebSocket APIs)', () => {
    const errors = errorsOf({ ...base(), routeSelectionExpression: '${request.body.action' });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      /^routeSelectionExpression: .+ \(at characters \d+–\d+ of "\$\{request\.body\.action"\)$/,
    );
    expect(errorsOf({ ...base(), routeSelectionExpression: undefined })).toEqual([
      'routeSelectionExpression: required for WebSocket APIs, e.g. "$request.body.action"',
    ]);
  });

  it('rejects a custom route key starting with "$", which is reserved (DG websocket-api-develop-routes)', () => {
    const def = base();
    (def.routes as Record<string, unknown>).$join = { integration: { function: 'sendmessage' } };
    expect(errorsOf(def)).toEqual([
      'routes["$join"]: custom route keys must not start with "$" (reserved for $connect, $disconnect and $default)',
    ]);
  });

  it('rejects an authorizer on any route but $connect (DG websocket-api-develop-routes)', () => {
    const def: Record<string, unknown> = {
      ...base(),
      authorizers: {
        auth: { type: 'REQUEST', function: 'connect', identitySource: ['route.request.querystring.token'] },
      },
    };
    (def.routes as Record<string, Record<string, unknown>>).sendmessage.authorizer = 'auth';
    expect(errorsOf(def)).toEqual([
      'routes["sendmessage"].authorizer: authorizers can only be attached to $connect (the $connect route protects the others)',
    ]);
  });

  it('accepts integration timeouts from 50 to 29000 ms and rejects the rest (WebSocket quota table)', () => {
    const withTimeout = (t: unknown) => {
      const def = base();
      (def.routes as Record<string, unknown>).sendmessage = {
        integration: { function: 'sendmessage', timeoutInMillis: t },
      };
      return errorsOf(def);
    };
    expect(withTimeout(50)).toEqual([]);
    expect(withTimeout(29_000)).toEqual([]);
    expect(withTimeout(49)).toEqual([
      'routes["sendmessage"].integration.timeoutInMillis: must be a whole number from 50 to 29000; got number 49',
    ]);
    expect(withTimeout(30_000)).toHaveLength(1);
    expect(withTimeout('1000')).toHaveLength(1);
  });

  it('accepts function timeouts from 1 to 900 seconds, as Lambda does', () => {
    const withTimeout = (t: unknown) =>
      errorsOf({
        ...base(),
        functions: { connect: { handler: 'connect.handler', timeout: t }, sendmessage: { handler: 's.handler' } },
      });
    expect(withTimeout(900)).toEqual([]);
    expect(withTimeout(0)).toEqual([
      'functions["connect"].timeout: must be a whole number of seconds from 1 to 900; got number 0',
    ]);
    expect(withTimeout(901)).toHaveLength(1);
  });

  it('checks identity sources against the WebSocket syntax and points HTTP API syntax out', () => {
    const def = {
      ...base(),
      authorizers: {
        auth: {
          type: 'REQUEST',
          function: 'connect',
          identitySource: [
            'route.request.header.Auth',
            'route.request.querystring.token',
            '$request.header.Auth',
            'route.request.headers.X',
          ],
        },
      },
    };
    expect(errorsOf(def)).toEqual([
      'authorizers["auth"].identitySource[2]: "$request.header.Auth" is not a WebSocket identity source: use route.request.header.<name>, ' +
        'route.request.querystring.<name>, stageVariables.<name> or context.<name> ("$request.…" is HTTP API syntax)',
      'authorizers["auth"].identitySource[3]: "route.request.headers.X" is not a WebSocket identity source: use route.request.header.<name>, ' +
        'route.request.querystring.<name>, stageVariables.<name> or context.<name>',
    ]);
  });

  it('rejects TOKEN authorizers, which WebSocket APIs do not support', () => {
    const def = { ...base(), authorizers: { auth: { type: 'TOKEN', function: 'connect' } } };
    expect(errorsOf(def)).toEqual([
      'authorizers["auth"].type: must be "REQUEST" (WebSocket APIs support only Lambda REQUEST authorizers); got the string "TOKEN"',
    ]);
  });

  it('checks stage names and stage variables against the CreateStage rules', () => {
    expect(errorsOf({ ...base(), stage: { name: 'prod-1_a' } })).toEqual([]);
    expect(errorsOf({ ...base(), stage: { name: 'my stage' } })).toEqual([
      'stage.name: must be 1–128 letters, digits, hyphens or underscores; got the string "my stage"',
    ]);
    expect(errorsOf({ ...base(), stage: { name: '$default' } })[0]).toContain(
      '$default stages exist only for HTTP APIs',
    );
    expect(errorsOf({ ...base(), stage: { name: 'dev', variables: { 'bad-name': 'x', ok: 'has space' } } })).toEqual([
      'stage.variables["bad-name"]: stage variable names are 1–64 letters, digits or underscores',
      'stage.variables["ok"]: values are 1–512 characters from A-Z a-z 0-9 - . _ ~ : / ? # & = ,',
    ]);
  });

  it('requires an apiId of 10 lowercase letters or digits, as execute-api hosts have', () => {
    expect(errorsOf({ ...base(), apiId: 'dl7ptocha9' })).toEqual([]);
    expect(errorsOf({ ...base(), apiId: 'ABC' })).toEqual([
      'apiId: must be 10 lowercase letters or digits, like "dl7ptocha9"; got the string "ABC"',
    ]);
  });

  it('rejects unknown keys, naming the allowed ones', () => {
    expect(errorsOf({ ...base(), routeSelection: 'x' })).toEqual([
      'routeSelection: unknown key "routeSelection" (allowed: protocolType, name, apiId, region, stage, routeSelectionExpression, routes, functions, authorizers, tables)',
    ]);
  });

  it('requires an integration on message routes, while $connect and $disconnect may omit it (DG route-keys-connect-disconnect)', () => {
    const def = base();
    (def.routes as Record<string, unknown>).$disconnect = {};
    expect(errorsOf(def)).toEqual([]);
    (def.routes as Record<string, unknown>).$default = {};
    expect(errorsOf(def)).toEqual([
      'routes["$default"].integration: required: message routes need an integration, e.g. {"type": "AWS_PROXY", "function": "…"}',
    ]);
  });

  it('accepts only "$default" as a route response selection expression (DG apigateway-websocket-api-route-response)', () => {
    const def = base();
    (def.routes as Record<string, Record<string, unknown>>).sendmessage.routeResponseSelectionExpression = '$default';
    expect(errorsOf(def)).toEqual([]);
    (def.routes as Record<string, Record<string, unknown>>).sendmessage.routeResponseSelectionExpression = 'ok';
    expect(errorsOf(def)).toHaveLength(1);
  });

  it('reports every problem at once rather than stopping at the first', () => {
    const errors = errorsOf({ protocolType: 'HTTP', name: '', routes: {}, functions: {} });
    expect(errors.map((e) => e.split(':')[0])).toEqual(['protocolType', 'name', 'routeSelectionExpression']);
  });

  it('makes createWebSocketApi throw an Error that lists every problem', () => {
    const def = base();
    (def.routes as Record<string, unknown>).sendmessage = { integration: { function: 'nope' } };
    expect(() => createWebSocketApi({ definition: def as never, invoker: createInProcessInvoker({}) })).toThrowError(
      /Invalid WebSocket API definition:\nroutes\["sendmessage"\]\.integration\.function: no function named "nope"/,
    );
  });
});
