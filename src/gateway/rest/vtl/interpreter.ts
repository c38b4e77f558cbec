/**
 * Renders a parsed mapping template (./ast.ts) against a context (./context.ts), the way API
 * Gateway's Velocity 1.7 does (DG api-gateway-mapping-template-reference). A tree walk over data:
 * method calls reach only a fixed list of Java methods we implement (on strings, lists, maps,
 * `$input` and `$util`), never a JavaScript property or function by name.
 *
 * Values follow Java's shapes: strings, numbers, booleans, null, lists (arrays) and maps (plain
 * objects, own keys only). Lists from JSON (`$input.path`, `$util.parseJson`) print as JSON, as
 * json-smart's JSONArray does; lists made in the template (`[1, 2]`, `keySet()`) and every map
 * print Java's way (`[1, 2]`, `{a=1, b=x}`) (LocalStack template_mapping.py, VTLJsonList/VTLMap).
 */
import { compileJsonPath } from '../../jsonpath';
import type { Expr, Reference, TemplateNode, VtlTemplate } from './ast';
import { cloneJson, type VtlContext } from './context';
import { compileSafeRegex, expandJavaReplacement, javaSplit } from './regex';
import { base64Decode, base64Encode, escapeJavaScript, urlDecode, urlEncode, VtlUtilError } from './util';

/** API Gateway's limit: "#foreach ... 1000 iterations" (DG limits, mapping templates). */
export const MAX_FOREACH_ITERATIONS = 1000;

export interface RenderOptions {
  /**
   * How a reference with no value renders. `'empty'` (default) is what API Gateway does: the
   * serverless framework's documented LAMBDA-integration event shows `"principalId": ""` from
   * `"$context.authorizer.principalId"` with no authorizer, and `$input.path('$').missing`
   * renders as nothing (toqoz/api-gateway-mapping-template#5). `'literal'` is plain Velocity:
   * `$foo` stays `$foo`. `$!foo` renders nothing either way.
   */
  undefinedReferences?: 'empty' | 'literal';
  /** Playground guard against runaway templates (not an AWS limit): evaluation steps per render. */
  maxSteps?: number;
  /** Playground guard: characters of output, and of any string built while rendering (10 MB, the REST payload limit). */
  maxOutputChars?: number;
}

export const DEFAULT_MAX_STEPS = 1_000_000;
export const DEFAULT_MAX_OUTPUT_CHARS = 10 * 1024 * 1024;
/** `#define` blocks that render themselves recurse; deeper than this is an error. */
const MAX_BLOCK_DEPTH = 50;

/** What templates set in `$context.requestOverride` / `$context.responseOverride`. */
export interface VtlOverrides {
  request: {
    header: Record<string, string | string[]>;
    path: Record<string, string>;
    querystring: Record<string, string | string[]>;
  };
  response: { status?: number; header: Record<string, string> };
}

export class VtlRuntimeError extends Error {
  constructor(
    message: string,
    readonly at: number,
    /** A playground guard, not an AWS behaviour (rest-vtl-playground-limits). */
    readonly playgroundLimit = false,
  ) {
    super(message);
  }
}

class BreakSignal {}
class StopSignal {}

/** The `$input` object. */
class InputHost {}
/** The `$util` object. */
class UtilHost {}
/** A `#define` block: renders where it is referenced, with the variables of that moment. */
class BlockValue {
  constructor(readonly body: readonly TemplateNode[]) {}
}

type VtlMap = Record<string, unknown>;

function isMap(v: unknown): v is VtlMap {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function ownGet(m: VtlMap, key: string): unknown {
  return Object.hasOwn(m, key) ? m[key] : undefined;
}

/** Own-property write that cannot reach `__proto__` or setters. */
function ownSet(m: VtlMap, key: string, value: unknown): void {
  Object.defineProperty(m, key, { value, writable: true, enumerable: true, configurable: true });
}

function newMap(): VtlMap {
  return {};
}

/** An output buffer that refuses to grow past the limit. */
class Buffer {
  parts: string[] = [];
  length = 0;
  constructor(
    private readonly max: number,
    private readonly at: () => number,
  ) {}
  add(s: string): void {
    if (!s) return;
    this.length += s.length;
    if (this.length > this.max) {
      throw new VtlRuntimeError(
        `the template's output would exceed ${this.max} characters (playground limit)`,
        this.at(),
        true,
      );
    }
    this.parts.push(s);
  }
  toString(): string {
    return this.parts.join('');
  }
}

export class Renderer {
  readonly #ctx: VtlContext;
  readonly #vars = new Map<string, unknown>();
  readonly #javaLists = new WeakSet<object>();
  readonly #input = new InputHost();
  readonly #util = new UtilHost();
  readonly #context: VtlMap;
  readonly #stageVariables: VtlMap;
  readonly #params: VtlMap;
  readonly #literal: boolean;
  readonly #maxSteps: number;
  readonly #maxChars: number;
  #json: { value: unknown } | undefined;
  /** Set when the output depends on a choice no public source confirms (rest-vtl-edge-cases). */
  #unconfirmed = false;
  #steps = 0;
  #blockDepth = 0;
  /** Offset of the node being evaluated, for errors raised deep inside. */
  #at = 0;

  constructor(ctx: VtlContext, options: RenderOptions = {}) {
    this.#ctx = ctx;
    this.#literal = options.undefinedReferences === 'literal';
    this.#maxSteps = options.maxSteps ?? DEFAULT_MAX_STEPS;
    this.#maxChars = options.maxOutputChars ?? DEFAULT_MAX_OUTPUT_CHARS;
    this.#context = cloneJson(ctx.context) as VtlMap;
    this.#stageVariables = cloneJson(ctx.stageVariables) as VtlMap;
    // The DG's "pass all parameters" example lists path, header, querystring in that order.
    this.#params = cloneJson({
      path: ctx.params.path,
      header: ctx.params.header,
      querystring: ctx.params.querystring,
    }) as VtlMap;
  }

  render(template: VtlTemplate): string {
    const out = new Buffer(this.#maxChars, () => this.#at);
    try {
      this.#renderNodes(template.nodes, out);
    } catch (e) {
      if (!(e instanceof StopSignal) && !(e instanceof BreakSignal)) throw e;
    }
    return out.toString();
  }

  /** Whether this render used a behaviour no public source confirms (KNOWN_DIFFERENCES rest-vtl-edge-cases). */
  get usedUnconfirmed(): boolean {
    return this.#unconfirmed;
  }

  /** What the template set in `$context.requestOverride` and `$context.responseOverride`. */
  overrides(): VtlOverrides {
    const req = isMap(this.#context.requestOverride) ? this.#context.requestOverride : newMap();
    const res = isMap(this.#context.responseOverride) ? this.#context.responseOverride : newMap();
    const strings = (m: unknown, allowLists: boolean) => {
      const out: Record<string, string | string[]> = {};
      if (!isMap(m)) return out;
      for (const [k, v] of Object.entries(m)) {
        if (v == null) continue;
        out[k] = allowLists && Array.isArray(v) ? v.map((x) => this.#str(x)) : this.#str(v);
      }
      return out;
    };
    const overrides: VtlOverrides = {
      request: {
        header: strings(req.header, true),
        path: strings(req.path, false) as Record<string, string>,
        querystring: strings(req.querystring, true),
      },
      response: { header: strings(res.header, false) as Record<string, string> },
    };
    const status = Number(typeof res.status === 'string' ? res.status.trim() : res.status);
    if (res.status != null && Number.isInteger(status)) overrides.response.status = status;
    return overrides;
  }

  #tick(at: number): void {
    this.#at = at;
    if (++this.#steps > this.#maxSteps) {
      throw new VtlRuntimeError(`the template took more than ${this.#maxSteps} steps (playground limit)`, at, true);
    }
  }

  // -------------------------------------------------------------------------------------------
  // Directives

  #renderNodes(nodes: readonly TemplateNode[], out: Buffer): void {
    for (const node of nodes) {
      switch (node.type) {
        case 'text':
          out.add(node.value);
          break;
        case 'reference': {
          this.#tick(node.ref.at);
          const v = this.#evalRef(node.ref);
          if (v == null) {
            if (!node.ref.quiet && this.#literal) out.add(node.ref.raw);
          } else out.add(this.#str(v));
          break;
        }
        case 'set':
          this.#tick(node.at);
          this.#assign(node.target, this.#eval(node.value));
          break;
        case 'if': {
          this.#tick(node.at);
          const branch = node.branches.find((b) => truthy(this.#eval(b.cond)));
          if (branch) this.#renderNodes(branch.body, out);
          else if (node.otherwise) this.#renderNodes(node.otherwise, out);
          break;
        }
        case 'foreach':
          this.#tick(node.at);
          this.#foreach(node, out);
          break;
        case 'define':
          this.#vars.set(node.name, new BlockValue(node.body));
          break;
        case 'break':
          throw new BreakSignal();
        case 'stop':
          throw new StopSignal();
      }
    }
  }

  #foreach(node: Extract<TemplateNode, { type: 'foreach' }>, out: Buffer): void {
    const source = this.#eval(node.iterable);
    // Velocity iterates a list's items and a map's values; anything else gives no iterations.
    const items = Array.isArray(source) ? source.slice() : isMap(source) ? Object.values(source) : [];
    const saved = ['foreach', 'velocityCount', 'velocityHasNext', node.variable].map(
      (name) => [name, this.#vars.has(name), this.#vars.get(name)] as const,
    );
    try {
      for (let i = 0; i < items.length; i++) {
        if (i >= MAX_FOREACH_ITERATIONS) {
          throw new VtlRuntimeError(
            `#foreach ran more than ${MAX_FOREACH_ITERATIONS} iterations (${items.length} items): API Gateway limits #foreach to ${MAX_FOREACH_ITERATIONS}`,
            node.at,
          );
        }
        this.#tick(node.at);
        const hasNext = i < items.length - 1;
        const info = newMap();
        ownSet(info, 'index', i);
        ownSet(info, 'count', i + 1);
        ownSet(info, 'hasNext', hasNext);
        ownSet(info, 'first', i === 0);
        ownSet(info, 'last', !hasNext);
        this.#vars.set('foreach', info);
        this.#vars.set('velocityCount', i + 1);
        this.#vars.set('velocityHasNext', hasNext);
        if (items[i] == null) this.#vars.delete(node.variable);
        else this.#vars.set(node.variable, items[i]);
        try {
          this.#renderNodes(node.body, out);
        } catch (e) {
          if (e instanceof BreakSignal) break;
          throw e;
        }
      }
    } finally {
      for (const [name, had, value] of saved) {
        if (had) this.#vars.set(name, value);
        else this.#vars.delete(name);
      }
    }
  }

  /**
   * `#set`. As in Velocity 1.7, a right-hand side with no value leaves the target unchanged, and
   * a target whose parent has no value is ignored.
   */
  #assign(target: Reference, value: unknown): void {
    if (value == null) return;
    if (target.steps.length === 0) {
      this.#vars.set(target.name, value);
      return;
    }
    const parent = this.#evalRef({ ...target, steps: target.steps.slice(0, -1) });
    const last = target.steps[target.steps.length - 1];
    if (last.kind === 'property') {
      if (isMap(parent)) ownSet(parent, last.name, value);
    } else if (last.kind === 'index') {
      const index = this.#eval(last.index);
      if (Array.isArray(parent) && typeof index === 'number' && Number.isInteger(index)) {
        if (index < 0 || index >= parent.length) {
          throw new VtlRuntimeError(`index ${index} is out of bounds for a list of ${parent.length}`, last.at);
        }
        parent[index] = value;
      } else if (isMap(parent) && index != null) ownSet(parent, this.#str(index), value);
    }
  }

  // -------------------------------------------------------------------------------------------
  // References

  #lookup(name: string): unknown {
    if (this.#vars.has(name)) return this.#vars.get(name);
    switch (name) {
      case 'input':
        return this.#input;
      case 'util':
        return this.#util;
      case 'context':
        return this.#context;
      case 'stageVariables':
        return this.#stageVariables;
      default:
        return undefined;
    }
  }

  #evalRef(ref: Reference): unknown {
    let v = this.#lookup(ref.name);
    for (const step of ref.steps) {
      if (v == null) return undefined;
      this.#tick(step.at);
      if (v instanceof BlockValue && step.kind === 'call') v = this.#renderBlock(v);
      if (step.kind === 'property') v = this.#property(v, step.name);
      else if (step.kind === 'index') v = this.#index(v, this.#eval(step.index));
      else {
        const args = step.args.map((a) => this.#eval(a));
        v = this.#call(v, step.name, args, step.at);
      }
    }
    return v;
  }

  #property(target: unknown, name: string): unknown {
    if (target instanceof InputHost) return name === 'body' ? this.#ctx.body : undefined;
    // A Java Map answers `$map.key` with get("key") (Velocity's MapGetExecutor).
    if (isMap(target)) return ownGet(target, name);
    return undefined;
  }

  #index(target: unknown, index: unknown): unknown {
    if (Array.isArray(target)) {
      return typeof index === 'number' && Number.isInteger(index) && index >= 0 && index < target.length
        ? target[index]
        : undefined;
    }
    if (isMap(target) && index != null) return ownGet(target, this.#str(index));
    return undefined;
  }

  /**
   * A method call. An unknown method, or known with arguments of the wrong number, has no value
   * (Velocity finds no method and leaves the reference unrendered; API Gateway logs no error,
   * per AWS re:Post "aws-api-gateway-integration-response-calculate-hmac-hash").
   */
  #call(target: unknown, name: string, args: unknown[], at: number): unknown {
    try {
      if (target instanceof UtilHost) return this.#utilCall(name, args, at);
      if (target instanceof InputHost) return this.#inputCall(name, args, at);
      if (typeof target === 'string') return this.#stringCall(target, name, args, at);
      if (Array.isArray(target)) return this.#listCall(target, name, args, at);
      if (isMap(target)) return this.#mapCall(target, name, args);
      if (typeof target === 'number') {
        if (name === 'toString' && args.length === 0) return this.#str(target);
        if (name === 'intValue' || name === 'longValue') return args.length === 0 ? Math.trunc(target) : undefined;
        if (name === 'doubleValue' && args.length === 0) return target;
        return undefined;
      }
      if (typeof target === 'boolean' && name === 'toString' && args.length === 0) return String(target);
      return undefined;
    } catch (e) {
      if (e instanceof VtlUtilError) throw new VtlRuntimeError(e.message, at);
      throw e;
    }
  }

  /** `$util.*` (DG api-gateway-mapping-template-reference, "$util variables"). */
  #utilCall(name: string, args: unknown[], at: number): unknown {
    if (args.length !== 1) return undefined;
    const [arg] = args;
    if (arg == null) return undefined;
    const s = this.#str(arg);
    switch (name) {
      case 'escapeJavaScript':
        return escapeJavaScript(s);
      case 'parseJson':
        try {
          return JSON.parse(s);
        } catch (e) {
          throw new VtlRuntimeError(`$util.parseJson: the text is not valid JSON (${(e as Error).message})`, at);
        }
      case 'urlEncode':
        return urlEncode(s);
      case 'urlDecode':
        return urlDecode(s);
      case 'base64Encode':
        return base64Encode(s);
      case 'base64Decode':
        return base64Decode(s);
      default:
        return undefined;
    }
  }

  /** `$input.*` (DG api-gateway-mapping-template-reference, "$input variables"). */
  #inputCall(name: string, args: unknown[], at: number): unknown {
    switch (name) {
      case 'params': {
        if (args.length === 0) return this.#params;
        if (args.length !== 1 || args[0] == null) return undefined;
        // "from the path, query string, or header value (searched in that order)"; a parameter
        // that is not there is '' (LocalStack template_mapping.py; header names ignore case).
        const key = this.#str(args[0]);
        for (const where of ['path', 'querystring'] as const) {
          const v = ownGet(this.#ctx.params[where], key);
          if (v != null && v !== '') return v;
        }
        const lower = key.toLowerCase();
        for (const [k, v] of Object.entries(this.#ctx.params.header)) {
          if (k.toLowerCase() === lower && v != null && v !== '') {
            if (k !== key) this.#unconfirmed = true;
            return v;
          }
        }
        return '';
      }
      case 'json':
      case 'path': {
        if (args.length !== 1) return undefined;
        const expr = args[0] == null ? '$' : this.#str(args[0]) || '$';
        const compiled = compileJsonPath(expr);
        if (!compiled.ok) {
          throw new VtlRuntimeError(`$input.${name}('${expr}'): invalid JSONPath: ${compiled.error.message}`, at);
        }
        const matches = compiled.path.select(this.#jsonRoot(at));
        if (name === 'path') return compiled.path.definite ? matches[0] : matches;
        if (!compiled.path.definite) return JSON.stringify(matches);
        // A definite path that matches nothing gives "" (UNCONFIRMED: rest-vtl-edge-cases).
        if (matches.length > 0) return JSON.stringify(matches[0]);
        this.#unconfirmed = true;
        return '""';
      }
      default:
        return undefined;
    }
  }

  /**
   * The payload as JSON, parsed on first use. An empty payload reads as `{}` (the serverless
   * framework's documented LAMBDA event has `"body": {}` for a GET; LocalStack does the same).
   */
  #jsonRoot(at: number): unknown {
    if (!this.#json) {
      if (this.#ctx.jsonPathRoot !== undefined) this.#json = { value: cloneJson(this.#ctx.jsonPathRoot) };
      else if (this.#ctx.body.trim() === '') this.#json = { value: newMap() };
      else {
        try {
          this.#json = { value: JSON.parse(this.#ctx.body) };
        } catch (e) {
          throw new VtlRuntimeError(
            `the payload is not valid JSON, so $input.json/$input.path cannot read it (${(e as Error).message})`,
            at,
          );
        }
      }
    }
    return this.#json.value;
  }

  /** The Java String methods templates use. */
  #stringCall(s: string, name: string, args: unknown[], at: number): unknown {
    const a = args.map((x) => (x == null ? x : this.#str(x)));
    const n = (x: unknown) => (typeof x === 'number' && Number.isInteger(x) ? x : undefined);
    const regex = (pattern: string, global: boolean) => {
      const r = compileSafeRegex(pattern, 'java', global);
      if (!r.ok) throw new VtlRuntimeError(`.${name}(): ${r.message}`, at, true);
      return r.regex;
    };
    const bounds = (i: number | undefined) => {
      if (i === undefined || i < 0 || i > s.length) {
        throw new VtlRuntimeError(
          `.${name}(): index ${String(args[0])} is out of range for a string of length ${s.length}`,
          at,
        );
      }
      return i;
    };
    if (a.some((x) => x == null) && name !== 'equals') return undefined;
    switch (`${name}/${args.length}`) {
      case 'length/0':
        return s.length;
      case 'isEmpty/0':
        return s.length === 0;
      case 'trim/0':
        return javaTrim(s);
      case 'toLowerCase/0':
        return s.toLowerCase();
      case 'toUpperCase/0':
        return s.toUpperCase();
      case 'toString/0':
        return s;
      case 'contains/1':
        return s.includes(a[0] as string);
      case 'startsWith/1':
        return s.startsWith(a[0] as string);
      case 'endsWith/1':
        return s.endsWith(a[0] as string);
      case 'equals/1':
        return typeof args[0] === 'string' && s === args[0];
      case 'equalsIgnoreCase/1':
        return s.toLowerCase() === (a[0] as string).toLowerCase();
      case 'concat/1':
        return s + (a[0] as string);
      case 'indexOf/1':
        return s.indexOf(a[0] as string);
      case 'indexOf/2':
        return s.indexOf(a[0] as string, n(args[1]) ?? 0);
      case 'lastIndexOf/1':
        return s.lastIndexOf(a[0] as string);
      case 'charAt/1': {
        const i = n(args[0]);
        if (i === undefined || i < 0 || i >= s.length) bounds(-1);
        return s[i!];
      }
      case 'substring/1':
        return s.slice(bounds(n(args[0])));
      case 'substring/2': {
        const from = bounds(n(args[0]));
        const to = n(args[1]);
        if (to === undefined || to < from || to > s.length) {
          throw new VtlRuntimeError(
            `.substring(): end ${String(args[1])} is out of range (begin ${from}, length ${s.length})`,
            at,
          );
        }
        return s.slice(from, to);
      }
      case 'replace/2':
        return s.split(a[0] as string).join(a[1] as string);
      case 'replaceAll/2':
      case 'replaceFirst/2': {
        const re = regex(a[0] as string, name === 'replaceAll');
        try {
          return s.replace(re, (...m: unknown[]) => {
            const last = m[m.length - 1];
            const named =
              typeof last === 'object' && last !== null ? (last as Record<string, string | undefined>) : undefined;
            const groups = m.slice(0, named ? -3 : -2) as (string | undefined)[];
            return expandJavaReplacement(a[1] as string, groups, named);
          });
        } catch (e) {
          if (e instanceof VtlRuntimeError) throw e;
          throw new VtlRuntimeError(`.${name}(): ${(e as Error).message} in the replacement "${a[1]}"`, at);
        }
      }
      case 'split/1': {
        const list = javaSplit(s, regex(a[0] as string, false));
        this.#javaLists.add(list);
        return list;
      }
      case 'matches/1': {
        const r = compileSafeRegex(`(?:${a[0] as string})`, 'java');
        if (!r.ok) throw new VtlRuntimeError(`.matches(): ${r.message}`, at, true);
        const m = r.regex.exec(s);
        return m !== null && m.index === 0 && m[0].length === s.length;
      }
      default:
        return undefined;
    }
  }

  /** The java.util.List methods templates use (JSON arrays and template lists alike). */
  #listCall(list: unknown[], name: string, args: unknown[], at: number): unknown {
    const index = (x: unknown) => {
      if (typeof x !== 'number' || !Number.isInteger(x) || x < 0 || x >= list.length) {
        throw new VtlRuntimeError(`.${name}(): index ${String(x)} is out of bounds for a list of ${list.length}`, at);
      }
      return x;
    };
    switch (`${name}/${args.length}`) {
      // DG api-gateway-mapping-template-reference: "$input.path('$.pets').count() would return "3"".
      case 'size/0':
      case 'count/0':
        return list.length;
      case 'isEmpty/0':
        return list.length === 0;
      case 'get/1':
        return list[index(args[0])];
      case 'contains/1':
        return list.some((x) => this.#equals(x, args[0]));
      case 'indexOf/1':
        return list.findIndex((x) => this.#equals(x, args[0]));
      case 'add/1':
        list.push(args[0]);
        return true;
      case 'set/2': {
        const i = index(args[0]);
        const old = list[i];
        list[i] = args[1];
        return old;
      }
      case 'remove/1':
        return list.splice(index(args[0]), 1)[0];
      case 'toString/0':
        return this.#str(list);
      default:
        return undefined;
    }
  }

  /** The java.util.Map methods templates use. */
  #mapCall(map: VtlMap, name: string, args: unknown[]): unknown {
    const key = (x: unknown) => (x == null ? '' : this.#str(x));
    switch (`${name}/${args.length}`) {
      case 'get/1':
        return ownGet(map, key(args[0]));
      case 'containsKey/1':
        return Object.hasOwn(map, key(args[0]));
      case 'containsValue/1':
        return Object.values(map).some((v) => this.#equals(v, args[0]));
      case 'put/2': {
        const k = key(args[0]);
        const old = ownGet(map, k);
        ownSet(map, k, args[1]);
        return old;
      }
      case 'remove/1': {
        const k = key(args[0]);
        const old = ownGet(map, k);
        delete map[k];
        return old;
      }
      case 'size/0':
        return Object.keys(map).length;
      case 'isEmpty/0':
        return Object.keys(map).length === 0;
      case 'keySet/0':
        return this.#javaList(Object.keys(map));
      case 'values/0':
        return this.#javaList(Object.values(map));
      case 'entrySet/0':
        return this.#javaList(
          Object.entries(map).map(([k, v]) => {
            const e = newMap();
            ownSet(e, 'key', k);
            ownSet(e, 'value', v);
            return e;
          }),
        );
      case 'toString/0':
        return this.#str(map);
      default:
        return undefined;
    }
  }

  #javaList(items: unknown[]): unknown[] {
    this.#javaLists.add(items);
    return items;
  }

  #renderBlock(block: BlockValue): string {
    if (++this.#blockDepth > MAX_BLOCK_DEPTH) {
      throw new VtlRuntimeError(
        `a #define block referenced itself more than ${MAX_BLOCK_DEPTH} levels deep`,
        this.#at,
        true,
      );
    }
    const out = new Buffer(this.#maxChars, () => this.#at);
    try {
      this.#renderNodes(block.body, out);
    } finally {
      this.#blockDepth--;
    }
    return out.toString();
  }

  // -------------------------------------------------------------------------------------------
  // Expressions

  #eval(e: Expr): unknown {
    this.#tick(e.at);
    switch (e.type) {
      case 'literal':
        return e.value;
      case 'interpolated': {
        const out = new Buffer(this.#maxChars, () => this.#at);
        this.#renderNodes(e.parts, out);
        return out.toString();
      }
      case 'list':
        return this.#javaList(e.items.map((x) => this.#eval(x)));
      case 'range': {
        const from = this.#eval(e.from);
        const to = this.#eval(e.to);
        const a = typeof from === 'number' ? from : Number(from);
        const b = typeof to === 'number' ? to : Number(to);
        if (!Number.isInteger(a) || !Number.isInteger(b)) return undefined;
        if (Math.abs(b - a) >= 100_000)
          throw new VtlRuntimeError('a range of more than 100000 numbers (playground limit)', e.at, true);
        const items: number[] = [];
        for (let i = a; a <= b ? i <= b : i >= b; i += a <= b ? 1 : -1) items.push(i);
        return this.#javaList(items);
      }
      case 'map': {
        const m = newMap();
        for (const [k, v] of e.entries) {
          const key = this.#eval(k);
          ownSet(m, key == null ? 'null' : this.#str(key), this.#eval(v));
        }
        return m;
      }
      case 'ref':
        return this.#evalRef(e.ref);
      case 'not':
        return !truthy(this.#eval(e.operand));
      case 'negate': {
        const v = this.#eval(e.operand);
        return typeof v === 'number' ? -v : undefined;
      }
      case 'binary':
        return this.#binary(e);
    }
  }

  #binary(e: Extract<Expr, { type: 'binary' }>): unknown {
    if (e.op === '&&') return truthy(this.#eval(e.left)) && truthy(this.#eval(e.right));
    if (e.op === '||') return truthy(this.#eval(e.left)) || truthy(this.#eval(e.right));
    const a = this.#eval(e.left);
    const b = this.#eval(e.right);
    switch (e.op) {
      case '==':
        return this.#equals(a, b);
      case '!=':
        return !this.#equals(a, b);
      case '<':
      case '>':
      case '<=':
      case '>=':
        // Velocity 1.7 compares numbers only; anything else logs an error and is false.
        if (typeof a !== 'number' || typeof b !== 'number') return false;
        return e.op === '<' ? a < b : e.op === '>' ? a > b : e.op === '<=' ? a <= b : a >= b;
      case '+':
        if (typeof a === 'number' && typeof b === 'number') return a + b;
        if (a == null || b == null) return undefined;
        if (typeof a === 'string' || typeof b === 'string') {
          const s = this.#str(a) + this.#str(b);
          if (s.length > this.#maxChars) {
            throw new VtlRuntimeError(
              `a string longer than ${this.#maxChars} characters (playground limit)`,
              e.at,
              true,
            );
          }
          return s;
        }
        return undefined;
      case '-':
      case '*':
      case '/':
      case '%': {
        if (typeof a !== 'number' || typeof b !== 'number') return undefined;
        if (e.op === '-') return a - b;
        if (e.op === '*') return a * b;
        if (b === 0) return undefined; // Velocity logs "division by zero" and gives null
        const ints = Number.isInteger(a) && Number.isInteger(b);
        if (e.op === '/') return ints ? Math.trunc(a / b) : a / b;
        return a % b;
      }
    }
  }

  /**
   * Velocity 1.7 `==`: numbers by value; same kinds by Java equals (deep for lists and maps);
   * different kinds by their string forms (so `"1" == 1`). Null equals only null.
   */
  #equals(a: unknown, b: unknown): boolean {
    if (a == null || b == null) return a == null && b == null;
    if (typeof a === typeof b && typeof a !== 'object') return a === b;
    if (typeof a === 'object' && typeof b === 'object') return this.#deepEquals(a, b, 0);
    return this.#str(a) === this.#str(b);
  }

  #deepEquals(a: unknown, b: unknown, depth: number): boolean {
    if (a === b) return true;
    if (depth > 100) return false;
    if (Array.isArray(a) && Array.isArray(b)) {
      return a.length === b.length && a.every((x, i) => this.#deepEquals(x, b[i], depth + 1));
    }
    if (isMap(a) && isMap(b)) {
      const ka = Object.keys(a);
      return (
        ka.length === Object.keys(b).length &&
        ka.every((k) => Object.hasOwn(b, k) && this.#deepEquals(a[k], b[k], depth + 1))
      );
    }
    if (a instanceof BlockValue || b instanceof BlockValue) return this.#str(a) === this.#str(b);
    return false;
  }

  // -------------------------------------------------------------------------------------------
  // Rendering values as text

  /** A value as Velocity prints it (Java's toString of the object). */
  #str(v: unknown): string {
    if (typeof v === 'string') return v;
    if (typeof v === 'number') return javaNumber(v);
    if (typeof v === 'boolean') return String(v);
    if (v == null) return '';
    if (v instanceof BlockValue) return this.#renderBlock(v);
    if (v instanceof InputHost) return '$input';
    if (v instanceof UtilHost) return '$util';
    if (Array.isArray(v)) {
      if (this.#javaLists.has(v)) return '[' + v.map((x) => this.#element(x)).join(', ') + ']';
      return this.#jsonText(v);
    }
    if (isMap(v))
      return (
        '{' +
        Object.entries(v)
          .map(([k, x]) => `${k}=${this.#element(x)}`)
          .join(', ') +
        '}'
      );
    return '';
  }

  /** An element inside a printed list or map: Java prints null as "null". */
  #element(v: unknown): string {
    return v == null ? 'null' : this.#str(v);
  }

  /** JSON text (json-smart's compact form), for lists that came from JSON. */
  #jsonText(v: unknown): string {
    return JSON.stringify(v, (_k, x: unknown) => {
      if (x instanceof BlockValue || x instanceof InputHost || x instanceof UtilHost) return this.#str(x);
      return x;
    });
  }
}

/** Java's `String.trim()`: strips every character up to U+0020 (control characters too) at both ends. */
function javaTrim(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && s.charCodeAt(start) <= 0x20) start++;
  while (end > start && s.charCodeAt(end - 1) <= 0x20) end--;
  return s.slice(start, end);
}

function truthy(v: unknown): boolean {
  // Velocity 1.7: null and false are false; everything else, even "" and 0, is true.
  return v != null && v !== false;
}

/**
 * Java's `String.valueOf` for the numbers JSON gives: integers without ".0", NaN/Infinity by name.
 * JavaScript has one number type, so a JSON `1.0` (a Java Double, printed "1.0") prints "1" here,
 * and `7.0 / 2` divides as integers.
 */
function javaNumber(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? 'Infinity' : '-Infinity';
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return n.toFixed(0);
  return String(n);
}
