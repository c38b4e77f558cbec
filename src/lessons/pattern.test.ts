import { describe, expect, it } from 'vitest';
import { clientsInPattern, explain, matches, substitute, validatePattern, type PatternContext } from './pattern';

const ctx: PatternContext = { connectionId: (name) => ({ Alice: 'A1=', Bob: 'B2=' })[name] };

function problems(value: unknown): string[] {
  const out: string[] = [];
  validatePattern(value, 'p', (path, message) => out.push(`${path}: ${message}`));
  return out;
}

describe('matching', () => {
  it('matches objects as subsets, arrays item by item and primitives exactly', () => {
    expect(matches({ kind: 'ws.route', routeKey: 'join' }, { kind: 'ws.route', routeKey: 'join', value: 'join' }, ctx)).toBe(true);
    expect(matches({ a: { b: 1 } }, { a: { b: 1, c: 2 } }, ctx)).toBe(true);
    expect(matches([1, { x: 'y' }], [1, { x: 'y', z: 0 }], ctx)).toBe(true);
    expect(matches([1], [1, 2], ctx)).toBe(false);
    expect(matches(null, null, ctx)).toBe(true);
    expect(matches('5', 5, ctx)).toBe(false);
  });

  it('applies operators, several at once', () => {
    expect(matches({ $contains: 'ell' }, 'hello', ctx)).toBe(true);
    expect(matches({ $startsWith: 'he' }, 'hello', ctx)).toBe(true);
    expect(matches({ $gt: 1, $lte: 3 }, 3, ctx)).toBe(true);
    expect(matches({ $gt: 1, $lte: 3 }, 4, ctx)).toBe(false);
    expect(matches({ a: { $exists: false } }, { b: 1 }, ctx)).toBe(true);
    expect(matches({ a: { $exists: true } }, { a: null }, ctx)).toBe(true);
    expect(matches({ $json: { status: 'packed' } }, '{"orderId":"o-1","status":"packed"}', ctx)).toBe(true);
    expect(matches({ $not: 'forbidden' }, 'route-response', ctx)).toBe(true);
    expect(matches({ $anyOf: [401, 403] }, 403, ctx)).toBe(true);
    expect(matches({ $includes: { id: 2 } }, [{ id: 1 }, { id: 2 }], ctx)).toBe(true);
  });

  it("resolves $connectionId to the named client's connection id", () => {
    expect(matches({ connectionId: { $connectionId: 'Alice' } }, { connectionId: 'A1=' }, ctx)).toBe(true);
    expect(explain({ connectionId: { $connectionId: 'Alice' } }, { connectionId: 'B2=' }, ctx)).toBe(
      `connectionId was "B2=" (expected Alice's connection id "A1=")`,
    );
    expect(explain({ $connectionId: 'Carol' }, 'C3=', ctx)).toContain('Carol has no connection');
  });

  it('explains the first mismatch with its path', () => {
    expect(explain({ routeKey: 'joinRoom', match: 'exact' }, { routeKey: '$default', match: 'default' }, ctx)).toBe(
      'routeKey was "$default" (expected "joinRoom")',
    );
    expect(explain({ event: { requestContext: { authorizer: { principalId: 'alice' } } } }, { event: { requestContext: {} } }, ctx)).toBe(
      'event.requestContext.authorizer was missing (expected an object)',
    );
    expect(explain({ $json: { a: 1 } }, 'not json', ctx, 'text')).toBe('text was "not json", which is not JSON');
    expect(explain({ size: { $gt: 32768 } }, { size: 100 }, ctx)).toBe('size was 100 (expected > 32768)');
  });
});

describe('validation', () => {
  it('accepts JSON values and known operators', () => {
    expect(problems({ a: [1, 'x', null, true, { $contains: 'y' }], b: { $anyOf: [1, 2] }, c: { $connectionId: 'Alice' } })).toEqual([]);
  });

  it('names the path of an unknown operator, a bad argument and a mix of operators and fields', () => {
    expect(problems({ a: { $regex: 'x.*' } })).toEqual([expect.stringMatching(/^p\.a\.\$regex: unknown operator "\$regex"/)]);
    expect(problems({ a: { $gt: 'ten' } })).toEqual(['p.a.$gt: must be a number']);
    expect(problems({ a: { $anyOf: [] } })).toEqual(['p.a.$anyOf: must be a non-empty list of patterns']);
    expect(problems({ a: { $contains: 'x', b: 1 } })).toEqual([expect.stringMatching(/^p\.a: mixes operators/)]);
    expect(problems({ a: [{ $json: { $exists: 'yes' } }] })).toEqual(['p.a[0].$json.$exists: must be true or false']);
  });

  it('lists the clients a pattern refers to', () => {
    expect(clientsInPattern({ target: { $connectionId: 'Bob' }, list: [{ $connectionId: 'Carol' }] })).toEqual(['Bob', 'Carol']);
  });

  it("substitutes $connectionId in values a step sends, leaving unknown clients as they are", () => {
    expect(substitute({ action: 'kick', target: { $connectionId: 'Bob' }, other: [{ $connectionId: 'Zed' }] }, ctx)).toEqual({
      action: 'kick',
      target: 'B2=',
      other: [{ $connectionId: 'Zed' }],
    });
  });
});
