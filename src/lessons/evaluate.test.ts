import { describe, expect, it } from 'vitest';
import { TraceLog, type TraceInput } from '../gateway';
import { describeExpectation, evaluateExpectations, type ActionRecord } from './evaluate';
import type { Expectation } from './types';

/** A hand-written session: Alice connects and sends two messages; the second is routed to $default. */
function session(): TraceLog {
  let t = 0;
  const log = new TraceLog({ now: () => ++t, apiId: 'abc123defg', stage: 'dev' });
  const add = (e: TraceInput) => log.append(e).seq;
  const up = add({ kind: 'ws.upgrade', from: 'client:Alice', to: 'gateway', query: '', headers: {}, subprotocols: [], summary: 'GET /dev' });
  add({ kind: 'ws.handshake', from: 'gateway', to: 'client:Alice', causeSeq: up, connectionId: 'A1=', status: 101, accepted: true, headers: {}, summary: '101 Switching Protocols' });
  for (const [text, routeKey, match] of [
    ['{"action":"join"}', 'join', 'exact'],
    ['{"action":"Join"}', '$default', 'default'],
  ] as const) {
    const frame = add({ kind: 'ws.frame.in', from: 'client:Alice', to: 'gateway', connectionId: 'A1=', opcode: 'text', size: text.length, text, summary: text });
    const route = add({ kind: 'ws.route', from: 'gateway', to: 'gateway', causeSeq: frame, connectionId: 'A1=', expression: '$request.body.action', value: JSON.parse(text).action, routeKey, match, summary: `route ${routeKey}` });
    const inv = add({ kind: 'lambda.invoke', from: 'gateway', to: `integration:${routeKey}`, causeSeq: route, functionName: 'fn', routeKey, eventType: 'MESSAGE', event: {}, summary: `${routeKey} → fn` });
    add({ kind: 'ws.frame.out', from: 'gateway', to: 'client:Alice', causeSeq: inv, connectionId: 'A1=', size: 5, text: `ok ${routeKey}`.slice(0, 5), cause: 'post-to-connection', summary: 'ok' });
  }
  return log;
}

const run = (expectations: Expectation[], extra: { actions?: ActionRecord[]; tables?: Record<string, Record<string, unknown>[]> } = {}) =>
  evaluateExpectations(expectations, { trace: session().events, ...extra });

describe('evaluateExpectations', () => {
  it('passes a matching event expectation and reports the matching trace steps', () => {
    const [r] = run([{ event: { kind: 'ws.route', routeKey: 'join', match: 'exact' } }]);
    expect(r).toMatchObject({ ok: true, matches: [4] });
  });

  it('names the input (from the cause chain) and the nearest trace step when nothing matches', () => {
    const [r] = run([{ event: { kind: 'ws.route', routeKey: 'joinRoom' } }]);
    expect(r.ok).toBe(false);
    expect(r.message).toBe(
      'Alice sent {"action":"join"}: expected a route selection with routeKey "joinRoom"; but trace step 4: route join (routeKey was "join" (expected "joinRoom"))',
    );
    expect(r.seq).toBe(4);
  });

  it('says when nothing of the kind happened at all', () => {
    const [r] = run([{ event: { kind: 'authorizer.invoke' } }]);
    expect(r.message).toBe(
      'In your session: expected an authorizer call; no authorizer call happened (the last trace step there: 10: ok)',
    );
  });

  it('enforces exact counts and ranges, listing the extra steps', () => {
    const [exact, range] = run([
      { event: { kind: 'lambda.invoke' }, count: 1 },
      { event: { kind: 'lambda.invoke' }, count: { min: 1, max: 2 } },
    ]);
    expect(exact.ok).toBe(false);
    expect(exact.message).toBe('Alice sent {"action":"Join"}: expected exactly one Lambda invocation; found 2 (trace steps 5, 9)');
    expect(range.ok).toBe(true);
  });

  it('fails a none expectation at the first event that matches it', () => {
    const [r] = run([{ none: { kind: 'ws.route', match: 'default' } }]);
    expect(r.message).toBe('Alice sent {"action":"Join"}: trace step 8: route $default — expected no route selection with match "default"');
    expect(r.seq).toBe(8);
  });

  it('orders expectations with after, counting only events after the first match of the one named', () => {
    const results = run([
      { id: 'second', event: { kind: 'ws.route', routeKey: '$default' } },
      { event: { kind: 'ws.route', routeKey: 'join' }, after: 'second' },
      { event: { kind: 'ws.frame.out' }, after: 'second' },
    ]);
    expect(results.map((r) => r.ok)).toEqual([true, false, true]);
    expect(results[1].message).toContain('after trace step 8 (route $default)');
  });

  it('looks only at what an action caused with during, and names that action', () => {
    const actions: ActionRecord[] = [
      { index: 0, description: 'Alice opened a connection', firstSeq: 1, lastSeq: 2 },
      { index: 1, id: 'one', description: 'Alice sent {"action":"join"}', firstSeq: 3, lastSeq: 6 },
      { index: 2, id: 'two', description: 'Alice sent {"action":"Join"}', firstSeq: 7, lastSeq: 10 },
    ];
    const [r] = run([{ event: { kind: 'ws.route', routeKey: 'join' }, during: 'two' }], { actions });
    expect(r.message).toBe(
      'Alice sent {"action":"Join"}: expected a route selection with routeKey "join" during that action; but trace step 8: route $default (routeKey was "$default" (expected "join"))',
    );
  });

  it('checks what a client received: text, containing, JSON, count and total bytes', () => {
    const results = run([
      { received: { client: 'Alice', text: 'ok jo' } },
      { received: { client: 'Alice', contains: 'ok' }, count: 2 },
      { received: { client: 'Alice', json: { a: 1 } } },
      { received: { client: 'Bob' }, count: 0 },
      { received: { client: 'Alice', totalBytes: { min: 100 } } },
    ]);
    expect(results.map((r) => r.ok)).toEqual([true, true, false, true, false]);
    expect(results[2].message).toContain('(the frame was "ok jo", which is not JSON)');
    expect(results[4].message).toContain('Alice received 2 matching frames totalling 10 bytes');
  });

  it('checks handshakes and closes by client', () => {
    const [ok, wrong, closed] = run([
      { handshake: { client: 'Alice', status: 101 } },
      { handshake: { client: 'Alice', status: 401 } },
      { closed: { client: 'Alice' } },
    ]);
    expect(ok.ok).toBe(true);
    expect(wrong.message).toContain('but trace step 2: 101 Switching Protocols (status was 101 (expected 401))');
    expect(closed.message).toContain("Alice's connection did not close");
  });

  it('checks table contents in document form, resolving connection ids', () => {
    const tables = { members: [{ roomId: { S: 'r1' }, connectionId: { S: 'A1=' } }] };
    const results = run(
      [
        { table: { name: 'members', count: 1, contains: [{ roomId: 'r1', connectionId: { $connectionId: 'Alice' } }] } },
        { table: { name: 'members', excludes: [{ roomId: 'r1' }] } },
        { table: { name: 'members', contains: [{ roomId: 'r2' }] } },
        { table: { name: 'rooms', count: 0 } },
      ],
      { tables },
    );
    expect(results.map((r) => r.ok)).toEqual([true, false, false, false]);
    expect(results[1].message).toBe('In your session: table members still holds {"roomId":"r1","connectionId":"A1="}, which should not be there');
    expect(results[2].message).toContain('(for example, roomId was "r1" (expected "r2"))');
    expect(results[3].message).toBe('In your session: there is no table rooms (tables: members)');
  });

  it('reports a referenced expectation that never matched instead of guessing', () => {
    const [, r] = run([{ id: 'auth', event: { kind: 'authorizer.invoke' } }, { event: { kind: 'ws.route' }, after: 'auth' }]);
    expect(r.message).toBe('cannot be checked: "auth" (which it must follow) never happened');
  });
});

describe('describeExpectation', () => {
  it('words each kind of expectation for the check list', () => {
    expect(describeExpectation({ event: { kind: 'lambda.invoke', routeKey: 'joinRoom' } })).toBe('a Lambda invocation with routeKey "joinRoom"');
    expect(describeExpectation({ event: { kind: 'authorizer.invoke' }, count: 2 })).toBe('authorizer call, exactly 2 times');
    expect(describeExpectation({ event: { kind: 'lambda.invoke', routeKey: '$connect' }, count: 1 })).toBe(
      'exactly one Lambda invocation with routeKey "$connect"',
    );
    expect(describeExpectation({ none: { kind: 'ws.frame.out', cause: 'forbidden' } })).toBe('no frame to a client with cause "forbidden"');
    expect(describeExpectation({ received: { client: 'Bob' }, count: 0 })).toBe('Bob receives no frame');
    expect(describeExpectation({ received: { client: 'Alice', json: { to: { $connectionId: 'Bob' } } } })).toBe(
      `Alice receives a frame with JSON matching {"to":"‹Bob's connection id›"}`,
    );
    expect(describeExpectation({ handshake: { client: 'Mallory', status: 403 } })).toBe("Mallory's handshake is refused with 403");
    expect(describeExpectation({ closed: { client: 'Bob', code: 1009, by: 'limit' } })).toBe("Bob's connection closes with 1009 (by limit)");
    expect(describeExpectation({ table: { name: 'members', count: 1, excludes: [{ roomId: 'r1' }] } })).toBe(
      'table members holds exactly 1 item, no item matching {"roomId":"r1"}',
    );
    expect(describeExpectation({ event: { kind: 'ws.route' }, description: 'the message is routed' })).toBe('the message is routed');
  });
});
