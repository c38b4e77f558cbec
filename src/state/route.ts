/**
 * The page's routes, all in the URL fragment (a static host serves index.html for the one
 * path, so a fragment survives a reload and a shared link without server rewrites):
 *
 *   #/ or no fragment             the playground
 *   #/compare                     REST vs HTTP vs WebSocket side by side
 *   #/lessons/<slug>              a lesson (slug = folder name without its number)
 *   #/lessons/<slug>?class        the same lesson for a class: "Reveal solution" is hidden
 *   #/share/v1.<codec>.<payload>  a share link (src/state/share.svelte.ts); another version
 *                                 number parses with `version` set, so the page can say so
 *   #/deck/v1.<codec>.<payload>   a trainer's deck (src/deck), at its first step;
 *                                 `…/<n>` opens step n (counted from 1)
 *
 * Anything else opens the playground. Parsing is pure, so it is unit-tested.
 */

export type Route =
  | { view: 'playground' }
  | { view: 'compare' }
  | { view: 'lesson'; slug: string; forClass?: true }
  | { view: 'share'; codec: string; payload: string; version?: number }
  | { view: 'deck'; codec: string; payload: string; step?: number };

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export function parseRoute(hash: string): Route {
  const h = hash.replace(/^#/, '');
  if (h === '/compare' || h.startsWith('/compare/') || h.startsWith('/compare?')) return { view: 'compare' };
  const lesson = /^\/lessons\/([^/?#]+)\/?(?:\?([^#]*))?$/.exec(h);
  if (lesson) {
    let slug: string;
    try {
      slug = decodeURIComponent(lesson[1]);
    } catch {
      return { view: 'playground' };
    }
    // Other query words are ignored, so a link from a newer playground still opens the lesson.
    const forClass = (lesson[2] ?? '').split('&').includes('class');
    if (SLUG.test(slug)) return forClass ? { view: 'lesson', slug, forClass } : { view: 'lesson', slug };
  }
  const share = /^\/share\/v1\.([A-Za-z0-9_-]+)\.(.*)$/.exec(h);
  if (share) return { view: 'share', codec: share[1], payload: share[2] };
  const other = /^\/share\/v(\d{1,6})\./.exec(h);
  if (other) return { view: 'share', codec: '', payload: '', version: Number(other[1]) };
  if (h.startsWith('/share/')) return { view: 'share', codec: '', payload: '' };
  const deck = /^\/deck\/v1\.([A-Za-z0-9_-]+)\.([^/]*)(?:\/(\d{1,4}))?\/?$/.exec(h);
  if (deck) {
    const step = deck[3] === undefined ? undefined : Number(deck[3]);
    return step
      ? { view: 'deck', codec: deck[1], payload: deck[2], step }
      : { view: 'deck', codec: deck[1], payload: deck[2] };
  }
  // A damaged deck link still says it was one, so the page can tell the trainer what is wrong.
  if (h === '/deck' || h.startsWith('/deck/')) return { view: 'deck', codec: '', payload: '' };
  return { view: 'playground' };
}

export function formatRoute(route: Route): string {
  switch (route.view) {
    case 'compare':
      return '#/compare';
    case 'lesson':
      return `#/lessons/${encodeURIComponent(route.slug)}${route.forClass ? '?class' : ''}`;
    case 'share':
      return `#/share/v1.${route.codec}.${route.payload}`;
    case 'deck':
      return `#/deck/v1.${route.codec}.${route.payload}${route.step ? `/${route.step}` : ''}`;
    default:
      return '#/';
  }
}
