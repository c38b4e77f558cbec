/**
 * Property tests for mapping templates (docs/aws-behaviour.md §5.9): over 10,000 templates drawn
 * by fast-check from VTL's directives, references, methods and punctuation, rendered against any
 * payload, `renderTemplate` never throws: it returns output, or a parse or render error with a
 * 1-based line and column inside the template (the documented result). Fixed seeds.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildVtlContext, renderTemplate, type RenderResult } from './index';

const RUNS = 10_000;
// Measured at a load average of 20 on 2 cores: 7 s. The timeout leaves room for a worse day.
const TIMEOUT_MS = 45_000;
// A lower step limit than the default 1,000,000 keeps 10,000 random nested loops fast; the
// default is what the engine uses, and the guard is the same code path.
const MAX_STEPS = 20_000;

const piece = fc.oneof(
  fc.constantFrom(
    '#set($x = ',
    '#set($m.a = ',
    '#if(',
    '#elseif(',
    '#else',
    '#end',
    '#foreach($i in ',
    '#break',
    '#stop',
  ),
  fc.constantFrom('#define($d)', '$d', '#macro(m)', '## note\n', '#*', '*#', '#[[', ']]#', '#', '##', '\n'),
  fc.constantFrom('$x', '$!x', '${x}', '$m', '$i', '$foreach.index', '$velocityCount', '$', '${', '$input.body'),
  fc.constantFrom(
    "$input.path('$')",
    "$input.json('$.a')",
    "$input.path('$..a')",
    "$input.params('a')",
    '$input.params()',
  ),
  fc.constantFrom(
    '$util.escapeJavaScript(',
    '$util.parseJson(',
    '$util.base64Decode(',
    '$util.urlDecode(',
    '$util.base64Encode(',
  ),
  fc.constantFrom(
    '$context.requestId',
    '$context.responseOverride.status',
    '$context.requestOverride.header.a',
    '$stageVariables.a',
  ),
  fc.constantFrom(
    '.size()',
    '.substring(1, 2)',
    '.replaceAll("a+", "b")',
    '.split(",")',
    '.matches("(a+)+$")',
    '.get(0)',
  ),
  fc.constantFrom('.keySet()', '.toString()', '.constructor', '.__proto__', '.length()', '.indexOf("a")', '.isEmpty()'),
  fc.constantFrom('[1..5]', '[1..100000]', '[]', '{}', '{"a": 1}', '[1, "a", $x]', '1', '-3', '2.5', 'true', 'null'),
  fc.constantFrom(
    '(',
    ')',
    '"',
    "'",
    ',',
    ' = ',
    ' == ',
    ' != ',
    ' + ',
    ' - ',
    ' * ',
    ' / ',
    ' % ',
    ' && ',
    '!',
    ' < ',
  ),
  fc.constantFrom('"a$x"', "'a'", '"\\""', '"<img src=x onerror=alert(1)>"', '"%%{init:{}}%%"', ' and ', ' not '),
  fc.string({ maxLength: 5 }),
);
const template = fc.array(piece, { maxLength: 16 }).map((p) => p.join(''));

const payload = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? ''),
  fc.record({ a: fc.jsonValue({ maxDepth: 2 }) }).map((v) => JSON.stringify(v)),
  fc.string({ maxLength: 20 }),
);

function context(body: string) {
  return buildVtlContext({
    body,
    params: { path: { a: 'p' }, querystring: { a: 'q' }, header: { a: 'h' } },
    context: { requestId: 'req-1', stage: 'dev', authorizer: { principalId: 'me' } },
    stageVariables: { a: 's' },
  });
}

/** The documented result: output, or an error whose position lies inside the template. */
function documented(r: RenderResult, source: string): boolean {
  if (r.ok) return typeof r.output === 'string';
  const lines = source.split('\n');
  const { line, column, message } = r.error;
  return (
    (r.phase === 'parse' || r.phase === 'render') &&
    typeof message === 'string' &&
    message.length > 0 &&
    line >= 1 &&
    line <= lines.length &&
    column >= 1 &&
    column <= lines[line - 1].length + 1
  );
}

describe('mapping templates, on any input', () => {
  it(
    'render or fail with a positioned parse or render error, never an exception',
    () => {
      fc.assert(
        fc.property(template, payload, (source, body) =>
          documented(renderTemplate(source, context(body), { maxSteps: MAX_STEPS }), source),
        ),
        { numRuns: RUNS, seed: 9201 },
      );
    },
    TIMEOUT_MS,
  );

  it('stops a loop over 100,000 items at the #foreach limit and a self-referencing #define at its depth limit', () => {
    const loop = renderTemplate('#foreach($i in [1..100000])$i#end', context(''));
    expect(loop).toMatchObject({ ok: false, phase: 'render' });
    expect(!loop.ok && loop.error.message).toMatch(/1000 iterations/);
    const recursion = renderTemplate('#define($d)x$d#end$d', context(''));
    expect(recursion).toMatchObject({ ok: false, phase: 'render' });
    expect(!recursion.ok && recursion.error.message).toMatch(/referenced itself/);
  });

  it('reads a payload nested 10,000 levels deep, or says it is too complex, without throwing', () => {
    const deep = '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000);
    for (const source of ["$input.json('$')", "$input.path('$..a')", '$util.parseJson($input.body)']) {
      const r = renderTemplate(source, context(deep));
      expect(documented(r, source), JSON.stringify(r).slice(0, 200)).toBe(true);
    }
  });
});
