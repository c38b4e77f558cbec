/**
 * The REST resource tree and how a request finds its method (docs/aws-behaviour.md §5.5, LS
 * handlers/resource_router.py):
 * - per path level, a static segment beats `{param}`, which beats `{proxy+}`;
 * - on a resource, an explicit method beats `ANY`; `ANY` covers DELETE GET HEAD OPTIONS
 *   PATCH POST PUT, and GET does not imply HEAD;
 * - a resource that matches the path but lacks the method falls through to a sibling
 *   `{proxy+}` (or one further up) that has it;
 * - a trailing slash is ignored for matching;
 * - nothing found is 403 Missing Authentication Token (the caller's job).
 */
import { ANY_METHODS, type RestMethodDefinition, type RestResourceDefinition } from './definition';

interface Node {
  /** The full resource path: `/`, `/pets`, `/pets/{id}`. */
  path: string;
  resourceId: string;
  methods: Partial<Record<string, RestMethodDefinition>>;
  statics: Map<string, Node>;
  param?: { name: string; node: Node };
  greedy?: { name: string; node: Node };
}

export interface ResourceMatch {
  resourcePath: string;
  resourceId: string;
  /** The method key as defined: the request's method, or `ANY`. */
  methodKey: string;
  method: RestMethodDefinition;
  /** Raw (still percent-encoded) values, as in the §5.2 capture (`test%2Balias@gmail.com`). */
  pathParameters: Record<string, string>;
  /** For the trace: how the resource was reached. */
  match: 'exact' | 'param' | 'greedy' | 'any';
}

/** `{name}` → param, `{name+}` → greedy, anything else → static. */
export function parseSegment(segment: string): { kind: 'static' | 'param' | 'greedy'; name: string } {
  const m = /^\{([^{}+]+)(\+)?\}$/.exec(segment);
  if (!m) return { kind: 'static', name: segment };
  return { kind: m[2] ? 'greedy' : 'param', name: m[1] };
}

/** The segments of a resource path (`/` has none). */
export function resourceSegments(path: string): string[] {
  return path === '/' ? [] : path.replace(/^\//, '').split('/');
}

/**
 * Splits a request path (after the stage) into segments for matching. The trailing slash is
 * ignored (LS resource_router.py strips it); inner empty segments (`a//b`) are kept, so only a
 * greedy variable can take them, as the §5.2 capture's `proxy-value//double-slash` shows.
 */
export function requestSegments(path: string): string[] {
  let p = path.startsWith('/') ? path.slice(1) : path;
  while (p.endsWith('/')) p = p.slice(0, -1);
  return p === '' ? [] : p.split('/');
}

export class ResourceTree {
  readonly #root: Node;
  readonly #byPath = new Map<string, Node>();

  /**
   * Builds the tree; parents of declared resources exist without methods, as in AWS where
   * each path part is its own resource. `newId` gives each resource its id (root first, then
   * sorted paths, so ids are stable for a seed). The definition has been validated.
   */
  constructor(resources: Record<string, RestResourceDefinition>, newId: (isRoot: boolean) => string) {
    this.#root = { path: '/', resourceId: newId(true), methods: {}, statics: new Map() };
    this.#byPath.set('/', this.#root);
    for (const path of Object.keys(resources).sort()) {
      const node = this.#ensure(path, newId);
      node.methods = { ...(resources[path].methods as Record<string, RestMethodDefinition>) };
    }
  }

  #ensure(path: string, newId: (isRoot: boolean) => string): Node {
    let node = this.#root;
    let soFar = '';
    for (const seg of resourceSegments(path)) {
      soFar += '/' + seg;
      const { kind, name } = parseSegment(seg);
      let next: Node | undefined;
      if (kind === 'static') next = node.statics.get(name);
      else if (kind === 'param') next = node.param?.name === name ? node.param.node : undefined;
      else next = node.greedy?.name === name ? node.greedy.node : undefined;
      if (!next) {
        next = { path: soFar, resourceId: newId(false), methods: {}, statics: new Map() };
        if (kind === 'static') node.statics.set(name, next);
        else if (kind === 'param') node.param = { name, node: next };
        else node.greedy = { name, node: next };
        this.#byPath.set(soFar, next);
      }
      node = next;
    }
    return node;
  }

  /** Every resource path with its id (for the UI and tests). */
  list(): { path: string; resourceId: string; methods: string[] }[] {
    return [...this.#byPath.values()]
      .map((n) => ({ path: n.path, resourceId: n.resourceId, methods: Object.keys(n.methods) }))
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  /** Finds the method for `httpMethod` on `path` (after the stage), or undefined (→ 403). */
  match(httpMethod: string, path: string): ResourceMatch | undefined {
    const method = httpMethod.toUpperCase();
    const params: Record<string, string> = {};
    const found = this.#walk(this.#root, requestSegments(path), 0, method, params, { param: false, greedy: false });
    return found;
  }

  #methodOf(node: Node, method: string): { key: string; def: RestMethodDefinition } | undefined {
    const explicit = node.methods[method];
    if (explicit) return { key: method, def: explicit };
    const any = node.methods.ANY;
    if (any && ANY_METHODS.includes(method)) return { key: 'ANY', def: any };
    return undefined;
  }

  #walk(
    node: Node,
    segs: string[],
    i: number,
    method: string,
    params: Record<string, string>,
    how: { param: boolean; greedy: boolean },
  ): ResourceMatch | undefined {
    if (i === segs.length) {
      const m = this.#methodOf(node, method);
      if (!m) return undefined;
      return {
        resourcePath: node.path,
        resourceId: node.resourceId,
        methodKey: m.key,
        method: m.def,
        pathParameters: { ...params },
        match: how.greedy ? 'greedy' : how.param ? 'param' : m.key === 'ANY' ? 'any' : 'exact',
      };
    }
    const seg = segs[i];
    const st = seg === '' ? undefined : node.statics.get(seg);
    if (st) {
      const r = this.#walk(st, segs, i + 1, method, params, how);
      if (r) return r;
    }
    if (node.param && seg !== '') {
      params[node.param.name] = seg;
      const r = this.#walk(node.param.node, segs, i + 1, method, params, { ...how, param: true });
      delete params[node.param.name];
      if (r) return r;
    }
    if (node.greedy) {
      const m = this.#methodOf(node.greedy.node, method);
      if (m) {
        return {
          resourcePath: node.greedy.node.path,
          resourceId: node.greedy.node.resourceId,
          methodKey: m.key,
          method: m.def,
          pathParameters: { ...params, [node.greedy.name]: segs.slice(i).join('/') },
          match: 'greedy',
        };
      }
    }
    return undefined;
  }
}
