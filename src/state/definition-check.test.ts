import { describe, expect, it } from 'vitest';
import { validateDefinition } from '../gateway';
import { problemsUnder } from './definition-check.svelte';

describe('live definition problems', () => {
  it('validates each API type with its own validator, naming the field', () => {
    const r = validateDefinition({
      protocolType: 'HTTP',
      name: 'x',
      routes: { 'GET /a': { integration: { type: 'AWS_PROXY', function: 'nope' } } },
      functions: {},
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => e.path)).toContain('routes["GET /a"].integration.function');
  });

  it('selects the problems of one route or resource by path prefix, not by a longer sibling name', () => {
    const problems = [
      { path: 'routes["GET /a"].integration.function', message: 'm1' },
      { path: 'routes["GET /ab"]', message: 'm2' },
      { path: 'resources["/a"].methods.GET', message: 'm3' },
    ];
    expect(problemsUnder(problems, 'routes["GET /a"]').map((p) => p.message)).toEqual(['m1']);
    expect(problemsUnder(problems, 'resources["/a"]').map((p) => p.message)).toEqual(['m3']);
  });
});
