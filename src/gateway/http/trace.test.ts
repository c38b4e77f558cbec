import { describe, expect, it } from 'vitest';
import { mintTestToken, PLAYGROUND_AUDIENCE, PLAYGROUND_ISSUER } from './jwt';
import { echo, httpDefinition, makeHttpApi, send, START } from './test-support';

function jwtApi() {
  return makeHttpApi(
    httpDefinition(
      { 'GET /me': { fn: 'me', authorizer: 'idp' } },
      {
        authorizers: {
          idp: { type: 'JWT', jwtConfiguration: { issuer: PLAYGROUND_ISSUER, audience: [PLAYGROUND_AUDIENCE] } },
        },
      },
    ),
    { me: echo },
  );
}

describe('the HTTP API trace: every hop a typed, ordered TraceEvent', () => {
  it('records http.request → http.route → auth.jwt → lambda.* → http.response, each stamped with the requestId and caused by the one before', async () => {
    const api = jwtApi();
    await send(api, 'GET', '/me', {
      clientName: 'Alice',
      headers: { Authorization: `Bearer ${mintTestToken({}, { now: START })}` },
    });
    const events = api.trace.events;
    expect(events.map((e) => e.kind)).toEqual([
      'http.request',
      'http.route',
      'auth.jwt',
      'lambda.invoke',
      'lambda.log',
      'lambda.log',
      'lambda.log',
      'lambda.result',
      'http.response',
    ]);
    const requestId = events[0].requestId;
    expect(requestId).toBeDefined();
    for (const e of events) expect(e.requestId).toBe(requestId);
    const bySeq = new Map(events.map((e) => [e.seq, e]));
    for (const e of events.slice(1)) expect(bySeq.has(e.causeSeq!)).toBe(true);
    expect(events[0]).toMatchObject({ from: 'client:Alice', to: 'gateway', method: 'GET', path: '/me' });
    expect(events.at(-1)).toMatchObject({ from: 'gateway', to: 'client:Alice', status: 200, source: 'integration' });
    expect(api.trace.ofKind('lambda.invoke')[0]).toMatchObject({ to: 'integration:me', eventType: 'HTTP payload 2.0' });
  });

  it('replays identically: two APIs with the same seed and inputs produce the same trace', async () => {
    const run = async () => {
      const api = jwtApi();
      await send(api, 'GET', '/me', { headers: { Authorization: `Bearer ${mintTestToken({}, { now: START })}` } });
      await send(api, 'GET', '/nowhere');
      return JSON.stringify(api.trace.toJSON());
    };
    expect(await run()).toBe(await run());
  });

  it('records a clock fast-forward and refuses requests after dispose', async () => {
    const api = jwtApi();
    api.advanceClock(5000);
    expect(api.trace.ofKind('clock.advance')[0]).toMatchObject({ ms: 5000 });
    expect(api.clock.now()).toBe(START + 5000);
    api.dispose();
    await expect(send(api, 'GET', '/me')).rejects.toThrow(/disposed/);
  });
});
