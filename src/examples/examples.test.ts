/**
 * The built-in examples deploy and answer as their presets promise: each definition validates,
 * and the handlers run through the same transpiler and SDK shims as in the browser sandbox
 * (the Node invoker), behind the real HTTP and REST engines.
 */
import { describe, expect, it } from 'vitest';
import {
  ManualClock,
  createHttpApi,
  createRestApi,
  validateHttpDefinition,
  validateRestDefinition,
  validateWebSocketDefinition,
  type GatewayHttpRequest,
  type HttpLikeApi,
} from '../gateway';
import { mintTestToken } from '../gateway';
import { TableStore, createNodeInvoker, createRuntimeServices, transpile } from '../runtime/node';
import { EXAMPLES, chatExample, httpOrdersExample, restOrdersExample, type Example } from './index';
import { PARTNER_API_KEY } from './rest-orders/index';

function deploy(example: Example, create: typeof createHttpApi | typeof createRestApi, validate: (d: unknown) => { ok: boolean }) {
  const checked = validate(example.definition) as { ok: true; definition: never } | { ok: false; errors: unknown };
  if (!checked.ok) throw new Error(JSON.stringify(checked.errors));
  const tables = new TableStore((example.definition as { tables?: Record<string, { partitionKey: string }> }).tables ?? {});
  const services = createRuntimeServices({ tables, resolveManagement: () => undefined });
  const invoker = createNodeInvoker({ getFiles: () => example.files, services });
  const clock = new ManualClock(Date.UTC(2026, 0, 20));
  const api: HttpLikeApi = create({ definition: checked.definition, invoker, clock, seed: 'examples' });
  const send = (method: string, path: string, init: Omit<GatewayHttpRequest, 'method' | 'url'> = {}) =>
    api.handle({ method, url: `${api.url}${path}`, clientName: 'test', ...init });
  return { api, send, tables, clock };
}

describe('built-in examples', () => {
  it('name their API type in the definition, one example per type', () => {
    for (const [type, example] of Object.entries(EXAMPLES)) {
      expect(example.apiType).toBe(type);
      expect((example.definition as { protocolType: string }).protocolType).toBe(type);
      expect(example.focus in example.files).toBe(true);
    }
  });

  it('compile with the sandbox transpiler', () => {
    for (const example of Object.values(EXAMPLES))
      for (const [file, text] of Object.entries(example.files)) expect(transpile(text, file).ok, file).toBe(true);
  });

  it('keep the WebSocket chat definition valid', () => {
    expect(validateWebSocketDefinition(chatExample.definition).ok).toBe(true);
  });
});

describe('the HTTP API example (docs/aws-behaviour.md §5.3–5.7)', () => {
  const setup = () => deploy(httpOrdersExample, createHttpApi, validateHttpDefinition);

  it('answers GET /orders/1 with the seeded order as an inferred 200 JSON body (payload 2.0)', async () => {
    const { send } = setup();
    const res = await send('GET', '/orders/1');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json');
    expect(JSON.parse(res.body)).toMatchObject({ orderId: '1', status: 'shipped' });
  });

  it('answers an unknown route with 404 {"message":"Not Found"} (DG http-api-develop-routes)', async () => {
    const { send } = setup();
    expect(await send('GET', '/customers')).toMatchObject({ status: 404, body: '{"message":"Not Found"}' });
  });

  it('routes /products/p-2 to the greedy route with the stage variable', async () => {
    const { send } = setup();
    const res = await send('GET', '/products/p-2');
    expect(JSON.parse(res.body)).toMatchObject({ productId: 'p-2', currency: 'EUR' });
  });

  it('needs a JWT with the orders:write scope on POST /orders (DG http-api-jwt-authorizer)', async () => {
    const { send, clock, tables } = setup();
    const body = '{"productId":"p-2","quantity":1}';
    const headers = { 'content-type': 'application/json' };
    expect((await send('POST', '/orders', { headers, body })).status).toBe(401);
    const reader = mintTestToken({ scope: 'openid' }, { now: clock.now() });
    expect((await send('POST', '/orders', { headers: { ...headers, authorization: `Bearer ${reader}` }, body })).status).toBe(403);
    const writer = mintTestToken({ sub: 'ada', scope: 'orders:write' }, { now: clock.now() });
    const created = await send('POST', '/orders', { headers: { ...headers, authorization: `Bearer ${writer}` }, body });
    expect(created.status).toBe(201);
    expect(JSON.parse(created.body)).toMatchObject({ productId: 'p-2', customer: 'ada' });
    expect(tables.items('orders')).toHaveLength(2);
  });

  it('lets a cross-origin browser call GET /orders/1 (CORS configured on the API)', async () => {
    const { send } = setup();
    const res = await send('GET', '/orders/1', { origin: 'http://localhost:5173' });
    expect(res.cors?.allowed).toBe(true);
    expect(res.headers['access-control-allow-origin']).toBe('*');
  });
});

describe('the REST API example (docs/aws-behaviour.md §4, §5.8–5.9)', () => {
  const setup = () => deploy(restOrdersExample, createRestApi, validateRestDefinition);
  const key = { 'x-api-key': PARTNER_API_KEY };

  it('answers 403 Forbidden without an API key and 200 with the partner key', async () => {
    const { send } = setup();
    expect(await send('GET', '/orders/1')).toMatchObject({ status: 403, body: '{"message":"Forbidden"}' });
    const ok = await send('GET', '/orders/1', { headers: key });
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toMatchObject({ orderId: '1' });
  });

  it('serves the second GET /orders/1 from the stage cache', async () => {
    const { api, send } = setup();
    await send('GET', '/orders/1', { headers: key });
    await send('GET', '/orders/1', { headers: key });
    expect(api.trace.ofKind('cache').map((e) => e.outcome)).toContain('HIT');
    expect(api.trace.ofKind('lambda.invoke').filter((e) => e.functionName === 'getOrder')).toHaveLength(1);
  });

  it('rejects an invalid body with 400 before the function runs, and creates a valid order', async () => {
    const { send } = setup();
    const headers = { ...key, 'Content-Type': 'application/json' };
    expect(await send('POST', '/orders', { headers, body: '{"productId":"shoes","quantity":0}' })).toMatchObject({
      status: 400,
      body: '{"message": "Invalid request body"}',
    });
    expect((await send('POST', '/orders', { headers, body: '{"productId":"p-2","quantity":1}' })).status).toBe(201);
  });

  it('answers the MOCK products list, the mapped product lookup and its 404', async () => {
    const { send } = setup();
    expect(JSON.parse((await send('GET', '/products')).body)).toMatchObject({ currency: 'EUR' });
    expect(JSON.parse((await send('GET', '/products/p-1')).body)).toMatchObject({ productId: 'p-1', currency: 'EUR' });
    expect(await send('GET', '/products/p-9')).toMatchObject({ status: 404, body: '{"message": "No product p-9"}' });
  });

  it('answers an unknown resource with 403 Missing Authentication Token', async () => {
    const { send } = setup();
    expect(await send('GET', '/customers')).toMatchObject({ status: 403, body: '{"message":"Missing Authentication Token"}' });
  });

  it('lets a browser page with the key through CORS (OPTIONS mock + Lambda headers)', async () => {
    const { send } = setup();
    const res = await send('GET', '/orders/1', { headers: key, origin: 'http://localhost:5173' });
    expect(res.cors).toMatchObject({ allowed: true });
  });
});
