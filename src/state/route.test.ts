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
    for (const h of ['#/lessons/server-push?class', '#/deck/v1.z.abc-_', '#/deck/v1.j.abc/12'])
      expect(formatRoute(parseRoute(h))).toBe(h);
  });

  it('reads a lesson link for a class, ignoring query words it does not know', () => {
    expect(parseRoute('#/lessons/routing-table?class')).toEqual({
      view: 'lesson',
      slug: 'routing-table',
      forClass: true,
    });
    expect(parseRoute('#/lessons/routing-table/?x=1&class')).toEqual({
      view: 'lesson',
      slug: 'routing-table',
      forClass: true,
    });
    expect(parseRoute('#/lessons/routing-table?classic')).toEqual({ view: 'lesson', slug: 'routing-table' });
  });

  it('reads a deck link and the step it opens, and keeps a damaged one a deck route', () => {
    expect(parseRoute('#/deck/v1.z.abc')).toEqual({ view: 'deck', codec: 'z', payload: 'abc' });
    expect(parseRoute('#/deck/v1.z.abc/3')).toEqual({ view: 'deck', codec: 'z', payload: 'abc', step: 3 });
    expect(parseRoute('#/deck/v1.z.abc/0')).toEqual({ view: 'deck', codec: 'z', payload: 'abc' });
    expect(parseRoute('#/deck/nonsense')).toEqual({ view: 'deck', codec: '', payload: '' });
    expect(parseRoute('#/deck/v1.z.<img src=x>')).toEqual({ view: 'deck', codec: 'z', payload: '<img src=x>' });
  });
});
