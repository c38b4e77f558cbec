/**
 * HTTP API route keys and route selection (DG http-api-develop-routes; docs/aws-behaviour.md §5.5).
 *
 * A route key is `METHOD /path` or `$default`. Paths are made of literal segments, `{name}`
 * segments and, last only, one greedy `{name+}`. Selection: a full match of path and method
 * beats a greedy match, which beats `$default`; a route's own method beats `ANY` ("ANY matches
 * all methods that you haven't defined for a resource"). The DG's examples
 * (`GET /pets/dog/1`, `GET /pets/dog/{id}`, `GET /pets/{proxy+}`, `ANY /{proxy+}`) are in
 * routes.test.ts. What the DG leaves open is labelled (UNCONFIRMED, §7).
 */
import type { KnownDifferenceId } from '../core/known-differences';
import { HTTP_ROUTE_METHODS, type HttpRouteMethod } from './definition';

export type RouteSegment =
  { kind: 'literal'; value: string } | { kind: 'param'; name: string } | { kind: 'greedy'; name: string };

export interface ParsedRouteKey {
  routeKey: string;
  method: HttpRouteMethod;
  /** The path as written, e.g. `/pets/{id}`. */
  path: string;
  segments: RouteSegment[];
}

export type ParseRouteKeyResult =
  { ok: true; route: ParsedRouteKey | { routeKey: '$default' } } | { ok: false; message: string };

const PARAM_NAME = /^[A-Za-z0-9._-]+$/;

/** Parses `METHOD /path` or `$default`, with a message that says what AWS accepts when it is neither. */
export function parseRouteKey(routeKey: string): ParseRouteKeyResult {
  if (routeKey === '$default') return { ok: true, route: { routeKey: '$default' } };
  const m = /^(\S+) (\/\S*)$/.exec(routeKey);
  if (!m)
    return {
      ok: false,
      message: 'a route key is "$default" or "METHOD /path", e.g. "GET /pets/{id}" (one space between method and path)',
    };
  const method = m[1];
  if (!(HTTP_ROUTE_METHODS as readonly string[]).includes(method))
    return {
      ok: false,
      message: `unknown method ${JSON.stringify(method)} (use one of ${HTTP_ROUTE_METHODS.join(', ')})`,
    };
  const path = m[2];
  const segments: RouteSegment[] = [];
  const names = new Set<string>();
  const parts = path === '/' ? [] : path.slice(1).split('/');
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (part === '') return { ok: false, message: 'the path has an empty segment ("//" or a trailing "/")' };
    const p = /^\{([^{}]*)\}$/.exec(part);
    if (p) {
      const greedy = p[1].endsWith('+');
      const name = greedy ? p[1].slice(0, -1) : p[1];
      if (!PARAM_NAME.test(name))
        return {
          ok: false,
          message: `path variable ${JSON.stringify(part)} needs a name of letters, digits, ".", "_" or "-"`,
        };
      // "The greedy path variable must be at the end of the resource path" (DG http-api-develop-routes).
      if (greedy && i !== parts.length - 1)
        return { ok: false, message: `the greedy path variable ${part} must be the last segment` };
      if (names.has(name)) return { ok: false, message: `the path variable {${name}} appears twice` };
      names.add(name);
      segments.push(greedy ? { kind: 'greedy', name } : { kind: 'param', name });
    } else if (/[{}]/.test(part)) {
      return { ok: false, message: `path variables take a whole segment, like "/{id}"; got ${JSON.stringify(part)}` };
    } else {
      segments.push({ kind: 'literal', value: part });
    }
  }
  return { ok: true, route: { routeKey, method: method as HttpRouteMethod, path, segments } };
}

/**
 * Two route keys that no request could tell apart (same method, same shape, only variable names
 * differ), e.g. `GET /pets/{id}` and `GET /pets/{petId}`: AWS refuses the second one.
 */
export function routeShape(route: ParsedRouteKey): string {
  return (
    route.method +
    ' /' +
    route.segments.map((s) => (s.kind === 'literal' ? 'L:' + s.value : s.kind === 'param' ? '{}' : '{+}')).join('/')
  );
}

export interface RouteMatch {
  routeKey: string;
  match: 'exact' | 'param' | 'greedy' | 'any' | 'default';
  pathParameters: Record<string, string>;
  /** Set when the choice followed an UNCONFIRMED rule (see known-differences.ts). */
  unconfirmed?: KnownDifferenceId;
  /** Why the label applies, for the trace summary. */
  note?: string;
}

interface Candidate {
  route: ParsedRouteKey;
  /** Per pattern position: literal 2, param 1, greedy 0 (a literal segment beats a variable one). */
  rank: number[];
  greedy: boolean;
  params: Record<string, string>;
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Lexicographic comparison of two ranks: positive when `a` is more specific. */
function compareRank(a: number[], b: number[]): number {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = (a[i] ?? -1) - (b[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}

/** True when `a` is at least as specific as `b` at every position (no rule beyond the DG's examples needed). */
function dominates(a: number[], b: number[]): boolean {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) if ((a[i] ?? -1) < (b[i] ?? -1)) return false;
  return true;
}

export class RouteTable {
  readonly #routes: ParsedRouteKey[] = [];
  readonly #hasDefault: boolean;

  /** `routeKeys` must already be valid (validateHttpDefinition checks them). */
  constructor(routeKeys: readonly string[]) {
    let hasDefault = false;
    for (const key of routeKeys) {
      const parsed = parseRouteKey(key);
      if (!parsed.ok) throw new Error(`Invalid route key ${JSON.stringify(key)}: ${parsed.message}`);
      if ('method' in parsed.route) this.#routes.push(parsed.route);
      else hasDefault = true;
    }
    this.#hasDefault = hasDefault;
  }

  get hasDefault(): boolean {
    return this.#hasDefault;
  }

  /**
   * Selects the route for a request. `path` is the path after the stage, as sent (still
   * URL-encoded), starting with `/`. Path variables are URL-decoded ("API Gateway decodes
   * URL-encoded request parameters before passing them to your backend integration").
   */
  match(method: string, path: string): RouteMatch | undefined {
    let trimmed = path === '' ? '/' : path;
    let trailing = false;
    // UNCONFIRMED: [http-route-trailing-slash] a trailing slash is ignored for matching.
    if (trimmed.length > 1 && trimmed.endsWith('/')) {
      trimmed = trimmed.replace(/\/+$/, '') || '/';
      trailing = true;
    }
    const raw = trimmed === '/' ? [] : trimmed.slice(1).split('/');
    const segments = raw.map(decode);
    const found = this.#candidates(method, segments, false);
    if (found.length === 0) {
      if (!this.#hasDefault) return undefined;
      const result: RouteMatch = { routeKey: '$default', match: 'default', pathParameters: {} };
      this.#labelMiss(method, segments, result);
      return result;
    }
    found.sort((a, b) => this.#compare(b, a, method));
    const best = found[0];
    const result: RouteMatch = {
      routeKey: best.route.routeKey,
      match: best.greedy ? 'greedy' : best.route.method === 'ANY' ? 'any' : best.rank.includes(1) ? 'param' : 'exact',
      pathParameters: best.params,
    };
    // The literal-beats-variable rule is the DG's only when the winner is at least as specific
    // everywhere; a mixed tie ("/pets/{id}" vs "/{kind}/dog") is the playground's choice.
    const rival = found.find((c) => c !== best && c.greedy === best.greedy && !dominates(best.rank, c.rank));
    if (rival) {
      result.unconfirmed = 'http-route-priority';
      result.note = `also matched ${rival.route.routeKey}`;
    } else if (trailing) {
      result.unconfirmed = 'http-route-trailing-slash';
      result.note = 'trailing slash ignored';
    }
    return result;
  }

  #compare(a: Candidate, b: Candidate, method: string): number {
    // 1. A full match beats a greedy one.
    if (a.greedy !== b.greedy) return a.greedy ? -1 : 1;
    // 2. Segment by segment, a literal beats a variable (and a longer literal prefix beats a greedy).
    const r = compareRank(a.rank, b.rank);
    if (r !== 0) return r;
    // 3. The route's own method beats ANY.
    const am = a.route.method === method ? 1 : 0;
    const bm = b.route.method === method ? 1 : 0;
    return am - bm;
  }

  #candidates(method: string, segments: string[], ignoreCase: boolean): Candidate[] {
    const out: Candidate[] = [];
    for (const route of this.#routes) {
      if (route.method !== method && route.method !== 'ANY') continue;
      const c = matchSegments(route, segments, ignoreCase);
      if (c) out.push(c);
    }
    return out;
  }

  /** Labels a fall-through to `$default` when an UNCONFIRMED rule decided it. */
  #labelMiss(method: string, segments: string[], result: RouteMatch): void {
    // UNCONFIRMED: [http-route-greedy-empty] `GET /pets` does not match `GET /pets/{proxy+}`.
    for (const route of this.#routes) {
      const last = route.segments[route.segments.length - 1];
      if (last?.kind !== 'greedy' || (route.method !== method && route.method !== 'ANY')) continue;
      if (matchSegments({ ...route, segments: route.segments.slice(0, -1) }, segments, false)) {
        result.unconfirmed = 'http-route-greedy-empty';
        result.note = `${route.routeKey} needs at least one segment after the prefix`;
        return;
      }
    }
    // UNCONFIRMED: [http-route-case-sensitive] paths match case-sensitively.
    const loose = this.#candidates(method, segments, true);
    if (loose.length) {
      result.unconfirmed = 'http-route-case-sensitive';
      result.note = `${loose[0].route.routeKey} would match ignoring case`;
    }
  }
}

function matchSegments(route: ParsedRouteKey, segments: string[], ignoreCase: boolean): Candidate | undefined {
  const pattern = route.segments;
  const last = pattern[pattern.length - 1];
  const greedy = last?.kind === 'greedy';
  const fixed = greedy ? pattern.length - 1 : pattern.length;
  // A greedy variable needs at least one segment (http-route-greedy-empty).
  if (greedy ? segments.length < pattern.length : segments.length !== pattern.length) return undefined;
  const params: Record<string, string> = {};
  const rank: number[] = [];
  for (let i = 0; i < fixed; i++) {
    const p = pattern[i];
    const s = segments[i];
    if (p.kind === 'literal') {
      if (ignoreCase ? p.value.toLowerCase() !== s.toLowerCase() : p.value !== s) return undefined;
      rank.push(2);
    } else {
      // A variable needs a non-empty segment.
      if (s === '') return undefined;
      params[p.name] = s;
      rank.push(1);
    }
  }
  if (greedy) {
    params[(last as { name: string }).name] = segments.slice(fixed).join('/');
    rank.push(0);
  }
  return { route, rank, greedy, params };
}
