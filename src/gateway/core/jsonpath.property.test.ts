/**
 * Property tests for the JSONPath subset (docs/aws-behaviour.md §1.1): over 10,000 paths drawn by
 * fast-check from the characters that mean something to the grammar, parsing never throws (a
 * malformed path is a JsonPathError whose span lies inside the text), and a compiled path selects
 * from any JSON value without throwing. Fixed seeds: a failure prints the shrunk counterexample.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileJsonPath, parseJsonPath } from './jsonpath';

const RUNS = 10_000;
// Measured at a load average of 20 on 2 cores: 4-8 s each. The timeout leaves room for a worse day.
const TIMEOUT_MS = 45_000;

/** Characters the grammar cares about, plus letters, digits, spaces and some Unicode. */
const pathChar = fc.constantFrom(
  ...`.[]()*?@$'",:-\\ \t`.split(''),
  ...'ab0129_'.split(''),
  'é',
  '😀',
  '\u0000',
  '\u2028',
);
const pathText = fc.array(pathChar, { maxLength: 40 }).map((cs) => cs.join(''));

/** Well-formed segments, so the generator also reaches deep into valid paths. */
const segment = fc.oneof(
  fc.constantFrom('.a', '.b', '.*', '..a', '..*', '[0]', '[-1]', '[*]', "['a']", '["b"]', '[0,1]', "['a','b']"),
  fc.constantFrom('[1:]', '[:2]', '[::2]', '[::-1]', '[0:3:0]', '..[0]', '.é', '.x-y'),
);
const wellFormed = fc.array(segment, { maxLength: 8 }).map((s) => '$' + s.join(''));

describe('JSONPath, on any input', () => {
  it(
    'parses any text without throwing; an error names a span inside the text',
    () => {
      fc.assert(
        fc.property(
          fc.oneof(
            pathText,
            pathText.map((t) => '$' + t),
            wellFormed,
          ),
          (source) => {
            const r = compileJsonPath(source);
            if (!r.ok) {
              expect(typeof r.error.message).toBe('string');
              expect(r.error.message.length).toBeGreaterThan(0);
              expect(r.error.start).toBeGreaterThanOrEqual(0);
              expect(r.error.end).toBeGreaterThanOrEqual(r.error.start);
              expect(r.error.end).toBeLessThanOrEqual(source.length);
            }
            // Embedded after some prefix, as the RSE parser uses it: stops inside the text.
            const embedded = parseJsonPath(`xx${source}`, 2);
            if (embedded.ok) expect(embedded.end).toBeLessThanOrEqual(source.length + 2);
          },
        ),
        { numRuns: RUNS, seed: 9001 },
      );
    },
    TIMEOUT_MS,
  );

  it(
    'selects from any JSON value without throwing, a definite path at most one value',
    () => {
      fc.assert(
        fc.property(wellFormed, fc.jsonValue({ maxDepth: 4 }), (source, root) => {
          const r = compileJsonPath(source);
          if (!r.ok) return;
          const out = r.path.select(root);
          expect(Array.isArray(out)).toBe(true);
          if (r.path.definite) expect(out.length).toBeLessThanOrEqual(1);
        }),
        { numRuns: RUNS, seed: 9002 },
      );
    },
    TIMEOUT_MS,
  );

  it('never evaluates a filter or script expression: it is a syntax error', () => {
    for (const source of ['$[?(@.a)]', '$[(@.length-1)]', '$..[?(alert(1))]', "$[?(@.x=='y')]"]) {
      const r = compileJsonPath(source);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.message).toMatch(/not supported/);
    }
  });

  it('walks 1,000 levels of nesting with recursive descent', () => {
    let deep: unknown = { a: 1 };
    for (let i = 0; i < 1000; i++) deep = { n: deep };
    const r = compileJsonPath('$..a');
    expect(r.ok && r.path.select(deep)).toEqual([1]);
  });
});
