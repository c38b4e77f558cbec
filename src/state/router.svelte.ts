/**
 * Where the page is, as reactive state: the route in the URL fragment (grammar in ./route.ts).
 * `go()` moves there and pushes a history entry; the browser's own moves (back, forward, a
 * followed `#/lessons/…` link, an edited fragment) come in through `sync()`, which `listen()`
 * calls on `popstate` and `hashchange`. Every change is reported to `onChange` (AppState opens
 * and closes lessons with it). `location` and `history` are injected, so this runs in Node tests.
 */
import { formatRoute, parseRoute, type Route } from './route';

export type { Route } from './route';

/** The three views of the header's tabs. */
export type View = 'playground' | 'compare' | 'lessons';

export interface RouterEnvironment {
  location: Pick<Location, 'hash' | 'pathname' | 'search'>;
  history: Pick<History, 'pushState' | 'replaceState'>;
}

/** What `listen()` needs of the window. */
export type RouteEvents = Pick<Window, 'addEventListener' | 'removeEventListener'>;

export class Router {
  #route = $state.raw<Route>({ view: 'playground' });
  readonly #env: RouterEnvironment;
  readonly #onChange: (route: Route) => void;

  constructor(env: RouterEnvironment, onChange: (route: Route) => void = () => {}) {
    this.#env = env;
    this.#onChange = onChange;
    this.#route = parseRoute(env.location.hash);
  }

  get route(): Route {
    return this.#route;
  }

  /** The header's tab for the route: a share link opens the playground. */
  get view(): View {
    const v = this.#route.view;
    return v === 'compare' ? 'compare' : v === 'lesson' ? 'lessons' : 'playground';
  }

  /**
   * Moves to `route`, adding a history entry when the fragment changes. The playground's entry
   * has no fragment at all (the page's own address), so "back" from a lesson lands on it.
   * `replace` takes the current entry's place instead (a deck link hands over to its first
   * step, so "back" does not land on the deck link and open it again).
   */
  go(route: Route, options: { replace?: boolean } = {}): void {
    this.#route = route;
    const { location, history } = this.#env;
    const hash = formatRoute(route);
    if (location.hash !== hash) {
      const url = route.view === 'playground' ? location.pathname + location.search : hash;
      if (options.replace) history.replaceState(null, '', url);
      else history.pushState(null, '', url);
    }
    this.#onChange(route);
  }

  /** The browser moved (back/forward, a followed link): the page follows its fragment. */
  sync(): void {
    this.#route = parseRoute(this.#env.location.hash);
    this.#onChange(this.#route);
  }

  /** Follows the browser's moves until the returned function is called. */
  listen(target: RouteEvents): () => void {
    const onMove = () => this.sync();
    target.addEventListener('popstate', onMove);
    target.addEventListener('hashchange', onMove);
    return () => {
      target.removeEventListener('popstate', onMove);
      target.removeEventListener('hashchange', onMove);
    };
  }
}
