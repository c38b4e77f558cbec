import { describe, expect, it } from 'vitest';
import { definitionFor, eventsOf, makeApi, open } from './test-support';

const ok = () => ({ statusCode: 200 });

describe('route selection', () => {
  it('routes a message whose action exactly matches a route key to that route (DG websocket-api-develop-routes)', async () => {
    const api = makeApi(definitionFor({ $default: {}, sendMessage: {} }), { default: ok, sendMessage: ok });
    const c = await open(api);
    await c.send('{"action":"sendMessage","text":"hi"}');
    expect(eventsOf(api, 'sendMessage')).toHaveLength(1);
    expect(api.trace.ofKind('ws.route')[0]).toMatchObject({
      expression: '$request.body.action',
      value: 'sendMessage',
      routeKey: 'sendMessage',
      match: 'exact',
    });
  });

  it('matches case-sensitively, so "sendmessage" does not select "sendMessage" (simple-websockets-chat-app issue #19)', async () => {
    const api = makeApi(definitionFor({ $default: {}, sendMessage: {} }), { default: ok, sendMessage: ok });
    const c = await open(api);
    await c.send('{"action":"sendmessage"}');
    expect(eventsOf(api, 'sendMessage')).toHaveLength(0);
    expect(eventsOf(api, 'default')).toHaveLength(1);
    expect(api.trace.ofKind('ws.route')[0]).toMatchObject({
      value: 'sendmessage',
      routeKey: '$default',
      match: 'default',
    });
  });

  it('routes a message that is not JSON to $default (DG apigateway-websocket-api-overview)', async () => {
    const api = makeApi(definitionFor({ $default: {}, join: {} }), { default: ok, join: ok });
    const c = await open(api);
    await c.send('hello there');
    const [route] = api.trace.ofKind('ws.route');
    expect(route).toMatchObject({ value: null, routeKey: '$default', match: 'default' });
    expect(eventsOf(api, 'default')[0].body).toBe('hello there');
  });

  it('routes JSON without the selected key to $default: the missing path evaluates to "" (DG selection-expressions table)', async () => {
    const api = makeApi(definitionFor({ $default: {}, join: {} }), { default: ok, join: ok });
    const c = await open(api);
    await c.send('{"hello":"world"}');
    expect(api.trace.ofKind('ws.route')[0]).toMatchObject({ value: '', routeKey: '$default' });
  });

  it('never selects $connect or $disconnect from a message: those values go to $default (docs/aws-behaviour.md §1.1)', async () => {
    const api = makeApi(definitionFor({ $connect: {}, $disconnect: {}, $default: {} }), {
      connect: ok,
      disconnect: ok,
      default: ok,
    });
    const c = await open(api);
    await c.send('{"action":"$connect"}');
    await c.send('{"action":"$disconnect"}');
    expect(api.trace.ofKind('ws.route').map((r) => r.routeKey)).toEqual(['$default', '$default']);
    expect(eventsOf(api, 'connect')).toHaveLength(1);
    expect(eventsOf(api, 'disconnect')).toHaveLength(0);
  });

  it('answers an unmatched message with exactly one Forbidden frame and keeps the connection open when there is no $default (§1.2)', async () => {
    const api = makeApi(definitionFor({ join: {} }), { join: ok });
    const c = await open(api);
    await c.send('hi');
    const [route] = api.trace.ofKind('ws.route');
    expect(route).toMatchObject({ routeKey: null, match: 'none' });
    expect(c.received).toEqual([
      `{"message": "Forbidden", "connectionId":"${c.connectionId}", "requestId":"${route.requestId}"}`,
    ]);
    expect(api.trace.ofKind('ws.frame.out')[0]).toMatchObject({ cause: 'forbidden', causeSeq: route.seq });
    expect(c.readyState).toBe('open');
    await c.send('{"action":"join"}');
    expect(eventsOf(api, 'join')).toHaveLength(1);
  });

  it('traces frame in, route, invoke, the function log lines and its result, each caused by the one before', async () => {
    const api = makeApi(definitionFor({ $default: {} }), { default: ok });
    const c = await open(api);
    const before = api.trace.events.length;
    await c.send('{"action":"x"}');
    const events = api.trace.events.slice(before);
    expect(events.map((e) => e.kind)).toEqual([
      'ws.frame.in',
      'ws.route',
      'lambda.invoke',
      'lambda.log',
      'lambda.log',
      'lambda.log',
      'lambda.result',
    ]);
    const [frame, route, invoke, , , , result] = events;
    expect(frame).toMatchObject({
      from: 'client:client-1',
      to: 'gateway',
      opcode: 'text',
      size: 14,
      text: '{"action":"x"}',
    });
    expect(route.causeSeq).toBe(frame.seq);
    expect(invoke).toMatchObject({
      causeSeq: route.seq,
      from: 'gateway',
      to: 'integration:default',
      routeKey: '$default',
      eventType: 'MESSAGE',
    });
    expect(result).toMatchObject({
      from: 'integration:default',
      to: 'gateway',
      outcome: 'ok',
      value: { statusCode: 200 },
    });
    // Every hop of one message carries the same ids.
    expect(new Set(events.slice(1).map((e) => e.requestId)).size).toBe(1);
    expect(invoke.messageId).toBe(route.messageId);
    expect(result.invocationId).toBe(invoke.invocationId);
  });
});
