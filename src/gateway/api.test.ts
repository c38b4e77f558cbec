import { describe, expect, it } from 'vitest';
import { createApi, validateDefinition } from './api';
import { apiTypeOf, isHttpLike } from './api-type';
import { createInProcessInvoker } from './core/inprocess-invoker';

const fn = { handler: 'index.handler' };
const invoker = createInProcessInvoker({ index: async () => ({ statusCode: 200, body: 'ok' }) });

const websocket = {
  protocolType: 'WEBSOCKET',
  name: 'chat',
  routeSelectionExpression: '$request.body.action',
  routes: { $default: { integration: { type: 'AWS_PROXY', function: 'index' } } },
  functions: { index: fn },
};
const http = {
  protocolType: 'HTTP',
  name: 'shop',
  routes: { 'GET /items': { integration: { type: 'AWS_PROXY', function: 'index' } } },
  functions: { index: fn },
};
const rest = {
  protocolType: 'REST',
  name: 'shop',
  resources: {
    '/items': { methods: { GET: { integration: { type: 'AWS_PROXY', function: 'index' } } } },
  },
  functions: { index: fn },
};

describe('validateDefinition', () => {
  it('validates each definition with the validator of its protocolType', () => {
    for (const def of [websocket, http, rest]) {
      const r = validateDefinition(def);
      expect(r.ok, JSON.stringify(r)).toBe(true);
    }
  });

  it('names the fields of the declared type in its messages', () => {
    const r = validateDefinition({ ...http, routes: { 'FETCH /items': http.routes['GET /items'] } });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0].path).toBe('routes["FETCH /items"]');
  });

  it('reports a missing or unknown protocolType as the one error', () => {
    for (const [input, got] of [
      [{}, 'nothing'],
      [{ protocolType: 'GRPC' }, 'the string "GRPC"'],
      [null, 'nothing'],
    ] as const) {
      expect(validateDefinition(input)).toEqual({
        ok: false,
        errors: [{ path: 'protocolType', message: `must be "WEBSOCKET", "HTTP" or "REST", got ${got}` }],
      });
    }
  });
});

describe('the rules every API type shares (src/gateway/core)', () => {
  const withFunction = (def: Record<string, unknown>, index: Record<string, unknown>) => ({
    ...def,
    functions: { index },
  });
  const errorsOf = (def: unknown) => {
    const r = validateDefinition(def);
    return r.ok ? [] : r.errors;
  };

  it('refuses a Lambda-reserved environment variable such as AWS_REGION with the same message on every API type (Lambda DG configuration-envvars)', () => {
    const index = { ...fn, environment: { AWS_REGION: 'eu-west-1', TABLE: 'items' } };
    for (const def of [websocket, http, rest])
      expect(errorsOf(withFunction(def, index)), def.protocolType).toEqual([
        { path: 'functions["index"].environment["AWS_REGION"]', message: 'AWS_REGION is reserved by Lambda' },
      ]);
  });

  it('applies one handler rule everywhere: "file.export" as Lambda documents it, optionally in a folder', () => {
    for (const def of [websocket, http, rest]) {
      for (const handler of ['index.handler', 'src/handlers/index.handler', 'index.handlers.get', 'index.$h_1'])
        expect(errorsOf(withFunction(def, { handler })), `${def.protocolType} ${handler}`).toEqual([]);
      for (const handler of ['index', 'index.', '.handler', 'index..handler', 'index.my-handler', 'in dex.handler'])
        expect(
          errorsOf(withFunction(def, { handler })).map((e) => e.path),
          `${def.protocolType} ${handler}`,
        ).toEqual(['functions["index"].handler']);
    }
  });

  it('applies Lambda defaults (3 s, 128 MB) to the functions of every API type', () => {
    for (const def of [websocket, http, rest]) {
      const r = validateDefinition(def);
      expect(r.ok && r.definition.functions.index, def.protocolType).toEqual({
        handler: 'index.handler',
        timeout: 3,
        memorySize: 128,
        environment: {},
      });
    }
  });
});

describe('createApi', () => {
  it('builds the engine of the definition type', async () => {
    const types = [];
    for (const def of [websocket, http, rest]) {
      const r = validateDefinition(def);
      if (!r.ok) throw new Error('invalid');
      const api = createApi(r.definition, { invoker, seed: 'api-test' });
      types.push([apiTypeOf(api), isHttpLike(api)]);
      api.dispose();
    }
    expect(types).toEqual([
      ['WEBSOCKET', false],
      ['HTTP', true],
      ['REST', true],
    ]);
  });

  it('passes the HTTP-only options through to an HTTP API', async () => {
    const r = validateDefinition(http);
    if (!r.ok) throw new Error('invalid');
    const api = createApi(r.definition, { invoker, seed: 'api-test', jwks: { keys: [] } });
    if (!isHttpLike(api)) throw new Error('expected an HTTP API');
    const res = await api.handle({ method: 'GET', url: `${api.url}/items` });
    expect(res.status).toBe(200);
    expect(res.body).toBe('ok');
  });
});
