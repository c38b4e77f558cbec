import { describe, expect, it } from 'vitest';
import { formatRoute, parseRoute } from './route';

describe('routes in the URL fragment', () => {
  it('reads the playground, compare, lesson and share routes', () => {
    expect(parseRoute('')).toEqual({ view: 'playground' });
    expect(parseRoute('#/')).toEqual({ view: 'playground' });
    expect(parseRoute('#/compare')).toEqual({ view: 'compare' });
    expect(parseRoute('#/lessons/routing-table')).toEqual({ view: 'lesson', slug: 'routing-table' });
    expect(parseRoute('#/share/v1.gz.abc')).toEqual({ view: 'share', codec: 'gz', payload: 'abc' });
  });

  it('reads a share link of another version with its version, so the page can say a newer playground made it', () => {
    expect(parseRoute('#/share/v2.z.abc')).toEqual({ view: 'share', codec: '', payload: '', version: 2 });
    expect(parseRoute('#/share/nonsense')).toEqual({ view: 'share', codec: '', payload: '' });
  });

  it('opens the playground for a lesson slug that is not kebab-case', () => {
    expect(parseRoute('#/lessons/<script>')).toEqual({ view: 'playground' });
  });

  it('writes what it reads', () => {
    for (const h of ['#/compare', '#/lessons/server-push', '#/']) expect(formatRoute(parseRoute(h))).toBe(h);
  });
});
