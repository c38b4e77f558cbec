import { describe, expect, it } from 'vitest';
import { ManualClock } from '../gateway';
import { createRestApi } from '../gateway';
import { createInProcessInvoker } from '../gateway';
import { ObservedTrace } from './observed-trace';
import { groupRequests, lessonRequests, requestPlaceholders } from './requests';
import type { Check } from '../lessons';

function cachedRestApi() {
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  return createRestApi({
    seed: 'requests-test',
    clock,
    invoker: createInProcessInvoker({ fn: () => ({ statusCode: 200, body: 'ok' }) }),
    definition: {
      protocolType: 'REST',
      name: 'r',
      apiId: 'abcdef1234',
      stage: { name: 'dev', cacheClusterEnabled: true },
      resources: {
        '/orders/{id}': {
          methods: { GET: { apiKeyRequired: true, integration: { type: 'AWS_PROXY', function: 'fn' } } },
        },
      },
      apiKeys: [{ id: 'k', name: 'k', value: 'abcdefghijklmnopqrstuvwxyz' }],
      usagePlans: [{ name: 'p', apiKeys: ['k'] }],
      functions: { fn: { handler: 'fn.handler' } },
    },
  });
}

describe('groupRequests', () => {
  it('lists one entry per request with its status, source and the gateway steps (REST API key, stage cache HIT)', async () => {
    const api = cachedRestApi();
    const url = `${api.url}/orders/1`;
    const key = { 'x-api-key': 'abcdefghijklmnopqrstuvwxyz' };
    await api.handle({ method: 'GET', url, clientName: 'Partner system' });
    await api.handle({ method: 'GET', url, headers: key, clientName: 'Partner system' });
    await api.handle({ method: 'GET', url, headers: key, clientName: 'Partner system' });
    const requests = groupRequests(api.trace.events);
    expect(requests.map((r) => [r.caller, r.method, r.path, r.status, r.source, r.cache])).toEqual([
      ['Partner system', 'GET', '/dev/orders/1', 403, 'gateway', undefined],
      ['Partner system', 'GET', '/dev/orders/1', 200, 'integration', 'STORE'],
      ['Partner system', 'GET', '/dev/orders/1', 200, 'cache', 'HIT'],
    ]);
    expect(requests[0].errorType).toBe('ForbiddenException');
    expect(requests[0].steps.map((s) => s.kind)).toContain('apikey.check');
    expect(requests[1].steps.map((s) => s.kind)).toEqual(
      expect.arrayContaining(['lambda.invoke', 'lambda.result', 'http.response']),
    );
    expect(requests[2].steps.some((s) => s.kind === 'lambda.invoke')).toBe(false);
  });

  it('pairs observed real-mode requests and responses by caller', () => {
    const t = new ObservedTrace({ clock: new ManualClock(0) });
    t.record({ client: 'A', type: 'http-request', method: 'GET', url: 'https://x.example/a', headers: [], body: '' });
    t.record({ client: 'B', type: 'http-request', method: 'GET', url: 'https://x.example/b', headers: [], body: '' });
    t.record({ client: 'B', type: 'http-failed', message: 'TypeError: Failed to fetch' });
    t.record({ client: 'A', type: 'http-response', status: 204, headers: [], body: '' });
    const requests = groupRequests(t.log.events);
    expect(requests.map((r) => [r.caller, r.path, r.status, r.cors?.allowed])).toEqual([
      ['A', '/a', 204, undefined],
      ['B', '/b', undefined, false],
    ]);
  });
});

describe("a lesson's requests", () => {
  const check = (steps: Check['steps'], api?: string): Check =>
    ({ id: 'c', title: 'c', kind: 'scenario', steps, expect: [], hints: [], ...(api ? { api } : {}) }) as Check;

  it('offers the requests its checks send, in order and each once, with their query, headers and body', () => {
    const checks = [
      check([
        { http: { client: 'Alice', method: 'GET', path: '/books', query: 'genre=crime' } },
        { http: { client: 'Alice', method: 'POST', path: '/orders', json: { id: 'b-1' } } },
      ]),
      check([
        { http: { client: 'Bob', method: 'GET', path: '/books', query: 'genre=crime' } },
        { http: { client: 'Bob', method: 'GET', path: '/books', headers: { 'x-api-key': 'k'.repeat(20) } } },
      ]),
    ];
    expect(lessonRequests(checks, null)).toEqual([
      { label: 'GET /books?genre=crime', method: 'GET', path: '/books', query: 'genre=crime' },
      {
        label: 'POST /orders',
        method: 'POST',
        path: '/orders',
        headers: [['Content-Type', 'application/json']],
        body: '{"id":"b-1"}',
      },
      { label: 'GET /books', method: 'GET', path: '/books', headers: [['x-api-key', 'k'.repeat(20)]] },
    ]);
  });

  it('gives the same request with other headers or another body a label of its own', () => {
    const get = (headers?: Record<string, string>) => ({
      http: { client: 'Alice', method: 'GET', path: '/products/p-1', ...(headers ? { headers } : {}) },
    });
    const labels = lessonRequests(
      [check([get(), get({ 'Cache-Control': 'max-age=0' }), get({ 'X-A': '1' })])],
      null,
    ).map((r) => r.label);
    expect(labels).toEqual([
      'GET /products/p-1',
      'GET /products/p-1 (Cache-Control: max-age=0)',
      'GET /products/p-1 (X-A: 1)',
    ]);
  });

  it("skips checks that deploy another API of the lesson, and falls back to the API's own paths", () => {
    const other = check([{ http: { client: 'Alice', method: 'GET', path: '/orders/1' } }], 'shop/api.json');
    const def = {
      protocolType: 'HTTP',
      name: 'h',
      routes: { 'GET /products/{id}': {}, 'ANY /docs/{proxy+}': {}, $default: {} },
    } as never;
    expect(lessonRequests([other], def).map((r) => r.label)).toEqual(['GET /products/1', 'GET /docs/docs']);
    const rest = {
      protocolType: 'REST',
      name: 'r',
      resources: { '/books': { methods: { GET: {} } }, '/books/{id}': { methods: {} } },
    } as never;
    expect(lessonRequests([], rest).map((r) => r.path)).toEqual(['/books']);
  });

  it("takes the builder's placeholders from the lesson's requests, not the shop's", () => {
    expect(
      requestPlaceholders([
        { label: 'a', method: 'GET', path: '/books/b-1' },
        { label: 'b', method: 'GET', path: '/books', query: 'genre=crime' },
        { label: 'c', method: 'POST', path: '/catalog/orders', body: '{"id":"b-1"}' },
      ]),
    ).toEqual({ path: '/books/b-1', query: 'genre=crime', body: '{"id":"b-1"}' });
    expect(requestPlaceholders([])).toEqual({ path: '/', query: '', body: '' });
  });
});
