import { describe, expect, it } from 'vitest';
import { transpile } from './transpile';

describe('transpile', () => {
  it('strips TypeScript types and rewrites ESM imports and exports to CommonJS', () => {
    const r = transpile(
      `import { x } from './lib';\nimport type { T } from 'aws-lambda';\nexport const handler = async (e: T): Promise<number> => x;\n`,
      'a.ts',
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.code).toContain(`require('./lib')`);
    expect(r.code).toContain('exports.handler = handler');
    expect(r.code).not.toContain('aws-lambda');
    expect(r.code).not.toContain('Promise<number>');
  });

  it('keeps line numbers, so stack traces point at the learner source', () => {
    const src = `import { a } from './a';\n\n\nexport function f(): void {\n  throw new Error('x');\n}\n`;
    const r = transpile(src, 'f.ts');
    if (!r.ok) throw new Error('expected ok');
    expect(r.code.split('\n').findIndex((l) => l.includes("throw new Error('x')"))).toBe(4);
  });

  it('reports a syntax error with file, 1-based line and column for editor markers', () => {
    const r = transpile(`const ok = 1;\nconst broken = );\n`, 'lib/db.ts');
    expect(r).toEqual({ ok: false, error: { file: 'lib/db.ts', line: 2, column: 16, message: 'Unexpected token' } });
  });

  it('does not parse .js files as TypeScript (a generic-looking comparison stays JavaScript)', () => {
    const r = transpile(`const a = 1, b = 2, c = 3;\nexport const v = a < b > c;\n`, 'x.js');
    expect(r.ok).toBe(true);
  });
});
