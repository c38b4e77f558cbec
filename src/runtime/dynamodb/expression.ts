/**
 * DynamoDB expressions: condition/filter/key-condition expressions and projection expressions,
 * with `#name` and `:value` placeholders (DynamoDB DG: Expressions.OperatorsAndFunctions,
 * Expressions.ProjectionExpressions, Expressions.ExpressionAttributeNames/Values).
 *
 * Grammar (condition): comparisons `= <> < <= > >=`, `BETWEEN … AND …`, `IN (…)`, `AND`, `OR`,
 * `NOT`, parentheses, and the functions attribute_exists, attribute_not_exists, attribute_type,
 * begins_with, contains, size. Paths are names, `#placeholders`, `a.b` and `a[0]`.
 */
import { avCompare, avEquals, avType, validation, type AttributeMap, type AttributeValue } from './attribute-value';

export type PathElement = { kind: 'name'; name: string } | { kind: 'index'; index: number };
export type Path = PathElement[];

export type Operand =
  { kind: 'path'; path: Path } | { kind: 'value'; placeholder: string } | { kind: 'size'; path: Path };

export type Comparator = '=' | '<>' | '<' | '<=' | '>' | '>=';

export type Condition =
  | { kind: 'compare'; op: Comparator; left: Operand; right: Operand }
  | { kind: 'between'; value: Operand; low: Operand; high: Operand }
  | { kind: 'in'; value: Operand; list: Operand[] }
  | { kind: 'and' | 'or'; left: Condition; right: Condition }
  | { kind: 'not'; operand: Condition }
  | { kind: 'function'; name: 'attribute_exists' | 'attribute_not_exists'; path: Path }
  | { kind: 'function'; name: 'attribute_type' | 'begins_with' | 'contains'; path: Path; arg: Operand };

/** The placeholders of one request, and which of them the expressions used. */
export class ExpressionContext {
  readonly usedNames = new Set<string>();
  readonly usedValues = new Set<string>();

  constructor(
    readonly names: Readonly<Record<string, string>> = {},
    readonly values: Readonly<Record<string, AttributeValue>> = {},
  ) {}

  name(placeholder: string): string {
    const n = this.names[placeholder];
    if (n === undefined) {
      throw validation(
        `Invalid expression: An expression attribute name used in the document path is not defined; attribute name: ${placeholder}`,
      );
    }
    this.usedNames.add(placeholder);
    return n;
  }

  value(placeholder: string): AttributeValue {
    const v = this.values[placeholder];
    if (v === undefined) {
      throw validation(
        `Invalid expression: An expression attribute value used in expression is not defined; attribute value: ${placeholder}`,
      );
    }
    this.usedValues.add(placeholder);
    return v;
  }

  /** DynamoDB rejects placeholders that no expression of the request used. */
  assertAllUsed(): void {
    const unusedNames = Object.keys(this.names).filter((n) => !this.usedNames.has(n));
    if (unusedNames.length) {
      throw validation(
        `Value provided in ExpressionAttributeNames unused in expressions: keys: {${unusedNames.join(', ')}}`,
      );
    }
    const unusedValues = Object.keys(this.values).filter((v) => !this.usedValues.has(v));
    if (unusedValues.length) {
      throw validation(
        `Value provided in ExpressionAttributeValues unused in expressions: keys: {${unusedValues.join(', ')}}`,
      );
    }
  }
}

type Token =
  | { t: 'name'; v: string; pos: number }
  | { t: 'hash'; v: string; pos: number }
  | { t: 'colon'; v: string; pos: number }
  | { t: 'num'; v: string; pos: number }
  | { t: 'op'; v: string; pos: number }
  | { t: 'end'; v: ''; pos: number };

function tokenize(src: string, what: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const rest = src.slice(i);
    const m =
      /^#[A-Za-z0-9_]+/.exec(rest) ??
      /^:[A-Za-z0-9_]+/.exec(rest) ??
      /^[A-Za-z_][A-Za-z0-9_]*/.exec(rest) ??
      /^[0-9]+/.exec(rest) ??
      /^(<>|<=|>=|[=<>(),.[\]])/.exec(rest);
    if (!m)
      throw validation(`Invalid ${what}: Syntax error; token: "${c}", near: "${src.slice(Math.max(0, i - 5), i + 5)}"`);
    const v = m[0];
    const t =
      v[0] === '#'
        ? 'hash'
        : v[0] === ':'
          ? 'colon'
          : /[A-Za-z_]/.test(v[0])
            ? 'name'
            : /[0-9]/.test(v[0])
              ? 'num'
              : 'op';
    out.push({ t, v, pos: i } as Token);
    i += v.length;
  }
  out.push({ t: 'end', v: '', pos: src.length });
  return out;
}

const FUNCTIONS = ['attribute_exists', 'attribute_not_exists', 'attribute_type', 'begins_with', 'contains', 'size'];

class Parser {
  #i = 0;
  readonly #tokens: Token[];

  constructor(
    readonly src: string,
    readonly what: string,
    readonly ctx: ExpressionContext,
  ) {
    this.#tokens = tokenize(src, what);
  }

  get #peek(): Token {
    return this.#tokens[this.#i];
  }

  #next(): Token {
    return this.#tokens[this.#i++];
  }

  #isKeyword(word: string): boolean {
    return this.#peek.t === 'name' && this.#peek.v.toUpperCase() === word;
  }

  #fail(): never {
    const tok = this.#peek;
    const near = this.src.slice(Math.max(0, tok.pos - 8), tok.pos + 8);
    throw validation(
      tok.t === 'end'
        ? `Invalid ${this.what}: Syntax error; token: "<EOF>", near: "${near}"`
        : `Invalid ${this.what}: Syntax error; token: "${tok.v}", near: "${near}"`,
    );
  }

  #expect(v: string): void {
    if (this.#peek.v !== v) this.#fail();
    this.#next();
  }

  parseCondition(): Condition {
    const c = this.#or();
    if (this.#peek.t !== 'end') this.#fail();
    return c;
  }

  parseProjection(): Path[] {
    const paths = [this.#path()];
    while (this.#peek.v === ',') {
      this.#next();
      paths.push(this.#path());
    }
    if (this.#peek.t !== 'end') this.#fail();
    return paths;
  }

  #or(): Condition {
    let left = this.#and();
    while (this.#isKeyword('OR')) {
      this.#next();
      left = { kind: 'or', left, right: this.#and() };
    }
    return left;
  }

  #and(): Condition {
    let left = this.#not();
    while (this.#isKeyword('AND')) {
      this.#next();
      left = { kind: 'and', left, right: this.#not() };
    }
    return left;
  }

  #not(): Condition {
    if (this.#isKeyword('NOT')) {
      this.#next();
      return { kind: 'not', operand: this.#not() };
    }
    return this.#primary();
  }

  #primary(): Condition {
    if (this.#peek.v === '(') {
      this.#next();
      const c = this.#or();
      this.#expect(')');
      return c;
    }
    const tok = this.#peek;
    if (tok.t === 'name' && FUNCTIONS.includes(tok.v) && this.#tokens[this.#i + 1]?.v === '(' && tok.v !== 'size') {
      this.#next();
      this.#expect('(');
      const path = this.#path();
      let cond: Condition;
      if (tok.v === 'attribute_exists' || tok.v === 'attribute_not_exists') {
        cond = { kind: 'function', name: tok.v, path };
      } else {
        this.#expect(',');
        cond = { kind: 'function', name: tok.v as 'begins_with', path, arg: this.#operand() };
      }
      this.#expect(')');
      return cond;
    }
    const left = this.#operand();
    if (this.#isKeyword('BETWEEN')) {
      this.#next();
      const low = this.#operand();
      if (!this.#isKeyword('AND')) this.#fail();
      this.#next();
      return { kind: 'between', value: left, low, high: this.#operand() };
    }
    if (this.#isKeyword('IN')) {
      this.#next();
      this.#expect('(');
      const list = [this.#operand()];
      while (this.#peek.v === ',') {
        this.#next();
        list.push(this.#operand());
      }
      this.#expect(')');
      return { kind: 'in', value: left, list };
    }
    const op = this.#peek;
    if (op.t !== 'op' || !['=', '<>', '<', '<=', '>', '>='].includes(op.v)) this.#fail();
    this.#next();
    return { kind: 'compare', op: op.v as Comparator, left, right: this.#operand() };
  }

  #operand(): Operand {
    const tok = this.#peek;
    if (tok.t === 'colon') {
      this.#next();
      this.ctx.value(tok.v);
      return { kind: 'value', placeholder: tok.v };
    }
    if (tok.t === 'name' && tok.v === 'size' && this.#tokens[this.#i + 1]?.v === '(') {
      this.#next();
      this.#expect('(');
      const path = this.#path();
      this.#expect(')');
      return { kind: 'size', path };
    }
    return { kind: 'path', path: this.#path() };
  }

  #pathName(): string {
    const tok = this.#next();
    if (tok.t === 'hash') return this.ctx.name(tok.v);
    if (tok.t === 'name') return tok.v;
    this.#i--;
    return this.#fail();
  }

  #path(): Path {
    const path: Path = [{ kind: 'name', name: this.#pathName() }];
    for (;;) {
      if (this.#peek.v === '.') {
        this.#next();
        path.push({ kind: 'name', name: this.#pathName() });
      } else if (this.#peek.v === '[') {
        this.#next();
        const n = this.#next();
        if (n.t !== 'num') this.#fail();
        this.#expect(']');
        path.push({ kind: 'index', index: Number(n.v) });
      } else {
        return path;
      }
    }
  }
}

/** Parses a condition, filter or key condition expression; placeholders are checked against `ctx`. */
export function parseCondition(src: string, ctx: ExpressionContext, what = 'ConditionExpression'): Condition {
  if (!src.trim()) throw validation(`Invalid ${what}: The expression can not be empty;`);
  return new Parser(src, what, ctx).parseCondition();
}

/** Parses a ProjectionExpression into its paths. */
export function parseProjection(src: string, ctx: ExpressionContext): Path[] {
  if (!src.trim()) throw validation('Invalid ProjectionExpression: The expression can not be empty;');
  return new Parser(src, 'ProjectionExpression', ctx).parseProjection();
}

/** Reads a document path from an item; undefined when any step is missing. */
export function getPath(item: AttributeMap, path: Path): AttributeValue | undefined {
  let cur: AttributeValue | undefined = { M: item };
  for (const el of path) {
    if (!cur) return undefined;
    if (el.kind === 'name') cur = 'M' in cur ? cur.M[el.name] : undefined;
    else cur = 'L' in cur ? cur.L[el.index] : undefined;
  }
  return cur;
}

function sizeOf(v: AttributeValue): number | undefined {
  const t = avType(v);
  const raw = (v as Record<string, unknown>)[t];
  if (t === 'S') return new TextEncoder().encode(raw as string).length;
  if (t === 'B') return (raw as Uint8Array).length;
  if (t === 'M') return Object.keys(raw as object).length;
  if (t === 'L' || t === 'SS' || t === 'NS' || t === 'BS') return (raw as unknown[]).length;
  return undefined;
}

function operandValue(o: Operand, item: AttributeMap, ctx: ExpressionContext): AttributeValue | undefined {
  if (o.kind === 'value') return ctx.value(o.placeholder);
  const v = getPath(item, o.path);
  if (o.kind === 'path') return v;
  const n = v && sizeOf(v);
  return n === undefined ? undefined : { N: String(n) };
}

/** Evaluates a parsed condition against an item, as DynamoDB does (mismatched types compare false). */
export function evaluate(c: Condition, item: AttributeMap, ctx: ExpressionContext): boolean {
  switch (c.kind) {
    case 'and':
      return evaluate(c.left, item, ctx) && evaluate(c.right, item, ctx);
    case 'or':
      return evaluate(c.left, item, ctx) || evaluate(c.right, item, ctx);
    case 'not':
      return !evaluate(c.operand, item, ctx);
    case 'compare': {
      const a = operandValue(c.left, item, ctx);
      const b = operandValue(c.right, item, ctx);
      if (!a || !b) return c.op === '<>' && (a !== undefined || b !== undefined);
      if (c.op === '=') return avEquals(a, b);
      if (c.op === '<>') return !avEquals(a, b);
      const cmp = avCompare(a, b);
      if (cmp === undefined) return false;
      return c.op === '<' ? cmp < 0 : c.op === '<=' ? cmp <= 0 : c.op === '>' ? cmp > 0 : cmp >= 0;
    }
    case 'between': {
      const v = operandValue(c.value, item, ctx);
      const lo = operandValue(c.low, item, ctx);
      const hi = operandValue(c.high, item, ctx);
      if (!v || !lo || !hi) return false;
      const a = avCompare(v, lo);
      const b = avCompare(v, hi);
      return a !== undefined && b !== undefined && a >= 0 && b <= 0;
    }
    case 'in': {
      const v = operandValue(c.value, item, ctx);
      return (
        !!v &&
        c.list.some((o) => {
          const w = operandValue(o, item, ctx);
          return !!w && avEquals(v, w);
        })
      );
    }
    case 'function': {
      const v = getPath(item, c.path);
      if (!('arg' in c)) return c.name === 'attribute_exists' ? v !== undefined : v === undefined;
      const arg = operandValue(c.arg, item, ctx);
      if (!v || !arg) return false;
      if (c.name === 'attribute_type') return 'S' in arg && avType(v) === arg.S;
      if (c.name === 'begins_with') {
        if ('S' in v && 'S' in arg) return v.S.startsWith(arg.S);
        if ('B' in v && 'B' in arg) return arg.B.every((b, i) => v.B[i] === b);
        return false;
      }
      // contains: substring of S, or member of a set or list.
      if ('S' in v) return 'S' in arg && v.S.includes(arg.S);
      if ('SS' in v) return 'S' in arg && v.SS.includes(arg.S);
      if ('NS' in v) return 'N' in arg && v.NS.some((n) => Number(n) === Number(arg.N));
      if ('L' in v) return v.L.some((x) => avEquals(x, arg));
      return false;
    }
  }
}

/** Keeps only the projected paths of an item (DynamoDB DG: Expressions.ProjectionExpressions). */
export function project(item: AttributeMap, paths: Path[]): AttributeMap {
  const out: AttributeMap = {};
  for (const path of paths) {
    const v = getPath(item, path);
    if (v === undefined) continue;
    // Rebuild the containers along the path; list elements keep their relative order.
    let target: Record<string, AttributeValue> | AttributeValue[] = out;
    for (let i = 0; i < path.length; i++) {
      const el = path[i];
      const last = i === path.length - 1;
      const nextEl = path[i + 1];
      const k = el.kind === 'name' ? el.name : el.index;
      const t = target as Record<string | number, AttributeValue>;
      if (last) {
        if (Array.isArray(target)) target.push(structuredClone(v));
        else t[k] = structuredClone(v);
        break;
      }
      let child: AttributeValue | undefined = Array.isArray(target) ? undefined : t[k];
      if (!child) {
        child = nextEl.kind === 'name' ? { M: {} } : { L: [] };
        if (Array.isArray(target)) target.push(child);
        else t[k] = child;
      }
      target = 'M' in child ? child.M : (child as { L: AttributeValue[] }).L;
    }
  }
  return out;
}
