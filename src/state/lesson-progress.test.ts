import { describe, expect, it } from 'vitest';
import { checkProgress, emptyProgress, mergeProgress, parseProgress, recordPassed } from './lesson-progress';

describe('lesson progress', () => {
  it('marks a lesson complete once every check has passed at least once, even in different runs', () => {
    let p = recordPassed(emptyProgress(), 'first', ['a'], ['a', 'b'], 1);
    expect(p.lessons.first.completedAt).toBeUndefined();
    p = recordPassed(p, 'first', ['b'], ['a', 'b'], 2);
    expect(p.lessons.first).toEqual({ passed: ['a', 'b'], completedAt: 2 });
  });

  it('rejects files of another schema or shape, naming the field', () => {
    expect(checkProgress([])).toEqual({ ok: false, error: 'expected a JSON object' });
    expect(checkProgress({ lessons: {} })).toMatchObject({
      ok: false,
      error: expect.stringContaining('"schema" is missing'),
    });
    expect(checkProgress({ schema: 1, lessons: { 'Bad Slug': { passed: [] } } })).toMatchObject({ ok: false });
    expect(checkProgress({ schema: 1, lessons: { x: { passed: [], completedAt: 'today' } } })).toEqual({
      ok: false,
      error: 'lessons.x.completedAt must be a time in milliseconds',
    });
    expect(parseProgress('{"schema":1,"lessons":{"x":{"passed":["a","a"]}}}')).toEqual({
      ok: true,
      progress: { schema: 1, lessons: { x: { passed: ['a'] } } },
    });
  });

  it('merges imported progress without losing what was already passed', () => {
    const here = recordPassed(emptyProgress(), 'x', ['a'], ['a', 'b'], 1);
    const there = recordPassed(emptyProgress(), 'x', ['b'], ['a', 'b', 'c'], 2);
    expect(mergeProgress(here, there).lessons.x.passed).toEqual(['a', 'b']);
  });
});
