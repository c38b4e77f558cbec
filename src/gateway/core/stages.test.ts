import { describe, expect, it } from 'vitest';
import { DefinitionReport } from './definition-errors';
import { checkStageName, checkStageVariables } from './stages';

function errors(run: (report: DefinitionReport) => unknown): string[] {
  const report = new DefinitionReport();
  run(report);
  return report.errors.map((e) => `${e.path}: ${e.message}`);
}

describe('stages and stage variables (apigateway CreateStage; DG stage-variables, http-api-stages)', () => {
  it('takes stage names of 1–128 letters, digits, hyphens or underscores; $default only on HTTP APIs', () => {
    expect(errors((r) => checkStageName('prod-1_a', r, { fallback: 'dev' }))).toEqual([]);
    expect(errors((r) => checkStageName('$default', r, { fallback: 'dev' }))).toEqual([
      'stage.name: must be 1–128 letters, digits, hyphens or underscores; got the string "$default" ($default stages exist only for HTTP APIs)',
    ]);
    expect(errors((r) => checkStageName('$default', r, { allowDefault: true, fallback: '$default' }))).toEqual([]);
    expect(
      errors((r) => checkStageName('a'.repeat(129), r, { allowDefault: true, fallback: '$default' })),
    ).toHaveLength(1);
  });

  it('falls back to $default when an HTTP API stage has no name', () => {
    const report = new DefinitionReport();
    expect(checkStageName(undefined, report, { allowDefault: true, fallback: '$default' })).toBe('$default');
    expect(report.errors).toEqual([]);
  });

  it('takes at most 100 variables, names of 1–64 word characters, values of 1–512 URL-safe characters', () => {
    const many = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`v${i}`, 'x']));
    expect(errors((r) => checkStageVariables(many, r))).toEqual(['stage.variables: at most 100 stage variables']);
    expect(errors((r) => checkStageVariables({ 'a-b': 'x', ok: 'a b', n: 1, long: 'x'.repeat(513) }, r))).toEqual([
      'stage.variables["a-b"]: stage variable names are 1–64 letters, digits or underscores',
      'stage.variables["ok"]: values are 1–512 characters from A-Z a-z 0-9 - . _ ~ : / ? # & = ,',
      'stage.variables["n"]: must be a string; got number 1',
      'stage.variables["long"]: values are 1–512 characters from A-Z a-z 0-9 - . _ ~ : / ? # & = ,',
    ]);
  });

  it('returns the valid variables', () => {
    const report = new DefinitionReport();
    expect(checkStageVariables({ fn: 'orders-v2', url: 'https://example.com/a?b=c', bad: '' }, report)).toEqual({
      fn: 'orders-v2',
      url: 'https://example.com/a?b=c',
    });
  });
});
