import { describe, expect, it } from 'vitest';
import { apiTypeOf, createApi, isHttpLike, validateDefinition } from './api';
import { createInProcessInvoker } from './inprocess-invoker';

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
