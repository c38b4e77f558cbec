import { describe, expect, it } from 'vitest';
import { ManualClock } from '../gateway';
import { ObservedTrace, type Observation } from './observed-trace';

describe('ObservedTrace (real mode)', () => {
  it('records what the client sees of a real endpoint as trace events in order', () => {
    const t = new ObservedTrace({ clock: new ManualClock(0) });
    const seen: Observation[] = [
      { client: 'Alice', type: 'connecting', url: 'ws://127.0.0.1:9000/dev?name=Alice', protocols: [] },
      { client: 'Alice', type: 'open', protocol: '' },
      { client: 'Alice', type: 'message', direction: 'sent', data: 'ping', binary: false, size: 4 },
      { client: 'Alice', type: 'message', direction: 'received', data: 'pong', binary: false, size: 4 },
      { client: 'Alice', type: 'close', code: 1000, reason: 'bye', byClient: true },
    ];
    for (const o of seen) t.record(o);
    expect(t.log.events.map((e) => [e.kind, e.from, e.to])).toEqual([
      ['ws.upgrade', 'client:Alice', 'gateway'],
      ['ws.handshake', 'gateway', 'client:Alice'],
      ['ws.frame.in', 'client:Alice', 'gateway'],
      ['ws.frame.out', 'gateway', 'client:Alice'],
      ['ws.close', 'client:Alice', 'gateway'],
    ]);
    expect(t.log.events[0]).toMatchObject({ query: 'name=Alice' });
    expect(t.log.events[3]).toMatchObject({ cause: 'observed', text: 'pong' });
  });

  it('records a refused real handshake as the browser sees it: 1006 and no status', () => {
    const t = new ObservedTrace({ clock: new ManualClock(0) });
    t.record({ client: 'Bob', type: 'failed', code: 1006 });
    expect(t.log.events).toEqual([expect.objectContaining({ kind: 'ws.client-fail', code: 1006 })]);
    expect(t.log.events[0]).not.toHaveProperty('status');
  });
});

describe('ObservedTrace for HTTP (real mode)', () => {
  it('records a fetch and its response as http.request and http.response between the caller and the endpoint', () => {
    const t = new ObservedTrace({ clock: new ManualClock(0) });
    t.record({
      client: 'Browser app',
      type: 'http-request',
      method: 'GET',
      url: 'https://api.example.com/prod/orders/1?x=1',
      headers: [],
      body: '',
    });
    t.record({
      client: 'Browser app',
      type: 'http-response',
      status: 200,
      headers: [['content-type', 'application/json']],
      body: '{"a":1}',
    });
    expect(t.log.events.map((e) => [e.kind, e.from, e.to])).toEqual([
      ['http.request', 'client:Browser app', 'gateway'],
      ['http.response', 'gateway', 'client:Browser app'],
    ]);
    expect(t.log.events[0]).toMatchObject({ method: 'GET', path: '/prod/orders/1', query: 'x=1' });
    expect(t.log.events[1]).toMatchObject({
      status: 200,
      bodySize: 7,
      headers: { 'content-type': 'application/json' },
    });
  });

  it('records a rejected fetch without a status, saying the page is not told why', () => {
    const t = new ObservedTrace({ clock: new ManualClock(0) });
    t.record({ client: 'Browser app', type: 'http-failed', message: 'TypeError: Failed to fetch' });
    expect(t.log.events[0]).toMatchObject({ kind: 'cors.verdict', allowed: false, modelled: false });
    expect(t.log.events[0]).not.toHaveProperty('status');
  });
});
