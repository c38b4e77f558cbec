import { describe, expect, it } from 'vitest';
import { type WebSocketApi } from '../index';
import { definitionFor, makeApi, open } from './test-support';

async function scenario(seed: string): Promise<WebSocketApi> {
  const def = definitionFor({ $connect: {}, $disconnect: {}, $default: { twoWay: true }, join: {} });
  delete def.apiId;
  const api = makeApi(
    def,
    {
      connect: () => ({ statusCode: 200 }),
      disconnect: () => ({}),
      default: (e) => ({ statusCode: 200, body: e.body }),
      join: { handler: () => ({ statusCode: 200 }), durationMs: 40 },
    },
    { seed },
  );
  const a = await open(api, { clientName: 'A', query: 'room=1' });
  const b = await open(api, { clientName: 'B' });
  await a.send('{"action":"join"}');
  await b.send('hello');
  await api.management.postToConnection(a.connectionId, 'push');
  api.advanceClock(60_000);
  await b.close();
  await api.whenIdle();
  return api;
}

describe('isolation and determinism', () => {
  it('produces identical traces from two instances given the same seed and inputs', async () => {
    const one = await scenario('lesson-1');
    const two = await scenario('lesson-1');
    expect(JSON.stringify(two.trace.toJSON())).toBe(JSON.stringify(one.trace.toJSON()));
    expect(one.trace.events.length).toBeGreaterThan(30);
  });

  it('gives different ids for a different seed, and an apiId of 10 lowercase alphanumerics when the definition has none', async () => {
    const one = await scenario('lesson-1');
    const two = await scenario('lesson-2');
    expect(one.apiId).toMatch(/^[a-z0-9]{10}$/);
    expect(two.apiId).not.toBe(one.apiId);
    expect(one.url).toBe(`wss://${one.apiId}.execute-api.us-east-1.amazonaws.com/dev`);
    expect(one.managementEndpoint).toBe(`https://${one.apiId}.execute-api.us-east-1.amazonaws.com/dev`);
    expect(one.connections()[0].connectionId).not.toBe(two.connections()[0].connectionId);
  });

  it('shares nothing between instances: connections, clocks and traces are per instance', async () => {
    const one = makeApi(definitionFor({ $default: {} }), { default: () => ({}) });
    const two = makeApi(definitionFor({ $default: {} }), { default: () => ({}) });
    const c = await open(one);
    await c.send('x');
    one.advanceClock(1000);
    expect(two.connections()).toEqual([]);
    expect(two.trace.events).toEqual([]);
    expect(two.clock.now()).toBe(one.clock.now() - 1000);
    expect((await two.management.getConnection(c.connectionId)).statusCode).toBe(410);
  });

  it('keeps only about the last N events when given a trace limit, still counting seq', async () => {
    const api = makeApi(definitionFor({ $default: {} }), { default: () => ({}) }, { traceLimit: 20 });
    const c = await open(api);
    for (let i = 0; i < 50; i++) await c.send('x');
    expect(api.trace.events.length).toBeLessThanOrEqual(25);
    expect(api.trace.events.length).toBeGreaterThanOrEqual(20);
    expect(api.trace.events.at(-1)?.seq).toBe(2 + 50 * 7);
    expect(api.trace.dropped + api.trace.events.length).toBe(2 + 50 * 7);
  });
});
