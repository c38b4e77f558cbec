/**
 * Property tests for route selection expressions (docs/aws-behaviour.md §1.1): over 10,000
 * expressions drawn by fast-check, compiling never throws (a bad one is a SelectionExpressionError
 * whose span lies inside the text), and a compiled expression evaluates any message, JSON or not,
 * to a string or to "not JSON" ($default), never an exception. Fixed seeds.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileSelectionExpression, type CompileResult } from './rse';

const RUNS = 10_000;
// Measured at a load average of 20 on 2 cores: 1-2 s each. The timeout leaves room for a worse day.
const TIMEOUT_MS = 45_000;

const piece = fc.oneof(
  fc.constantFrom('$request.body', '${request.body', '$request.header', '${', '}', '$', '\\$', '$default'),
  fc.constantFrom('.action', '.a.b', '[0]', "['x y']", '[*]', '..a', '[?(@.x)]', '.', '[', ']', '-beta', '/x'),
  fc.constantFrom('action', ' ', '😀', '\u0000', '<img src=x onerror=alert(1)>', '%%{init:{}}%%'),
  fc.string({ maxLength: 6 }),
);
const expression = fc.array(piece, { maxLength: 10 }).map((p) => p.join(''));

/** Message bodies: JSON of any shape (some with the members the pieces name), or any text. */
const body = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v) ?? 'null'),
  fc
    .record({ action: fc.jsonValue({ maxDepth: 2 }), a: fc.jsonValue({ maxDepth: 3 }), x: fc.string() })
    .map((v) => JSON.stringify(v)),
  fc.string({ maxLength: 40 }),
);

function wellFormedError(r: CompileResult, source: string): boolean {
  if (r.ok) return true;
  const { message, start, end } = r.error;
  return typeof message === 'string' && message.length > 0 && start >= 0 && end >= start && end <= source.length;
}

describe('route selection expressions, on any input', () => {
  it(
    'compile without throwing; an error names a span inside the expression',
    () => {
      fc.assert(
        fc.property(expression, (source) => wellFormedError(compileSelectionExpression(source), source)),
        { numRuns: RUNS, seed: 9101 },
      );
    },
    TIMEOUT_MS,
  );

  it(
    'evaluate any message to a string or to "not JSON", never an exception',
    () => {
      fc.assert(
        fc.property(expression, body, (source, message) => {
          const r = compileSelectionExpression(source);
          if (!r.ok) return true;
          const v = r.expression.evaluate(message);
          return v.ok ? typeof v.value === 'string' : v.reason === 'not-json';
        }),
        { numRuns: RUNS, seed: 9102 },
      );
    },
    TIMEOUT_MS,
  );

  it('compiles a 100 KB expression in one pass and evaluates it', () => {
    const source = '$request.body.action'.repeat(5000) + '/' + 'x'.repeat(2_000);
    expect(source.length).toBeGreaterThan(100_000);
    const r = compileSelectionExpression(source);
    expect(r.ok).toBe(true);
    if (r.ok)
      expect(r.expression.evaluate('{"action":"a"}')).toEqual({
        ok: true,
        value: 'a'.repeat(5000) + '/' + 'x'.repeat(2_000),
      });
    const bad = compileSelectionExpression('a'.repeat(100_000) + '$request.body[');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).toMatchObject({ start: 100_000 + 13, end: 100_000 + 14 });
  });

  it('sends a message nested 100,000 levels deep to $default instead of overflowing the stack', () => {
    const r = compileSelectionExpression('$request.body..action');
    expect(r.ok).toBe(true);
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    if (r.ok) {
      const v = r.expression.evaluate(deep);
      expect(v.ok ? typeof v.value : v.reason).toMatch(/string|not-json/);
    }
  });
});
