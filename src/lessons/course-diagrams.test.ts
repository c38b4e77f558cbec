// @vitest-environment jsdom
/**
 * Every fenced mermaid block in the bundled course parses with the same Mermaid and the same
 * strict configuration the page renders them with (src/adapters/mermaid).
 */
import { describe, expect, it } from 'vitest';
import { loadBundledCourse } from './bundled';

describe('the diagrams in the course', () => {
  it('all parse with Mermaid (and a broken one would not)', async () => {
    const { default: mermaid } = await import('mermaid');
    mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });
    const course = await loadBundledCourse();
    expect(course.ok).toBe(true);
    if (!course.ok) return;
    const failures: string[] = [];
    for (const lesson of course.value.lessons) {
      const diagrams = lesson.segments.filter((s) => s.type === 'mermaid');
      // Every lesson explains itself with at least one diagram.
      if (!diagrams.length) failures.push(`${lesson.dir}/index.md: no diagram`);
      for (const d of diagrams)
        await mermaid.parse(d.text).catch((e: unknown) => failures.push(`${lesson.dir}/index.md: ${String(e).slice(0, 200)}`));
    }
    expect(failures).toEqual([]);
    await expect(mermaid.parse('sequenceDiagram\n  A->>: broken')).rejects.toThrow();
  }, 30_000);
});
