import { describe, expect, it } from 'vitest';
import { ManualClock } from '../core/clock';
import { makeRestApi, policy, proxy, restDefinition, send } from './test-support';

function fullApi(clock = new ManualClock()) {
  return makeRestApi(
    restDefinition(
      { '/pets/{id}': { methods: { GET: proxy('getPet', { authorizer: 'auth', apiKeyRequired: true }) } } },
      {
        authorizers: { auth: { type: 'TOKEN', function: 'authfn' } },
        apiKeys: [{ id: 'k1', name: 'alice', value: 'abcdefghijklmnopqrstuvwxyz' }],
        usagePlans: [{ name: 'basic', apiKeys: ['k1'], throttle: { rateLimit: 10, burstLimit: 10 } }],
      },
    ),
    { authfn: () => policy('Allow', '*'), getPet: () => ({ statusCode: 200, body: '{"id":1}' }) },
    clock,
  );
}

const headers = { Authorization: 't', 'x-api-key': 'abcdefghijklmnopqrstuvwxyz' };

describe('REST trace', () => {
  it('records http.request → http.route → authorizer → apikey.check → throttle → lambda → http.response, all with the request id', async () => {
    const api = fullApi();
    const res = await send(api, 'GET', '/pets/1', { headers });
    const events = api.trace.events.filter((e) => e.kind !== 'lambda.log');
    expect(events.map((e) => e.kind)).toEqual([
      'http.request',
      'http.route',
      'authorizer.invoke',
      'authorizer.result',
      'apikey.check',
      'throttle',
      'lambda.invoke',
      'lambda.result',
      'http.response',
    ]);
    const requestId = res.headers['x-amzn-RequestId'];
    for (const e of api.trace.events) expect(e.requestId).toBe(requestId);
    expect(events[0]).toMatchObject({ from: 'client:Alice', to: 'gateway', method: 'GET', path: '/dev/pets/1' });
    expect(events.at(-1)).toMatchObject({ from: 'gateway', to: 'client:Alice', status: 200, source: 'integration' });
  });

  it('chains every event to an earlier one through causeSeq', async () => {
    const api = fullApi();
    await send(api, 'GET', '/pets/1', { headers });
    const [first, ...rest] = api.trace.events;
    expect(first.causeSeq).toBeUndefined();
    for (const e of rest) {
      expect(e.causeSeq).toBeGreaterThanOrEqual(1);
      expect(e.causeSeq).toBeLessThan(e.seq);
    }
  });

  it('produces the same trace for the same seed and inputs', async () => {
    const a = fullApi();
    const b = fullApi();
    await send(a, 'GET', '/pets/1', { headers });
    await send(b, 'GET', '/pets/1', { headers });
    expect(JSON.stringify(a.trace.events)).toBe(JSON.stringify(b.trace.events));
  });

  it('records a gateway response with its error type', async () => {
    const api = fullApi();
    await send(api, 'GET', '/nope');
    expect(api.trace.ofKind('http.response')[0]).toMatchObject({
      status: 403,
      source: 'gateway',
      errorType: 'MissingAuthenticationTokenException',
    });
  });

  it('exposes the URL, the resources with their ids, and traces clock advances', () => {
    const api = fullApi();
    expect(api.url).toBe('https://abcdef1234.execute-api.us-east-1.amazonaws.com/dev');
    expect(api.protocolType).toBe('REST');
    expect(api.resources().map((r) => r.path)).toEqual(['/', '/pets', '/pets/{id}']);
    api.advanceClock(5000);
    expect(api.trace.ofKind('clock.advance')[0].ms).toBe(5000);
  });

  it('refuses requests after dispose', async () => {
    const api = fullApi();
    api.dispose();
    await expect(send(api, 'GET', '/pets/1', { headers })).rejects.toThrow('This REST API has been disposed');
  });
});
