import { describe, expect, it } from 'vitest';
import { compileSelectionExpression, type CompiledSelectionExpression, type SelectionExpressionError } from './rse';

function compile(source: string): CompiledSelectionExpression {
  const r = compileSelectionExpression(source);
  if (!r.ok) throw new Error(`${source}: ${r.error.message} @${r.error.start}-${r.error.end}`);
  return r.expression;
}

function evaluate(source: string, body: unknown): string {
  const r = compile(source).evaluate(typeof body === 'string' ? body : JSON.stringify(body));
  if (!r.ok) throw new Error(`${source}: ${r.reason}`);
  return r.value;
}

function errorOf(source: string): SelectionExpressionError {
  const r = compileSelectionExpression(source);
  if (r.ok) throw new Error(`${source} compiled`);
  return r.error;
}

const NOT_ALLOWED = 'cannot be used in a route selection expression: only $request.body variables are allowed';

describe('the official evaluation table (DG apigateway-websocket-api-selection-expressions)', () => {
  const message = '{"service":"chat","action":"join","data":{"room":"room1234"}}';
  it.each([
    ['$request.body.action', 'join'],
    ['${request.body.action}', 'join'],
    ['${request.body.service}/${request.body.action}', 'chat/join'],
    ['${request.body.action}-${request.body.invalidPath}', 'join-'],
    ['action', 'action'],
    ['\\$default', '$default'],
  ])('evaluates %s to %s', (expression, expected) => {
    expect(compile(expression).evaluate(message)).toEqual({ ok: true, value: expected });
  });
});

describe('JSONPath after $request.body', () => {
  it('follows nested members: $request.body.service.do gives echo (serverless-offline RouteSelection)', () => {
    expect(evaluate('$request.body.service.do', { message: 1, service: { do: 'echo' } })).toBe('echo');
  });

  it('reads quoted bracket members, indexes and a root array', () => {
    expect(evaluate("$request.body['a b']", { 'a b': 'x' })).toBe('x');
    expect(evaluate('${request.body["type"]}', { type: 'y' })).toBe('y');
    expect(evaluate('$request.body.items[-1].kind', { items: [{ kind: 'a' }, { kind: 'b' }] })).toBe('b');
    expect(evaluate('$request.body[0]', ['first', 'second'])).toBe('first');
  });

  it('resolves a path that is not found to an empty string (DG table: join-)', () => {
    expect(evaluate('$request.body.action', { hello: 'world' })).toBe('');
    expect(evaluate('$request.body.a.b.c', { a: 'text' })).toBe('');
    expect(evaluate('$request.body[3]', [1])).toBe('');
  });

  it('rejects a filter expression at compile time, so nothing in it is ever evaluated', () => {
    expect(errorOf("$request.body[?(@.action == 'join')]")).toEqual({
      message: 'filter and script expressions are not supported: nothing is evaluated as code',
      start: 13,
      end: 36,
    });
    expect(errorOf('${request.body[(globalThis.rsePwned = 1)]}')).toMatchObject({ start: 14, end: 41 });
    expect((globalThis as { rsePwned?: unknown }).rsePwned).toBeUndefined();
  });
});

describe('stringification of results (DG: "the result will be stringified"; ws-rse-non-string)', () => {
  it('gives numbers and booleans as their JSON text ({"action":5} → "5")', () => {
    expect(evaluate('$request.body.action', { action: 5 })).toBe('5');
    expect(evaluate('$request.body.action', { action: -1.5 })).toBe('-1.5');
    expect(evaluate('$request.body.action', { action: true })).toBe('true');
  });

  it('gives an array as "[item1, item2]": unquoted strings joined by ", " (DG)', () => {
    expect(evaluate('$request.body.action', { action: ['item1', 'item2'] })).toBe('[item1, item2]');
    const mixed = { a: [1, null, true, [2, 'x'], { k: 'v' }] };
    expect(evaluate('$request.body.a', mixed)).toBe('[1, null, true, [2, x], {"k":"v"}]');
    expect(evaluate('$request.body.a', { a: [] })).toBe('[]');
  });

  it('gives an object as its JSON text and null as an empty string', () => {
    expect(evaluate('$request.body.data', { data: { room: 'r1', n: 2 } })).toBe('{"room":"r1","n":2}');
    expect(evaluate('$request.body.action', { action: null })).toBe('');
  });

  it('stringifies every match of a wildcard, slice, union or .. path like an array, even one or none', () => {
    const body = { service: 'chat', action: 'join', data: { room: 'room1234' }, list: [1, 2, 3] };
    expect(evaluate('$request.body.*', { a: 'x', b: 2 })).toBe('[x, 2]');
    expect(evaluate('$request.body..room', body)).toBe('[room1234]');
    expect(evaluate('$request.body.list[0:2]', body)).toBe('[1, 2]');
    expect(evaluate("$request.body['service','action']", body)).toBe('[chat, join]');
    expect(evaluate('$request.body..missing', body)).toBe('[]');
  });
});

describe('variables, static text and escapes', () => {
  const body = { service: 'chat', action: 'join', 'action-beta': 'beta-key', version: 'v2' };

  it('substitutes several variables with static text around them', () => {
    expect(evaluate('route:${request.body.service}/${request.body.action}!', body)).toBe('route:chat/join!');
    expect(evaluate('${request.body.version}-beta', body)).toBe('v2-beta');
  });

  it('reads "-" as part of a bare member name, which is why the DG braces ${request.body.version}-beta', () => {
    expect(evaluate('$request.body.action-beta', body)).toBe('beta-key');
    expect(evaluate('$request.body.version-beta', body)).toBe('');
  });

  it('ends a bare variable at the first character that is not a letter, digit, _, -, . or [', () => {
    expect(evaluate('$request.body.service/$request.body.action', body)).toBe('chat/join');
    expect(evaluate('$request.body.service:$request.body.action', body)).toBe('chat:join');
    expect(evaluate('$request.body.action x', body)).toBe('join x');
    expect(evaluate('$request.body.été', { été: 'summer' })).toBe('summer');
  });

  it('lets a braced member hold characters that would end a bare one', () => {
    expect(evaluate('${request.body.a/b}', { 'a/b': 'slash' })).toBe('slash');
  });

  it('turns \\$ into a literal $ and keeps any other backslash as it is', () => {
    expect(evaluate('\\$request.body.action', body)).toBe('$request.body.action');
    expect(evaluate('a\\b', 'not json')).toBe('a\\b');
    expect(evaluate('\\\\$default', 'not json')).toBe('\\$default');
    expect(evaluate('cost\\$${request.body.action}', body)).toBe('cost$join');
  });

  it('treats braces outside a variable as static text', () => {
    expect(evaluate('{x}', 'not json')).toBe('{x}');
  });

  it('does not evaluate a value that looks like an expression (DG: no recursive evaluation)', () => {
    const tricky = { action: '${request.body.other}', other: 'x', bare: '$request.body.other' };
    expect(evaluate('$request.body.action', tricky)).toBe('${request.body.other}');
    expect(evaluate('${request.body.bare}-$request.body.other', tricky)).toBe('$request.body.other-x');
  });

  it('marks expressions without variables as static, and static ones evaluate without parsing the body', () => {
    expect(compile('action').isStatic).toBe(true);
    expect(compile('\\$default').isStatic).toBe(true);
    expect(compile('$request.body.action').isStatic).toBe(false);
    expect(compile('\\$default').evaluate('this is not JSON')).toEqual({ ok: true, value: '$default' });
  });

  it('keeps the source text', () => {
    expect(compile('${request.body.action}').source).toBe('${request.body.action}');
  });
});

describe('bodies the expression cannot be evaluated against (DG websocket-api-overview: $default)', () => {
  const expr = compile('$request.body.action');

  it('reports a body that is not JSON as not-json', () => {
    expect(expr.evaluate('hello')).toEqual({ ok: false, reason: 'not-json' });
    expect(expr.evaluate('')).toEqual({ ok: false, reason: 'not-json' });
    expect(expr.evaluate('{"action":')).toEqual({ ok: false, reason: 'not-json' });
  });

  it("evaluates an object or array after JSON's whitespace, and nothing after other leading characters", () => {
    expect(expr.evaluate(' \t\r\n{"action":"join"}')).toEqual({ ok: true, value: 'join' });
    expect(compile('$request.body[0]').evaluate('\n ["join"]')).toEqual({ ok: true, value: 'join' });
    // A no-break space is not JSON whitespace: JSON.parse rejects it, and so does the quick check.
    expect(expr.evaluate('\u00a0{"action":"join"}')).toEqual({ ok: false, reason: 'not-json' });
    expect(expr.evaluate('   ')).toEqual({ ok: false, reason: 'not-json' });
  });

  it('reports JSON that is a string, number, boolean or null as not-json, since it has no members', () => {
    for (const body of ['"join"', '5', 'true', 'null']) {
      expect(expr.evaluate(body)).toEqual({ ok: false, reason: 'not-json' });
    }
  });

  it('reports a value nested too deeply to stringify as not-json instead of throwing', () => {
    const deep = '{"action":' + '['.repeat(200_000) + ']'.repeat(200_000) + '}';
    expect(expr.evaluate(deep)).toEqual({ ok: false, reason: 'not-json' });
  });

  it('gives the same answer every time for the same body (no state between messages)', () => {
    const body = '{"action":"join"}';
    expect([expr.evaluate(body), expr.evaluate('x'), expr.evaluate(body)]).toEqual([
      { ok: true, value: 'join' },
      { ok: false, reason: 'not-json' },
      { ok: true, value: 'join' },
    ]);
  });
});

describe('syntax errors, with the exact span for the editor', () => {
  it('requires an expression (CreateApi: "This property is required for WebSocket APIs")', () => {
    expect(errorOf('')).toEqual({
      message: 'routeSelectionExpression is required for WebSocket APIs',
      start: 0,
      end: 0,
    });
  });

  it('rejects variables other than $request.body, spanning the variable', () => {
    expect(errorOf('$context.routeKey')).toEqual({
      message: `$context.routeKey ${NOT_ALLOWED}`,
      start: 0,
      end: 17,
    });
    expect(errorOf('x-$request.header.x-api-key')).toEqual({
      message: `$request.header.x-api-key ${NOT_ALLOWED}`,
      start: 2,
      end: 27,
    });
    expect(errorOf('$foo/bar')).toEqual({ message: `$foo ${NOT_ALLOWED}`, start: 0, end: 4 });
    expect(errorOf('$request.bodyx')).toEqual({ message: `$request.bodyx ${NOT_ALLOWED}`, start: 0, end: 14 });
    expect(errorOf('a/${context.x}/b')).toEqual({ message: `$context.x ${NOT_ALLOWED}`, start: 2, end: 14 });
    expect(errorOf('${stageVariables.v}')).toEqual({
      message: `$stageVariables.v ${NOT_ALLOWED}`,
      start: 0,
      end: 19,
    });
  });

  it('rejects a lone $ and points to the \\$ escape', () => {
    expect(errorOf('cost $ 5')).toEqual({
      message: "'$' starts a variable such as $request.body.action: write '\\$' for a literal '$'",
      start: 5,
      end: 6,
    });
    expect(errorOf('a$')).toMatchObject({ start: 1, end: 2 });
  });

  it('rejects $request.body without a path', () => {
    const message = 'empty path: $request.body needs a JSONPath after it, e.g. $request.body.action';
    expect(errorOf('$request.body')).toEqual({ message, start: 0, end: 13 });
    expect(errorOf('x $request.body/y')).toEqual({ message, start: 2, end: 15 });
    expect(errorOf('${request.body}')).toEqual({
      message: 'empty path: ${request.body} needs a JSONPath after it, e.g. $request.body.action',
      start: 0,
      end: 15,
    });
  });

  it('rejects an empty or unterminated ${', () => {
    expect(errorOf('a${}')).toEqual({
      message: "empty variable '${}': expected e.g. ${request.body.action}",
      start: 1,
      end: 4,
    });
    expect(errorOf('${request.body.action')).toEqual({
      message: "unterminated '${': expected '}'",
      start: 0,
      end: 21,
    });
    expect(errorOf('x${context')).toEqual({ message: "unterminated '${': expected '}'", start: 1, end: 10 });
  });

  it('rejects a character inside ${…} that neither continues the path nor closes it', () => {
    expect(errorOf('${request.body.a b}')).toEqual({
      message: "unexpected ' ' in ${…}: expected '.', '[' or '}'",
      start: 16,
      end: 17,
    });
  });

  it('rejects a dot with no member name after it, pointing at the dot', () => {
    expect(errorOf('$request.body.')).toEqual({
      message: "expected a member name or '*' after '.'",
      start: 13,
      end: 14,
    });
    expect(errorOf('$request.body.action.')).toEqual({
      message: "expected a member name or '*' after '.'",
      start: 20,
      end: 21,
    });
  });

  it('rejects bad brackets with their position in the whole expression', () => {
    expect(errorOf('a/$request.body[action]')).toEqual({
      message: "a member name in brackets needs quotes: ['action']",
      start: 16,
      end: 22,
    });
    expect(errorOf('$request.body.items[0')).toEqual({
      message: "unclosed '[': expected ']'",
      start: 19,
      end: 21,
    });
    expect(errorOf("${request.body['a}")).toEqual({
      message: "unterminated string: expected a closing '",
      start: 15,
      end: 18,
    });
    expect(errorOf('$request.body.items[]')).toMatchObject({
      message: expect.stringContaining('empty brackets'),
      start: 19,
      end: 21,
    });
  });
});
