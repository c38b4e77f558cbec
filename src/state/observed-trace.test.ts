import { describe, expect, it } from 'vitest';
import { ManualClock, type TraceEvent } from '../gateway';
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

describe('ObservedTrace linked to a local gateway', () => {
  /** A backend step as the gateway's trace stream sends it (its own seq, time and causes). */
  const backend = (seq: number, t: number, e: Partial<TraceEvent>): TraceEvent =>
    ({ v: 1, seq, t, apiId: 'abc', stage: 'dev', summary: e.kind ?? '', ...e }) as TraceEvent;

  it("merges the backend's steps between the client's, by time, leaving out the gateway's own client hops", () => {
    const clock = new ManualClock(1_000);
    const t = new ObservedTrace({ clock });
    t.observe({ client: 'Alice', type: 'connecting', url: 'ws://127.0.0.1:3001/dev', protocols: [] });
    t.linkBackend();
    clock.advance(50);
    t.observe({ client: 'Alice', type: 'open', protocol: '' });
    // The stream is behind the socket: $connect's steps arrive after the page saw the 101.
    const upgrade = backend(1, 1_010, { kind: 'ws.upgrade', from: 'client:127.0.0.1:5000', to: 'gateway' });
    expect(t.mergeBackend(upgrade, 0)).toBeNull();
    const invoke = backend(2, 1_020, {
      kind: 'lambda.invoke',
      from: 'gateway',
      to: 'integration:onconnect',
      functionName: 'onconnect',
      routeKey: '$connect',
    } as Partial<TraceEvent>);
    const placed = t.mergeBackend(invoke, 0)!;
    expect(placed.inOrder).toBe(false);
    const result = backend(3, 1_030, {
      kind: 'lambda.result',
      from: 'integration:onconnect',
      to: 'gateway',
      causeSeq: 2,
    } as Partial<TraceEvent>);
    t.mergeBackend(result, 0);
    expect(t.events.map((e) => [e.seq, e.kind])).toEqual([
      [1, 'ws.upgrade'],
      [2, 'lambda.invoke'],
      [3, 'lambda.result'],
      [4, 'ws.handshake'],
    ]);
    // Causes follow the renumbering.
    expect(t.events[2].causeSeq).toBe(2);
    expect(t.events[1].from).toBe('gateway');
    // A repeat (the stream reconnected and resumed) is not merged twice.
    expect(t.mergeBackend(invoke, 0)).toBeNull();
    expect(t.backendLinked).toBe(true);
  });

  it("puts the gateway's time on the page's clock and appends a step that comes last", () => {
    const clock = new ManualClock(5_000);
    const t = new ObservedTrace({ clock });
    t.linkBackend();
    t.observe({ client: 'Alice', type: 'message', direction: 'sent', data: 'x', binary: false, size: 1 });
    const placed = t.mergeBackend(
      backend(9, 4_200, { kind: 'ws.route', from: 'gateway', to: 'gateway' } as Partial<TraceEvent>),
      900,
    )!;
    expect(placed).toMatchObject({ inOrder: true, event: { seq: 2, t: 5_100, apiId: 'real' } });
  });

  it('merges nothing until a backend is linked', () => {
    const t = new ObservedTrace({ clock: new ManualClock(0) });
    expect(t.mergeBackend(backend(1, 0, { kind: 'ws.route', from: 'gateway', to: 'gateway' }), 0)).toBeNull();
    expect(t.observe({ client: 'A', type: 'open', protocol: '' }).inOrder).toBe(true);
    expect(t.events).toBe(t.log.events);
  });
});
