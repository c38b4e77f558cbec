import { describe, expect, it } from 'vitest';
import { gzipBytes, jsClosure, readManifest } from './support/bundle-size';
import { SIZE_BUDGET } from './size-budget';

// `npm test` builds before vitest runs; in a worktree, `npm run build` first.
describe('first-load JS sizes (tests/size-budget.ts, from the build manifest)', () => {
  const manifest = readManifest();

  for (const [name, budget] of Object.entries(SIZE_BUDGET)) {
    it(`keeps the JS until ${budget.label} within ${budget.maxKB} KB gzip`, () => {
      // A pattern that names nothing would silently shrink the figure (a renamed module).
      for (const p of budget.entries)
        expect(
          Object.keys(manifest).some((k) => p.test(k)),
          String(p),
        ).toBe(true);
      const kb = gzipBytes(jsClosure(manifest, budget.entries)) / 1024;
      expect(kb, `${name}: ${kb.toFixed(1)} KB gzip`).toBeLessThanOrEqual(budget.maxKB);
    });
  }

  it('counts what an entry imports statically, not what it loads later', () => {
    const editor = jsClosure(manifest, [/^src\/adapters\/monaco\/editor\.ts$/]);
    expect(editor.some((f) => /editor\.api/.test(f))).toBe(true);
    // The Lambda typings arrive after the editor shows (their own chunk): not in its closure.
    expect(editor.some((f) => /lambda-types/.test(f))).toBe(false);
  });
});
