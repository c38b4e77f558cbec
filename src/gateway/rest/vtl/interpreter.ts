/**
 * Renders a parsed mapping template (./ast.ts) against a context (./context.ts), the way API
 * Gateway's Velocity 1.7 does (DG api-gateway-mapping-template-reference). A tree walk over data:
 * directives, references and expressions here; method calls reach only a fixed list of Java
 * methods we implement (./java-methods.ts on strings, lists and maps, ./bindings.ts for `$input`
 * and `$util`), never a JavaScript property or function by name.
 *
 * Values follow Java's shapes (./values.ts). Lists from JSON (`$input.path`, `$util.parseJson`)
 * print as JSON, as json-smart's JSONArray does; lists made in the template (`[1, 2]`,
 * `keySet()`) and every map print Java's way (`[1, 2]`, `{a=1, b=x}`) (LocalStack
 * template_mapping.py, VTLJsonList/VTLMap).
 */
import type { Expr, Reference, TemplateNode, VtlTemplate } from './ast';
import { InputBinding, UtilBinding } from './bindings';
import { cloneJson, type VtlContext } from './context';
import { javaCall } from './java-methods';
import { VtlUtilError } from './util';
import {
  BlockValue,
  OutputBuffer,
  VtlRuntimeError,
  isMap,
  javaNumber,
  newMap,
  ownGet,
  ownSet,
  truthy,
  type JavaRuntime,
  type VtlMap,
} from './values';

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

class BreakSignal {}
class StopSignal {}

export class Renderer {
  readonly #vars = new Map<string, unknown>();
  readonly #javaLists = new WeakSet<object>();
  readonly #input: InputBinding;
  readonly #util = new UtilBinding();
  /** Java's toString and equals, for the method implementations and bindings. */
  readonly #rt: JavaRuntime = {
    str: (v) => this.#str(v),
    equals: (a, b) => this.#equals(a, b),
    javaList: (items) => this.#javaList(items),
  };
  readonly #context: VtlMap;
  readonly #stageVariables: VtlMap;
  readonly #literal: boolean;
  readonly #maxSteps: number;
  readonly #maxChars: number;
  #steps = 0;
  #blockDepth = 0;
  /** Set when a condition or `==` met an empty string where Velocity releases differ (rest-vtl-null-empty). */
  #nullEmpty = false;
  /** The `$context.requestOverride.*` / `responseOverride.*` parameters this render has set. */
  readonly #overridden = new Set<string>();
  /** Offset of the node being evaluated, for errors raised deep inside. */
  #at = 0;

  constructor(ctx: VtlContext, options: RenderOptions = {}) {
    this.#input = new InputBinding(ctx);
    this.#literal = options.undefinedReferences === 'literal';
    this.#maxSteps = options.maxSteps ?? DEFAULT_MAX_STEPS;
    this.#maxChars = options.maxOutputChars ?? DEFAULT_MAX_OUTPUT_CHARS;
    this.#context = cloneJson(ctx.context) as VtlMap;
    this.#stageVariables = cloneJson(ctx.stageVariables) as VtlMap;
  }

  render(template: VtlTemplate): string {
    const out = new OutputBuffer(this.#maxChars, () => this.#at);
    try {
      this.#renderNodes(template.nodes, out);
    } catch (e) {
      if (!(e instanceof StopSignal) && !(e instanceof BreakSignal)) throw e;
    }
    return out.toString();
  }

  /** Whether this render used a behaviour no public source confirms (KNOWN_DIFFERENCES rest-vtl-edge-cases). */
  get usedUnconfirmed(): boolean {
    return this.#input.usedUnconfirmed;
  }

  /** Whether the output depends on Velocity 1.7's reading of empty and null values (rest-vtl-null-empty). */
  get usedNullEmpty(): boolean {
    return this.#nullEmpty;
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

  #renderNodes(nodes: readonly TemplateNode[], out: OutputBuffer): void {
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
          const branch = node.branches.find((b) => this.#condition(this.#eval(b.cond)));
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

  #foreach(node: Extract<TemplateNode, { type: 'foreach' }>, out: OutputBuffer): void {
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
    this.#checkOverride(target);
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

  /**
   * "Overrides are final. An override may only be applied to each parameter once. If you try to
   * override the same parameter multiple times, API Gateway returns a 5XX response" (DG
   * apigateway-override-request-response-parameters): a second `#set` of the same
   * `$context.requestOverride.*` or `$context.responseOverride.*` parameter fails the render.
   */
  #checkOverride(target: Reference): void {
    if (target.name !== 'context' || target.steps.length < 2) return;
    const names: string[] = [];
    for (const step of target.steps) {
      if (step.kind !== 'property') return;
      names.push(step.name);
    }
    if (names[0] !== 'requestOverride' && names[0] !== 'responseOverride') return;
    const key = names.join('.');
    if (this.#overridden.has(key)) {
      throw new VtlRuntimeError(
        `$context.${key} is overridden a second time: overrides are final, set it once (API Gateway answers 5XX)`,
        target.at,
      );
    }
    this.#overridden.add(key);
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
    if (target instanceof InputBinding) return target.property(name);
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
      if (target instanceof UtilBinding) return target.call(this.#rt, name, args, at);
      if (target instanceof InputBinding) return target.call(this.#rt, name, args, at);
      return javaCall(this.#rt, target, name, args, at);
    } catch (e) {
      if (e instanceof VtlUtilError) throw new VtlRuntimeError(e.message, at);
      throw e;
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
    const out = new OutputBuffer(this.#maxChars, () => this.#at);
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
        const out = new OutputBuffer(this.#maxChars, () => this.#at);
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

  /** `#if`'s test: Velocity 1.7 truthiness; an empty string (true in 1.7, false in 2.x) is noted. */
  #condition(v: unknown): boolean {
    if (v === '') this.#nullEmpty = true;
    return truthy(v);
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
    if ((a == null && b === '') || (a === '' && b == null)) this.#nullEmpty = true;
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
    if (v instanceof InputBinding) return '$input';
    if (v instanceof UtilBinding) return '$util';
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
      if (x instanceof BlockValue || x instanceof InputBinding || x instanceof UtilBinding) return this.#str(x);
      return x;
    });
  }
}
