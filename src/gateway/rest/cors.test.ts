import { describe, expect, it } from 'vitest';
import type { RestMethodDefinition } from './definition';
import { makeRestApi, proxy, restDefinition, send } from './test-support';

const PAGE = 'https://app.example';

/** The OPTIONS method the console's "Enable CORS" creates: a MOCK with the CORS headers as response parameters. */
const CORS_OPTIONS: RestMethodDefinition = {
  integration: {
    type: 'MOCK',
    requestTemplates: { 'application/json': '{"statusCode": 200}' },
    integrationResponses: [
      {
        statusCode: '200',
        responseParameters: {
          'method.response.header.Access-Control-Allow-Origin': "'*'",
          'method.response.header.Access-Control-Allow-Methods': "'GET,POST,OPTIONS'",
          'method.response.header.Access-Control-Allow-Headers': "'Content-Type,X-Api-Key'",
        },
      },
    ],
  },
};

const withAcao = () => ({ statusCode: 200, headers: { 'Access-Control-Allow-Origin': '*' }, body: 'ok' });

describe('REST CORS as the browser sees it, modelled in fake mode (docs/aws-behaviour.md §5.6)', () => {
  it('lets the page read a simple GET when the function returns Access-Control-Allow-Origin', async () => {
    const api = makeRestApi(restDefinition({ '/items': { methods: { GET: proxy('fn') } } }), { fn: withAcao });
    const res = await send(api, 'GET', '/items', { origin: PAGE });
    expect(res.cors).toMatchObject({ allowed: true });
    expect(res.cors?.preflight).toBeUndefined();
    expect(api.trace.ofKind('cors.verdict')[0]).toMatchObject({ allowed: true, modelled: true, origin: PAGE });
  });

  it('blocks the response when the proxy function sets no CORS header: with a proxy integration the Lambda must return it (DG set-up-lambda-proxy-integrations)', async () => {
    const api = makeRestApi(restDefinition({ '/items': { methods: { GET: proxy('fn') } } }), {
      fn: () => ({ statusCode: 200, body: 'ok' }),
    });
    const res = await send(api, 'GET', '/items', { origin: PAGE });
    expect(res.status).toBe(200);
    expect(res.cors?.allowed).toBe(false);
    expect(res.cors?.reason).toContain("No 'Access-Control-Allow-Origin' header");
  });

  it('sends the function an Origin header, as the browser does', async () => {
    const api = makeRestApi(restDefinition({ '/items': { methods: { GET: proxy('fn') } } }), {
      fn: (e: { headers: Record<string, string> }) => ({ statusCode: 200, body: e.headers.Origin ?? 'none' }),
    });
    expect((await send(api, 'GET', '/items', { origin: PAGE })).body).toBe(PAGE);
  });

  it('fails the preflight of a JSON POST when the resource has no OPTIONS method: 403 without CORS headers, so the page sees a network error', async () => {
    const api = makeRestApi(restDefinition({ '/items': { methods: { POST: proxy('fn') } } }), { fn: withAcao });
    const res = await send(api, 'POST', '/items', {
      origin: PAGE,
      body: '{}',
      headers: { 'Content-Type': 'application/json' },
    });
    expect(res).toMatchObject({ status: 0, body: '', cors: { allowed: false, preflight: { status: 403 } } });
    expect(api.trace.ofKind('cors.preflight')[0]).toMatchObject({
      requestMethod: 'POST',
      requestHeaders: ['content-type'],
      allowed: false,
      modelled: true,
    });
    expect(api.trace.ofKind('lambda.invoke')).toHaveLength(0);
  });

  it('passes the preflight with a MOCK OPTIONS method like the console\'s "Enable CORS", then sends the POST', async () => {
    const api = makeRestApi(restDefinition({ '/items': { methods: { POST: proxy('fn'), OPTIONS: CORS_OPTIONS } } }), {
      fn: withAcao,
    });
    const res = await send(api, 'POST', '/items', {
      origin: PAGE,
      body: '{}',
      headers: { 'Content-Type': 'application/json' },
    });
    expect(res).toMatchObject({ status: 200, body: 'ok', cors: { allowed: true, preflight: { status: 200 } } });
    expect(api.trace.ofKind('http.request').map((e) => e.method)).toEqual(['OPTIONS', 'POST']);
  });

  it('hides a gateway error from the page: a 403 Forbidden for a missing API key carries no CORS headers', async () => {
    const api = makeRestApi(
      restDefinition(
        { '/items': { methods: { GET: proxy('fn', { apiKeyRequired: true }) } } },
        {
          apiKeys: [{ id: 'k', name: 'k', value: 'abcdefghijklmnopqrstuvwxyz' }],
          usagePlans: [{ name: 'p', apiKeys: ['k'] }],
        },
      ),
      { fn: withAcao },
    );
    const res = await send(api, 'GET', '/items', { origin: PAGE });
    expect(res.status).toBe(403);
    expect(res.cors?.allowed).toBe(false);
  });

  it('models nothing for a same-origin call', async () => {
    const api = makeRestApi(restDefinition({ '/items': { methods: { GET: proxy('fn') } } }), { fn: withAcao });
    const res = await send(api, 'GET', '/items', { origin: 'https://abcdef1234.execute-api.us-east-1.amazonaws.com' });
    expect(res.cors).toBeUndefined();
    expect(api.trace.ofKind('cors.verdict')).toHaveLength(0);
  });
});
