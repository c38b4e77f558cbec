import { describe, expect, it } from 'vitest';
import { compileJsonPath, parseJsonPath, type JsonPathError } from './jsonpath';

// Goessner's example document (https://goessner.net/articles/JsonPath/), trimmed.
const store = {
  store: {
    book: [
      { category: 'reference', author: 'Nigel Rees', title: 'Sayings of the Century', price: 8.95 },
      { category: 'fiction', author: 'Evelyn Waugh', title: 'Sword of Honour', price: 12.99 },
      {
        category: 'fiction',
        author: 'Herman Melville',
        title: 'Moby Dick',
        isbn: '0-553-21311-3',
        price: 8.99,
      },
      { category: 'fiction', author: 'J. R. R. Tolkien', title: 'The Lord of the Rings', price: 22.99 },
    ],
    bicycle: { color: 'red', price: 19.95 },
  },
};

function select(path: string, doc: unknown = store): unknown[] {
  const r = compileJsonPath(path);
  if (!r.ok) throw new Error(`${path}: ${r.error.message}`);
  return r.path.select(doc);
}

function errorOf(path: string): JsonPathError {
  const r = compileJsonPath(path);
  if (r.ok) throw new Error(`${path} compiled`);
  return r.error;
}

describe('JSONPath selection', () => {
  it('follows dot members', () => {
    expect(select('$.store.bicycle.color')).toEqual(['red']);
  });

  it('follows quoted bracket members, with either quote and names that dots cannot spell', () => {
    const doc = { 'a b': { x: 1 }, "it's": 2, 'c.d': 3 };
    expect(select("$['a b']['x']", doc)).toEqual([1]);
    expect(select('$["a b"].x', doc)).toEqual([1]);
    expect(select("$['it\\'s']", doc)).toEqual([2]);
    expect(select("$['c.d']", doc)).toEqual([3]);
  });

  it('indexes arrays from the start and, with a negative index, from the end', () => {
    expect(select('$.store.book[0].author')).toEqual(['Nigel Rees']);
    expect(select('$.store.book[-1].author')).toEqual(['J. R. R. Tolkien']);
    expect(select('$.store.book[4]')).toEqual([]);
    expect(select('$.store.book[-5]')).toEqual([]);
  });

  it('selects every child with a wildcard, in dot or bracket form', () => {
    expect(select('$.store.bicycle.*')).toEqual(['red', 19.95]);
    expect(select('$.store.book[*].price')).toEqual([8.95, 12.99, 8.99, 22.99]);
  });

  it('descends recursively with .., in document order', () => {
    expect(select('$..author')).toEqual(['Nigel Rees', 'Evelyn Waugh', 'Herman Melville', 'J. R. R. Tolkien']);
    expect(select('$.store..price')).toEqual([8.95, 12.99, 8.99, 22.99, 19.95]);
    expect(select('$..book[2].title')).toEqual(['Moby Dick']);
    expect(select("$..['isbn']")).toEqual(['0-553-21311-3']);
    expect(select('$..*', { a: [1, { b: 2 }] })).toEqual([[1, { b: 2 }], 1, { b: 2 }, 2]);
  });

  it('slices arrays with Python semantics (negative bounds, clamping, steps)', () => {
    const doc = [0, 1, 2, 3, 4, 5];
    expect(select('$[0:2]', doc)).toEqual([0, 1]);
    expect(select('$[:2]', doc)).toEqual([0, 1]);
    expect(select('$[-2:]', doc)).toEqual([4, 5]);
    expect(select('$[1:100]', doc)).toEqual([1, 2, 3, 4, 5]);
    expect(select('$[::2]', doc)).toEqual([0, 2, 4]);
    expect(select('$[::-1]', doc)).toEqual([5, 4, 3, 2, 1, 0]);
    expect(select('$[4:1:-2]', doc)).toEqual([4, 2]);
    expect(select('$[3:1]', doc)).toEqual([]);
  });

  it('selects unions of indexes and of quoted names, in the order written', () => {
    expect(select('$.store.book[2,0].author')).toEqual(['Herman Melville', 'Nigel Rees']);
    expect(select("$.store.bicycle['price','color']")).toEqual([19.95, 'red']);
    expect(select("$[ 0 , 'x' ]", [7])).toEqual([7]);
  });

  it('matches nothing when a member or index is missing or applied to the wrong type', () => {
    expect(select('$.store.car')).toEqual([]);
    expect(select('$.store.bicycle[0]')).toEqual([]);
    expect(select('$.store.book.0')).toEqual([]);
    expect(select('$.store.bicycle.color.length')).toEqual([]);
    expect(select('$.a.b', 'text')).toEqual([]);
  });

  it('reads only own members, never prototype properties such as constructor or __proto__', () => {
    expect(select('$.constructor', {})).toEqual([]);
    expect(select('$.toString', {})).toEqual([]);
    expect(select('$.__proto__', {})).toEqual([]);
    expect(select('$.length', [1, 2])).toEqual([]);
    expect(select('$.__proto__.x', JSON.parse('{"__proto__":{"x":1}}'))).toEqual([1]);
  });

  it('returns null values as matches, distinct from a missing member', () => {
    expect(select('$.a', { a: null })).toEqual([null]);
  });

  it('is definite only when the path has nothing but names and indexes', () => {
    const definite = (p: string) => {
      const r = compileJsonPath(p);
      if (!r.ok) throw new Error(r.error.message);
      return r.path.definite;
    };
    expect(definite("$.a['b'][0][-1]")).toBe(true);
    for (const p of ['$.*', '$[*]', '$..a', '$[0:1]', '$[0,1]', "$['a','b']"]) expect(definite(p)).toBe(false);
  });

  it('survives recursive descent through a document nested tens of thousands of levels deep', () => {
    const deep = JSON.parse('['.repeat(50_000) + '{"x":1}' + ']'.repeat(50_000));
    expect(select('$..x', deep)).toEqual([1]);
  });
});

describe('JSONPath syntax errors', () => {
  it('rejects filter expressions with the span of the whole filter, and never runs them', () => {
    const g = globalThis as { pwned?: boolean };
    expect(errorOf('$.a[?(@.b == 1)]')).toEqual({
      message: 'filter and script expressions are not supported: nothing is evaluated as code',
      start: 3,
      end: 16,
    });
    expect(errorOf('$[(globalThis.pwned = true)]')).toEqual({
      message: 'filter and script expressions are not supported: nothing is evaluated as code',
      start: 1,
      end: 28,
    });
    expect(g.pwned).toBeUndefined();
  });

  it('rejects a filter inside a union', () => {
    expect(errorOf('$[0,?(@)]')).toMatchObject({
      message: expect.stringContaining('filter and script'),
      start: 4,
      end: 5,
    });
  });

  it('spans an unclosed filter to the end of the text', () => {
    expect(errorOf('$[?(@.a')).toMatchObject({ start: 1, end: 7 });
  });

  it('reports an unclosed bracket from the bracket to the end', () => {
    expect(errorOf('$.a[0')).toEqual({ message: "unclosed '[': expected ']'", start: 3, end: 5 });
    expect(errorOf('$.a[')).toEqual({ message: "unclosed '[': expected ']'", start: 3, end: 4 });
  });

  it('reports an unterminated quoted name from its quote', () => {
    expect(errorOf("$['ab")).toEqual({
      message: "unterminated string: expected a closing '",
      start: 2,
      end: 5,
    });
  });

  it('asks for quotes around a bare name in brackets', () => {
    expect(errorOf('$[action]')).toEqual({
      message: "a member name in brackets needs quotes: ['action']",
      start: 2,
      end: 8,
    });
  });

  it('rejects empty brackets, fractional indexes, zero steps and slices or wildcards in unions', () => {
    expect(errorOf('$[]')).toMatchObject({
      message: expect.stringContaining('empty brackets'),
      start: 1,
      end: 3,
    });
    expect(errorOf('$[1.5]')).toEqual({ message: 'an array index must be an integer', start: 2, end: 5 });
    expect(errorOf('$[::0]')).toEqual({ message: 'a slice step cannot be 0', start: 4, end: 5 });
    expect(errorOf('$[0,1:2]')).toMatchObject({
      message: expect.stringContaining('not slices'),
      start: 4,
      end: 6,
    });
    expect(errorOf('$[0,*]')).toMatchObject({ message: expect.stringContaining("not '*'"), start: 4, end: 5 });
    expect(errorOf('$[-]')).toEqual({ message: "expected digits after '-'", start: 2, end: 3 });
    expect(errorOf('$[0 1]')).toEqual({ message: "unexpected '1': expected ']'", start: 4, end: 5 });
    expect(errorOf('$[1:2:3:4]')).toEqual({ message: "unexpected ':': expected ']'", start: 7, end: 8 });
  });

  it('reports a dot with no member name after it', () => {
    expect(errorOf('$.a.')).toEqual({ message: "expected a member name or '*' after '.'", start: 3, end: 4 });
    expect(errorOf("$.'a'")).toEqual({
      message: "unexpected ''': expected a member name or '*' after '.'",
      start: 2,
      end: 3,
    });
    expect(errorOf('$..')).toEqual({
      message: "expected a member name, '*' or '[' after '..'",
      start: 1,
      end: 3,
    });
    expect(errorOf('$...a')).toMatchObject({ message: expect.stringContaining("'...'"), start: 1, end: 4 });
  });

  it('requires the root $ and nothing after the path', () => {
    expect(errorOf('a.b')).toEqual({ message: "a JSONPath starts with '$'", start: 0, end: 1 });
    expect(errorOf('$.a b')).toEqual({ message: "unexpected ' ': expected '.' or '['", start: 3, end: 4 });
  });
});

describe('parseJsonPath inside a larger text', () => {
  it('stops at the first character that cannot continue the path and reports it as end', () => {
    const r = parseJsonPath('x$.a.b}rest', 2);
    expect(r.ok && { end: r.end, segments: r.segmentCount, v: r.path.select({ a: { b: 5 } }) }).toEqual({
      end: 6,
      segments: 2,
      v: [5],
    });
  });

  it('uses the caller’s rule for which characters make a dot member', () => {
    const letters = (ch: string) => /[a-z]/.test(ch);
    const r = parseJsonPath('.ab-c', 0, letters);
    expect(r.ok && r.end).toBe(3);
  });

  it('reports error offsets relative to the whole text', () => {
    const r = parseJsonPath('0123.a[', 4);
    expect(!r.ok && r.error).toEqual({ message: "unclosed '[': expected ']'", start: 6, end: 7 });
  });
});
