import { describe, expect, it } from 'vitest';
import { Router, type RouteEvents } from './router.svelte';
import type { Route } from './route';
import { fakeLocation } from './test-environment';

function make(hash = '') {
  const loc = fakeLocation(hash);
  const seen: Route[] = [];
  const router = new Router(loc.env, (r) => seen.push(r));
  return { router, seen, ...loc };
}

describe('Router', () => {
  it('starts where the fragment points, without reporting a change', () => {
    expect(make('#/lessons/routing-table').router.route).toEqual({ view: 'lesson', slug: 'routing-table' });
    const { router, seen } = make('#/compare');
    expect(router.view).toBe('compare');
    expect(seen).toEqual([]);
    expect(make('#/share/v1.gz.abc').router.view).toBe('playground');
  });

  it('pushes a history entry per move: the fragment for a view, the page itself for the playground', () => {
    const { router, seen, pushed, location } = make();
    router.go({ view: 'compare' });
    router.go({ view: 'lesson', slug: 'server-push' });
    router.go({ view: 'playground' });
    expect(pushed).toEqual(['#/compare', '#/lessons/server-push', '/p/']);
    expect(router.view).toBe('playground');
    expect(seen.map((r) => r.view)).toEqual(['compare', 'lesson', 'playground']);
    location.hash = '#/compare';
    router.go({ view: 'compare' });
    expect(pushed).toHaveLength(3);
    // Moving to where the page already is still counts (a lesson tab clicked again re-opens it).
    expect(seen).toHaveLength(4);
  });

  it('follows back, forward and followed links, and stops when asked', () => {
    const { router, seen, location } = make();
    const page = new EventTarget();
    const stop = router.listen(page as unknown as RouteEvents);
    location.hash = '#/lessons/routing-table';
    page.dispatchEvent(new Event('hashchange'));
    expect(router.route).toEqual({ view: 'lesson', slug: 'routing-table' });
    location.hash = '';
    page.dispatchEvent(new Event('popstate'));
    expect(router.view).toBe('playground');
    expect(seen.map((r) => r.view)).toEqual(['lesson', 'playground']);
    stop();
    location.hash = '#/compare';
    page.dispatchEvent(new Event('popstate'));
    expect(router.view).toBe('playground');
  });
});
