import { describe, expect, it } from 'vitest';
import { TraceLog, type TraceInput } from '../gateway';
import { evaluateExpectations } from './evaluate';
import { plainMismatch } from './failure-summary';
import { mismatch } from './pattern';
import type { Expectation, Pattern } from './types';

const ctx = { connectionId: () => undefined };
const plain = (pattern: Pattern, actual: unknown, subject?: string) =>
  plainMismatch(mismatch(pattern, actual, ctx)!, subject);

describe('the plain sentence of a mismatch', () => {
  it('words the comparison operators as limits, with milliseconds as durations', () => {
    expect(plain({ latency: { maxMs: { $lte: 1000 } } }, { latency: { maxMs: 1500 } })).toBe(
      'The latency max is 1.5 s, above the limit of 1 s.',
    );
    expect(plain({ count: { $gte: 3 } }, { count: 1 })).toBe('The count is 1, below the minimum of 3.');
    expect(plain({ bytes: { overhead: { $lt: 400000 } } }, { bytes: { overhead: 512000 } })).toBe(
      'The bytes overhead is 512,000, not below 400,000.',
    );
    expect(plain({ size: { $gt: 32768 } }, { size: 100 })).toBe('The size is 100, not above 32,768.');
  });

  it('says what a value is and what it should be, naming the field in words', () => {
    expect(plain({ routeKey: 'join' }, { routeKey: '$default' })).toBe('The route key is "$default", not "join".');
    expect(plain({ status: 200 }, { status: 403 }, 'the response')).toBe("The response's status is 403, not 200.");
    expect(plain({ status: 200 }, {})).toBe('The status is missing; it should be 200.');
  });

  it('words $exists, text patterns, $anyOf, $not and $includes', () => {
    expect(plain({ requestContext: { $exists: true } }, {})).toBe('The request context is missing.');
    expect(plain({ error: { $exists: false } }, { error: 'x' })).toBe('The error is there, but should not be.');
    expect(plain({ body: { $contains: 'pong' } }, { body: 'ping' })).toBe('The body does not contain "pong".');
    expect(plain({ url: { $startsWith: 'wss://' } }, { url: 'http://x' })).toBe('The url does not start with "wss://".');
    expect(plain({ code: { $anyOf: [1000, 1001] } }, { code: 1006 })).toBe('The code is 1,006, none of the expected values.');
    expect(plain({ code: { $not: 1006 } }, { code: 1006 })).toBe('The code is 1,006, which it must not be.');
    expect(plain({ ids: { $includes: 'p-1' } }, { ids: ['p-2'] })).toBe('The ids has no item like "p-1".');
  });
});

/** Alice sends a message that is not JSON, then one with an unknown action; a request gets a 403. */
function session(): TraceLog {
  let t = 0;
  const log = new TraceLog({ now: () => ++t, apiId: 'abc123defg', stage: 'dev' });
  const add = (e: TraceInput) => log.append(e).seq;
  add({ kind: 'ws.handshake', from: 'gateway', to: 'client:Alice', connectionId: 'A1=', status: 101, accepted: true, headers: {}, summary: '101' });
  for (const [text, value, routeKey, match] of [
    ['hello', null, null, 'none'],
    ['{"action":"jump"}', 'jump', '$default', 'default'],
  ] as const) {
    const frame = add({ kind: 'ws.frame.in', from: 'client:Alice', to: 'gateway', connectionId: 'A1=', opcode: 'text', size: text.length, text, summary: text });
    const summary = routeKey ? `route ${routeKey}` : `no route for ${JSON.stringify(value)}`;
    add({ kind: 'ws.route', from: 'gateway', to: 'gateway', causeSeq: frame, connectionId: 'A1=', expression: '$request.body.action', value, routeKey, match, summary });
  }
  add({ kind: 'http.response', from: 'gateway', to: 'client:Bob', status: 403, headers: {}, bodySize: 2, bodyPreview: '{}', source: 'gateway', summary: '403' } as TraceInput);
  return log;
}

const summaries = (expectations: Expectation[]) =>
  evaluateExpectations(expectations, { trace: session().events }).map((r) => r.summary);

describe('the plain sentence a failed check leads with', () => {
  it('says no message reached a route when the expression found nothing, and keeps the precise text as detail', () => {
    const [r] = evaluateExpectations([{ event: { kind: 'ws.route', routeKey: 'join', match: 'exact' } }], {
      trace: session().events.slice(0, 3),
    });
    expect(r.summary).toBe(
      'No message reached a route: the route selection expression found nothing in the message body (it is not JSON, or the expression cannot be read).',
    );
    expect(r.message).toContain('routeKey was null');
  });

  it('names the route a message went to instead', () => {
    const [r] = evaluateExpectations([{ event: { kind: 'ws.route', routeKey: 'jump', match: 'exact' } }], {
      trace: session().events.filter((e) => e.kind !== 'ws.route' || e.routeKey !== null),
    });
    expect(r.summary).toBe('The message went to the "$default" route, not "jump" (the expression gave "jump").');
  });

  it('says a connection that should have been refused was accepted', () => {
    const [r] = evaluateExpectations([{ handshake: { client: 'Alice', status: 401 } }], { trace: session().events });
    expect(r.summary).toBe("Alice's connection was accepted (101); it should be refused with 401.");
  });

  it('names the action during which nothing happened', () => {
    const actions = [{ index: 0, id: 'hi', description: 'Alice sent hello', firstSeq: 2, lastSeq: 3 }];
    const [r] = evaluateExpectations([{ event: { kind: 'lambda.invoke' }, during: 'hi' }], {
      trace: session().events,
      actions,
    });
    expect(r.summary).toBe('No Lambda invocation happened when Alice sent hello.');
  });

  it('says which status came back instead of the expected one', () => {
    expect(summaries([{ response: { client: 'Bob', status: 200 } }])).toEqual(['The response status was 403, not 200.']);
  });

  it('says plainly when nothing of the kind happened', () => {
    expect(summaries([{ event: { kind: 'authorizer.invoke' } }, { received: { client: 'Alice', text: 'pong' } }])).toEqual([
      'No authorizer call happened.',
      'Alice received no frame.',
    ]);
  });

  it('says how often something happened when it happened too often', () => {
    expect(summaries([{ event: { kind: 'ws.route' }, count: 1 }])).toEqual(['This happened twice; it should happen once.']);
  });

  it('prices a cost expectation like a bill, against its limit', () => {
    const [r] = evaluateExpectations([{ cost: { requests: 1_000_000, usd: { $lte: 1.5 } } }], {
      trace: [],
      requestPrice: { usdPerMillion: 3.5, apiType: 'REST' },
    });
    expect(r.summary).toBe('1,000,000 requests on a REST API cost $3.50, above the limit of $1.50.');
    expect(r.message).toContain('the cost was 3.5 (expected ≤ 1.5)');
  });

  it("words a table's missing item and its count", () => {
    const tables = { members: [{ roomId: { S: 'r1' } }] };
    const rs = evaluateExpectations(
      [{ table: { name: 'members', count: 2 } }, { table: { name: 'members', contains: [{ roomId: 'r2' }] } }],
      { trace: [], tables },
    );
    expect(rs.map((r) => r.summary)).toEqual([
      'Table "members" holds 1 item; it should hold exactly 2 items.',
      'Table "members" has no item like {"roomId":"r2"}.',
    ]);
  });
});
