import { describe, expect, it } from 'vitest';
import { ModuleLoader, ModuleNotFoundError, UserCodeSyntaxError, fixStack, normalizePath } from './loader';

describe('ModuleLoader', () => {
  it('refuses to run learner code where a document exists (the page), so it can only run in the sandbox or Node', () => {
    const g = globalThis as { document?: unknown };
    g.document = {};
    try {
      const loader = new ModuleLoader({ files: { 'main.ts': `export const x = 1;` } });
      expect(() => loader.requireFile('main.ts')).toThrow(/never on the page/);
    } finally {
      delete g.document;
    }
  });

  it('resolves relative imports with and without extension, index files, and ./x.js meaning x.ts', () => {
    const loader = new ModuleLoader({
      files: {
        'main.ts': `import { a } from './lib/a';\nimport { b } from './lib/b.js';\nimport { c } from './lib/c';\nimport data from './data.json';\nexport const all = [a, b, c, data.d];`,
        'lib/a.ts': `export const a = 'a';`,
        'lib/b.ts': `export const b = 'b';`,
        'lib/c/index.js': `export const c = 'c';`,
        'data.json': `{"d": "d"}`,
      },
    });
    expect((loader.requireFile('main.ts') as { all: string[] }).all).toEqual(['a', 'b', 'c', 'd']);
  });

  it('resolves ../ from nested files and normalises keys given as ./x or /x', () => {
    const loader = new ModuleLoader({
      files: { './src/handlers/h.ts': `export { v } from '../../shared';`, '/shared.ts': `export const v = 42;` },
    });
    expect((loader.requireFile('src/handlers/h.ts') as { v: number }).v).toBe(42);
  });

  it('maps the provided bare specifiers to builtins, created once', () => {
    let created = 0;
    const loader = new ModuleLoader({
      files: {
        'a.ts': `import { X } from '@aws-sdk/client-dynamodb';\nimport * as again from '@aws-sdk/client-dynamodb';\nexport const same = X === again.X;`,
      },
      builtins: { '@aws-sdk/client-dynamodb': () => ({ __esModule: true, X: { n: ++created } }) },
    });
    expect((loader.requireFile('a.ts') as { same: boolean }).same).toBe(true);
    expect(created).toBe(1);
  });

  it('fails an unknown module with a message naming the specifier and what is available', () => {
    const loader = new ModuleLoader({
      files: { 'a.ts': `import axios from 'axios';\nexport const get = axios.get;` },
      builtins: { '@aws-sdk/client-dynamodb': () => ({}) },
    });
    let error: unknown;
    try {
      loader.requireFile('a.ts');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ModuleNotFoundError);
    const message = (error as Error).message;
    expect(message).toContain(`Cannot find module 'axios'`);
    expect(message).toContain('- /var/task/a.ts');
    expect(message).toContain('@aws-sdk/client-dynamodb');
    expect(message).toContain('./a.ts');
  });

  it('reports a learner file that does not parse as UserCodeSyntaxError with its position', () => {
    const loader = new ModuleLoader({ files: { 'main.ts': `import './bad';`, 'bad.ts': `\nlet x = ;` } });
    expect(() => loader.requireFile('main.ts')).toThrow(UserCodeSyntaxError);
    try {
      loader.requireFile('main.ts');
    } catch (e) {
      expect(e).toMatchObject({ file: 'bad.ts', line: 2, column: 9 });
    }
  });

  it('caches modules, so module-level state persists between requires', () => {
    const loader = new ModuleLoader({ files: { 'c.ts': `let n = 0;\nexport const next = () => ++n;` } });
    (loader.requireFile('c.ts') as { next(): number }).next();
    expect((loader.require('./c') as { next(): number }).next()).toBe(2);
  });

  it('supports circular imports with CommonJS semantics', () => {
    const loader = new ModuleLoader({
      files: {
        'a.ts': `import { b } from './b';\nexport const a = () => 'a' + b();`,
        'b.ts': `import { a } from './a';\nexport const b = () => 'b';\nexport const viaA = () => a();`,
      },
    });
    expect((loader.requireFile('a.ts') as { a(): string }).a()).toBe('ab');
  });

  it('injects scope variables as free variables of every module', () => {
    const loader = new ModuleLoader({
      files: { 'e.ts': `export const t = process.env.T;` },
      scope: { process: { env: { T: 'x' } } },
    });
    expect((loader.requireFile('e.ts') as { t: string }).t).toBe('x');
  });

  it('maps stack positions back to the learner lines and names files under /var/task', () => {
    const loader = new ModuleLoader({ files: { 'boom.ts': `export function f() {\n  throw new Error('boom');\n}` } });
    const { f } = loader.requireFile('boom.ts') as { f(): void };
    try {
      f();
    } catch (e) {
      expect(fixStack((e as Error).stack ?? '')).toMatch(/\/var\/task\/boom\.ts:2:\d+/);
    }
    expect.assertions(1);
  });

  it('normalises paths', () => {
    expect(normalizePath('./a//b/../c.ts')).toBe('a/c.ts');
  });
});
