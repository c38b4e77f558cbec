import { describe, expect, it } from 'vitest';
import { ManualClock } from '../gateway';
import { createHttpApi } from '../gateway';
import { createInProcessInvoker } from '../gateway';
import {
  CALLER_HEADER,
  bodyFor,
  withAdapterReport,
  engineTransport,
  fetchTransport,
  type OutgoingHttpRequest,
} from './http-transport';

function httpApi(cors?: { allowOrigins: string[] }) {
  return createHttpApi({
    seed: 'transport-test',
    clock: new ManualClock(Date.UTC(2026, 0, 1)),
    invoker: createInProcessInvoker({
      fn: () => ({ statusCode: 200, cookies: ['a=1', 'b=2'], body: 'hi' }),
    }),
    definition: {
      protocolType: 'HTTP',
      name: 'h',
      routes: { 'GET /hello': { integration: { type: 'AWS_PROXY', function: 'fn' } } },
      ...(cors ? { cors } : {}),
      functions: { fn: { handler: 'fn.handler' } },
    },
  });
}

const req = (over: Partial<OutgoingHttpRequest> = {}): OutgoingHttpRequest => ({
  caller: 'Browser app',
  kind: 'browser',
  method: 'GET',
  url: '',
  headers: [],
  ...over,
});

let t = 0;
const clock = () => (t += 5);

describe('engineTransport', () => {
  it('answers as fetch would: status, headers (set-cookie repeated) and body', async () => {
    const api = httpApi({ allowOrigins: ['*'] });
    const send = engineTransport({ api: () => api, origin: 'http://localhost:5173', clock });
    const out = await send(req({ url: `${api.url}/hello` }));
    expect(out).toMatchObject({ kind: 'response', status: 200, body: 'hi' });
    if (out.kind !== 'response') return;
    expect(out.headers.filter(([k]) => k === 'set-cookie').map(([, v]) => v)).toEqual(['a=1', 'b=2']);
    expect(api.trace.ofKind('http.request')[0].from).toBe('client:Browser app');
  });

  it('turns a CORS refusal into the TypeError a page sees, keeping the reason as detail (DG http-api-cors)', async () => {
    const api = httpApi();
    const send = engineTransport({ api: () => api, origin: 'http://localhost:5173', clock });
    const out = await send(req({ url: `${api.url}/hello` }));
    expect(out).toMatchObject({
      kind: 'network-error',
      message: 'TypeError: Failed to fetch',
      detail: expect.stringMatching(/^CORS: /),
    });
    expect(api.trace.ofKind('cors.verdict')[0].allowed).toBe(false);
  });

  it('sends no Origin for a server caller, so CORS does not apply', async () => {
    const api = httpApi();
    const send = engineTransport({ api: () => api, origin: 'http://localhost:5173', clock });
    expect(await send(req({ kind: 'server', caller: 'Partner system', url: `${api.url}/hello` }))).toMatchObject({
      kind: 'response',
      status: 200,
    });
    expect(api.trace.ofKind('cors.verdict')).toHaveLength(0);
  });

  it('fails like fetch when nothing is deployed', async () => {
    const send = engineTransport({ api: () => null, origin: 'x', clock });
    expect((await send(req({ url: 'https://abcdefghij.execute-api.us-east-1.amazonaws.com/x' }))).kind).toBe(
      'network-error',
    );
  });
});

describe('fetchTransport', () => {
  it('names the caller for the fake gateway (x-playground-client) and reads status, headers and body', async () => {
    let seen: { url: string; init: RequestInit } | undefined;
    const fakeFetch = (async (url: string, init: RequestInit) => {
      seen = { url, init };
      return new Response('{"ok":true}', { status: 201, headers: { 'content-type': 'application/json' } });
    }) as unknown as typeof fetch;
    const send = fetchTransport({ fetch: fakeFetch, clock, tagCaller: true });
    const out = await send(
      req({
        kind: 'server',
        caller: 'Partner system',
        method: 'POST',
        url: 'https://x.example/o',
        headers: [['x-api-key', 'k']],
        body: '{}',
      }),
    );
    expect(out).toMatchObject({
      kind: 'response',
      status: 201,
      body: '{"ok":true}',
      headers: [['content-type', 'application/json']],
    });
    const headers = seen!.init.headers as Headers;
    expect([headers.get(CALLER_HEADER), headers.get('x-api-key')]).toEqual(['Partner system', 'k']);
    expect(seen!.init.body).toBe('{}');
  });

  it('reports a rejected fetch as a network error without a status', async () => {
    const failing = (async () => {
      throw new TypeError('Failed to fetch');
    }) as unknown as typeof fetch;
    const out = await fetchTransport({ fetch: failing, clock, tagCaller: false })(req({ url: 'https://x.example/' }));
    expect(out).toMatchObject({ kind: 'network-error', message: 'TypeError: Failed to fetch' });
  });

  it('refuses an invalid header name before sending, as fetch does', async () => {
    const out = await fetchTransport({ fetch: fetch, clock, tagCaller: false })(
      req({ url: 'https://x.example/', headers: [['bad name', 'v']] }),
    );
    expect(out.kind).toBe('network-error');
  });

  it('drops a body on GET and HEAD (fetch refuses one)', () => {
    expect(bodyFor('GET', 'x')).toBeUndefined();
    expect(bodyFor('post', 'x')).toBe('x');
    expect(bodyFor('POST', '')).toBeUndefined();
  });
});

describe('the caller header', () => {
  it('is the header the MSW adapter strips and draws as the diagram lane', async () => {
    const { CLIENT_HEADER } = await import('../adapters/msw/http');
    expect(CALLER_HEADER).toBe(CLIENT_HEADER);
  });
});

describe('withAdapterReport', () => {
  const base = { exchangeId: 1, mode: 'fake' as const, method: 'GET', url: 'u', target: 'u', client: 'Browser app' };

  it('adds the status and body the browser hid from a refused fetch (REST 403 has no CORS headers, docs/aws-behaviour.md §5.6)', () => {
    const failed = { kind: 'network-error' as const, message: 'TypeError: Failed to fetch', durationMs: 1 };
    const out = withAdapterReport(failed, {
      ...base,
      type: 'http-failed',
      cause: 'cors',
      reason: "Access to fetch from origin 'x' has been blocked by CORS policy",
      response: { status: 403, headers: [], bodyPreview: '{"message":"Forbidden"}' },
    });
    expect(out).toMatchObject({ detail: expect.stringMatching(/blocked by CORS/), hiddenResponse: { status: 403 } });
  });

  it('adds the headers CORS hides from a readable response, and leaves other outcomes alone', () => {
    const ok = { kind: 'response' as const, status: 200, headers: [] as [string, string][], body: '', durationMs: 1 };
    const seen = {
      ...base,
      type: 'http-response' as const,
      status: 200,
      headers: [],
      bodySize: 0,
      bodyPreview: '',
      hiddenHeaders: [['apigw-requestid', 'x']] as [string, string][],
    };
    expect(withAdapterReport(ok, seen)).toMatchObject({ hiddenHeaders: [['apigw-requestid', 'x']] });
    expect(withAdapterReport(ok, undefined)).toBe(ok);
  });
});
