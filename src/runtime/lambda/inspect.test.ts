import { describe, expect, it } from 'vitest';
import { format, inspect } from './inspect';

describe('console formatting like Node util.format (docs: lambda/latest/dg/nodejs-logging)', () => {
  it('prints strings bare at the top level and quoted inside objects', () => {
    expect(format('hello', 'world')).toBe('hello world');
    expect(format({ a: 1, b: 'x', c: [1, 2], d: null, e: undefined })).toBe(
      "{ a: 1, b: 'x', c: [ 1, 2 ], d: null, e: undefined }",
    );
  });

  it('applies printf-style placeholders', () => {
    expect(format('%s has %d items (%j) 100%%', 'cart', 3, { a: 1 })).toBe('cart has 3 items ({"a":1}) 100%');
  });

  it('cuts nesting at depth 2 and marks circular references', () => {
    expect(inspect({ a: { b: { c: { d: 1 } } } })).toBe('{ a: { b: { c: [Object] } } }');
    const o: Record<string, unknown> = { name: 'x' };
    o.self = o;
    expect(inspect(o)).toBe("{ name: 'x', self: [Circular *1] }");
  });

  it('breaks long objects over several lines', () => {
    const text = inspect({
      connectionId: 'R1kmxc2VNjMCFIA=',
      domainName: 'abc123defg.execute-api.us-east-1.amazonaws.com',
    });
    expect(text).toBe(
      "{\n  connectionId: 'R1kmxc2VNjMCFIA=',\n  domainName: 'abc123defg.execute-api.us-east-1.amazonaws.com'\n}",
    );
  });

  it('prints Errors with their stack, Dates as ISO, Maps, Sets, functions and class instances', () => {
    const e = new Error('boom');
    expect(format(e)).toBe(e.stack);
    expect(inspect(new Date(0))).toBe('1970-01-01T00:00:00.000Z');
    expect(inspect(new Map([['k', 1]]))).toBe("Map(1) { 'k' => 1 }");
    expect(inspect(new Set([1]))).toBe('Set(1) { 1 }');
    expect(inspect(function named() {})).toBe('[Function: named]');
    class Point {
      x = 1;
    }
    expect(inspect(new Point())).toBe('Point { x: 1 }');
  });
});
