/**
 * Parser for API Gateway mapping templates: the Velocity 1.7 subset they use (DG
 * api-gateway-mapping-template-reference; DG models-mappings). Recursive descent straight over
 * the source; the result is plain data (./ast.ts) and nothing is ever evaluated as JavaScript.
 *
 * Whitespace follows Velocity 1.7 (the version API Gateway runs): a directive's closing `)`,
 * `#else` and `#end` swallow the rest of their line when only spaces or tabs follow, and `#set`
 * also swallows the spaces before it. `##` comments swallow their line end; `#* *#` do not.
 */
import type { BinaryOp, Expr, Reference, Step, TemplateNode, VtlError, VtlTemplate } from './ast';

/** A syntax error at a UTF-16 offset of the source. */
export class VtlSyntaxError extends Error {
  constructor(
    message: string,
    readonly at: number,
    /** Refused by the playground (nesting depth, unsupported directive), not by Velocity. */
    readonly playgroundLimit = false,
  ) {
    super(message);
  }
}

/** Directives the parser knows. Others written as `#name(` are an error; `#name` alone is text. */
const UNSUPPORTED = new Set(['macro', 'parse', 'include', 'evaluate']);
/** Deeper nesting than this is refused, so a hostile template cannot overflow the stack. */
const MAX_DEPTH = 100;

type Owner = 'top' | 'if' | 'else' | 'foreach' | 'define';
type Terminator =
  | { kind: 'eof' }
  | { kind: 'end'; at: number }
  | { kind: 'else'; at: number }
  | { kind: 'elseif'; at: number; cond: Expr };

/**
 * Parses a mapping template. Errors point at the line and column where the problem starts (for
 * an unclosed `#if`/`#foreach`, at that directive).
 */
export function parseVtl(
  source: string,
): { ok: true; template: VtlTemplate } | { ok: false; error: VtlError; playgroundLimit: boolean } {
  try {
    const nodes = new Parser(source, 0, source.length, false, 0).parseAll();
    return { ok: true, template: { source, nodes } };
  } catch (e) {
    if (e instanceof VtlSyntaxError) {
      return { ok: false, error: positionOf(source, e.message, e.at), playgroundLimit: e.playgroundLimit };
    }
    throw e;
  }
}

/** Turns an offset into a 1-based line and column. */
export function positionOf(source: string, message: string, at: number): VtlError {
  let line = 1;
  let lineStart = 0;
  const stop = Math.min(Math.max(at, 0), source.length);
  for (let i = 0; i < stop; i++) {
    if (source.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { message, line, column: stop - lineStart + 1 };
}

function isIdentStart(c: string | undefined): boolean {
  return c !== undefined && /[A-Za-z_]/u.test(c);
}
function isIdentChar(c: string | undefined): boolean {
  return c !== undefined && /[A-Za-z0-9_]/u.test(c);
}

class Parser {
  constructor(
    private readonly src: string,
    private i: number,
    private readonly end: number,
    /** Parsing the inside of a double-quoted string: `""` stands for one `"`. */
    private readonly inString: boolean,
    private depth: number,
  ) {}

  parseAll(): TemplateNode[] {
    const { nodes, term } = this.parseNodes('top');
    if (term.kind !== 'eof') throw new VtlSyntaxError('unexpected directive', this.i); // unreachable: top owns no terminator
    return nodes;
  }

  private fail(message: string, at = this.i, playgroundLimit = false): never {
    throw new VtlSyntaxError(message, at, playgroundLimit);
  }

  private enter(at: number): void {
    if (++this.depth > MAX_DEPTH) this.fail(`nested more than ${MAX_DEPTH} levels deep (playground limit)`, at, true);
  }

  // -------------------------------------------------------------------------------------------
  // Template text and directives

  private parseNodes(owner: Owner): { nodes: TemplateNode[]; term: Terminator } {
    const { src, end } = this;
    const nodes: TemplateNode[] = [];
    let text = '';
    const flush = () => {
      if (text) nodes.push({ type: 'text', value: text });
      text = '';
    };
    /** `#set` takes the spaces and tabs in front of it (Velocity 1.7's SET_DIRECTIVE token). */
    const trimBeforeSet = () => {
      if (text) text = text.replace(/[ \t]+$/u, '');
      else {
        const last = nodes[nodes.length - 1];
        if (last?.type === 'text') {
          last.value = last.value.replace(/[ \t]+$/u, '');
          if (!last.value) nodes.pop();
        }
      }
    };

    while (this.i < end) {
      const c = src[this.i];
      if (c === '$') {
        const ref = this.parseReference('text');
        if (ref) {
          flush();
          nodes.push({ type: 'reference', ref });
        } else {
          text += '$';
          this.i++;
        }
        continue;
      }
      if (c === '\\') {
        text += this.parseEscape();
        continue;
      }
      if (c === '"' && this.inString && src[this.i + 1] === '"') {
        text += '"';
        this.i += 2;
        continue;
      }
      if (c !== '#') {
        // Copy plain text up to the next character that can start something.
        let j = this.i + 1;
        while (j < end) {
          const d = src[j];
          if (d === '$' || d === '#' || d === '\\' || (d === '"' && this.inString)) break;
          j++;
        }
        text += src.slice(this.i, j);
        this.i = j;
        continue;
      }

      // '#'
      const at = this.i;
      const next = src[at + 1];
      if (next === '#') {
        const nl = src.indexOf('\n', at);
        this.i = nl < 0 || nl >= end ? end : nl + 1;
        continue;
      }
      if (next === '*') {
        const close = src.indexOf('*#', at + 2);
        if (close < 0 || close + 2 > end) this.fail("unclosed comment: expected '*#'", at);
        this.i = close + 2;
        continue;
      }
      if (next === '[' && src[at + 2] === '[') {
        const close = src.indexOf(']]#', at + 3);
        if (close < 0 || close + 3 > end) this.fail("unclosed unparsed block: expected ']]#'", at);
        text += src.slice(at + 3, close);
        this.i = close + 3;
        continue;
      }
      const d = this.readDirectiveName(at);
      if (!d) {
        text += '#';
        this.i++;
        continue;
      }
      const { name, after, formal } = d;
      switch (name) {
        case 'set': {
          trimBeforeSet();
          flush();
          this.i = after;
          nodes.push(this.parseSet(at));
          continue;
        }
        case 'if': {
          flush();
          this.i = after;
          nodes.push(this.parseIf(at));
          continue;
        }
        case 'foreach': {
          flush();
          this.i = after;
          nodes.push(this.parseForeach(at));
          continue;
        }
        case 'define': {
          flush();
          this.i = after;
          nodes.push(this.parseDefine(at));
          continue;
        }
        case 'break':
        case 'stop': {
          flush();
          this.i = after;
          nodes.push({ type: name, at });
          continue;
        }
        case 'elseif': {
          if (owner !== 'if') {
            this.fail(owner === 'else' ? '#elseif after #else in the same #if' : '#elseif without a matching #if', at);
          }
          flush();
          this.i = after;
          const cond = this.parseParenExpr('#elseif');
          this.gobbleLineEnd();
          return { nodes, term: { kind: 'elseif', at, cond } };
        }
        case 'else': {
          if (owner !== 'if') {
            this.fail(owner === 'else' ? '#else after #else in the same #if' : '#else without a matching #if', at);
          }
          flush();
          this.i = after;
          this.gobbleLineEnd();
          return { nodes, term: { kind: 'else', at } };
        }
        case 'end': {
          if (owner === 'top') this.fail('#end without a matching #if, #foreach or #define', at);
          flush();
          this.i = after;
          this.gobbleLineEnd();
          return { nodes, term: { kind: 'end', at } };
        }
        default: {
          if (UNSUPPORTED.has(name))
            this.fail(`#${name} is not supported in the playground's mapping templates`, at, true);
          if (formal || src[after] === '(') {
            this.fail(`unknown directive #${name}: expected #set, #if, #elseif, #else, #foreach, #define or #end`, at);
          }
          // `#name` with no parenthesis is ordinary text ("#1", "#fff"), as in Velocity.
          text += '#';
          this.i++;
        }
      }
    }
    flush();
    return { nodes, term: { kind: 'eof' } };
  }

  /** `#name` or `#{name}` at `at`; undefined when no identifier follows the `#`. */
  private readDirectiveName(at: number): { name: string; after: number; formal: boolean } | undefined {
    const { src } = this;
    if (src[at + 1] === '{') {
      let j = at + 2;
      if (!isIdentStart(src[j])) return undefined;
      while (j < this.end && isIdentChar(src[j])) j++;
      if (src[j] !== '}') return undefined;
      return { name: src.slice(at + 2, j), after: j + 1, formal: true };
    }
    let j = at + 1;
    if (!isIdentStart(src[j])) return undefined;
    while (j < this.end && isIdentChar(src[j])) j++;
    return { name: src.slice(at + 1, j), after: j, formal: false };
  }

  /**
   * A backslash before a reference or a directive makes it literal text (`\$name` → `$name`);
   * anywhere else it is an ordinary character.
   */
  private parseEscape(): string {
    const { src } = this;
    const next = src[this.i + 1];
    if (next === '$') {
      const save = this.i;
      this.i++;
      const ref = this.parseReference('text');
      if (ref) return ref.raw;
      this.i = save + 1;
      return '\\';
    }
    if (next === '#' && this.readDirectiveName(this.i + 1)) {
      this.i += 2;
      return '#';
    }
    this.i++;
    return '\\';
  }

  /** After a directive: the rest of the line, when it is only spaces or tabs, and its line break. */
  private gobbleLineEnd(): void {
    const { src } = this;
    let j = this.i;
    while (j < this.end && (src[j] === ' ' || src[j] === '\t')) j++;
    if (src[j] === '\n' && j < this.end) this.i = j + 1;
    else if (src[j] === '\r' && j < this.end) this.i = src[j + 1] === '\n' ? j + 2 : j + 1;
  }

  private skipSpaces(): void {
    while (this.i < this.end && (this.src[this.i] === ' ' || this.src[this.i] === '\t')) this.i++;
  }

  /** Inside parentheses and brackets, line breaks are whitespace too. */
  private skipWs(): void {
    while (this.i < this.end && /[ \t\r\n]/u.test(this.src[this.i])) this.i++;
  }

  private expect(ch: string, what: string): void {
    this.skipWs();
    if (this.src[this.i] !== ch || this.i >= this.end) {
      const found = this.i >= this.end ? 'the end of the template' : `'${this.src[this.i]}'`;
      this.fail(`expected '${ch}' ${what}, found ${found}`);
    }
    this.i++;
  }

  private parseSet(at: number): TemplateNode {
    this.skipSpaces();
    if (this.src[this.i] !== '(') this.fail('#set needs parentheses: #set($name = value)');
    this.i++;
    this.skipWs();
    if (this.src[this.i] !== '$') this.fail("#set needs a $reference before '=': #set($name = value)");
    const target = this.parseReference('expr')!;
    const last = target.steps[target.steps.length - 1];
    if (last?.kind === 'call') this.fail(`cannot assign to the result of the method call .${last.name}(…)`, last.at);
    this.skipWs();
    if (this.src[this.i] !== '=' || this.src[this.i + 1] === '=') this.fail("expected '=' in #set($name = value)");
    this.i++;
    const value = this.parseExpr();
    this.expect(')', 'to close #set(');
    this.gobbleLineEnd();
    return { type: 'set', at, target, value };
  }

  private parseParenExpr(directive: string): Expr {
    this.skipSpaces();
    if (this.src[this.i] !== '(') this.fail(`${directive} needs a condition in parentheses: ${directive}($condition)`);
    this.i++;
    const cond = this.parseExpr();
    this.expect(')', `to close ${directive}(`);
    return cond;
  }

  private parseIf(at: number): TemplateNode {
    this.enter(at);
    const cond = this.parseParenExpr('#if');
    this.gobbleLineEnd();
    const branches: Array<{ at: number; cond: Expr; body: TemplateNode[] }> = [];
    let branch = { at, cond };
    for (;;) {
      const { nodes, term } = this.parseNodes('if');
      branches.push({ ...branch, body: nodes });
      if (term.kind === 'eof') this.fail('#if is not closed: expected #end', at);
      if (term.kind === 'end') break;
      if (term.kind === 'elseif') {
        branch = { at: term.at, cond: term.cond };
        continue;
      }
      // #else
      const rest = this.parseNodes('else');
      if (rest.term.kind === 'eof') this.fail('#if is not closed: expected #end after #else', at);
      this.depth--;
      return { type: 'if', at, branches, otherwise: rest.nodes };
    }
    this.depth--;
    return { type: 'if', at, branches };
  }

  private parseForeach(at: number): TemplateNode {
    this.enter(at);
    this.skipSpaces();
    if (this.src[this.i] !== '(') this.fail('#foreach needs parentheses: #foreach($item in $list)');
    this.i++;
    this.skipWs();
    const variable = this.parseVariableName('#foreach($item in $list)');
    this.skipWs();
    if (!(this.src.startsWith('in', this.i) && !isIdentChar(this.src[this.i + 2]))) {
      this.fail("expected 'in' in #foreach($item in $list)");
    }
    this.i += 2;
    const iterable = this.parseExpr();
    this.expect(')', 'to close #foreach(');
    this.gobbleLineEnd();
    const { nodes, term } = this.parseNodes('foreach');
    if (term.kind === 'eof') this.fail('#foreach is not closed: expected #end', at);
    this.depth--;
    return { type: 'foreach', at, variable, iterable, body: nodes };
  }

  private parseDefine(at: number): TemplateNode {
    this.enter(at);
    this.skipSpaces();
    if (this.src[this.i] !== '(') this.fail('#define needs parentheses: #define($name) … #end');
    this.i++;
    this.skipWs();
    const name = this.parseVariableName('#define($name)');
    this.expect(')', 'to close #define(');
    this.gobbleLineEnd();
    const { nodes, term } = this.parseNodes('define');
    if (term.kind === 'eof') this.fail('#define is not closed: expected #end', at);
    this.depth--;
    return { type: 'define', at, name, body: nodes };
  }

  /** `$name` (no steps), as #foreach and #define take it. */
  private parseVariableName(usage: string): string {
    if (this.src[this.i] !== '$' || !isIdentStart(this.src[this.i + 1])) this.fail(`expected a $name: ${usage}`);
    this.i++;
    return this.readIdent();
  }

  /**
   * An identifier: a letter or `_`, then letters, digits, `_`, and `-` between them (Velocity 1.7
   * allows `-` in names; we take it only when a name character follows, so `$a-$b` stays two).
   */
  private readIdent(): string {
    const { src } = this;
    const start = this.i;
    this.i++;
    while (this.i < this.end) {
      const c = src[this.i];
      if (isIdentChar(c) || (c === '-' && isIdentChar(src[this.i + 1]) && this.i + 1 < this.end)) this.i++;
      else break;
    }
    return src.slice(start, this.i);
  }

  // -------------------------------------------------------------------------------------------
  // References

  /**
   * A reference at `$`. In text, anything that is not a well-formed reference is left to be
   * literal text (returns undefined): `$`, `$5`, `$.x`. In an expression it is an error.
   */
  private parseReference(mode: 'text' | 'expr'): Reference | undefined {
    const { src } = this;
    const start = this.i;
    let j = start + 1;
    let quiet = false;
    if (src[j] === '!') {
      quiet = true;
      j++;
    }
    let formal = false;
    if (src[j] === '{') {
      formal = true;
      j++;
    }
    if (!isIdentStart(src[j]) || j >= this.end) {
      if (mode === 'expr') this.fail("expected a name after '$'", j);
      return undefined;
    }
    this.i = j;
    const name = this.readIdent();
    const steps: Step[] = [];
    for (;;) {
      const c = src[this.i];
      if (this.i >= this.end) break;
      if (c === '.' && isIdentStart(src[this.i + 1]) && this.i + 1 < this.end) {
        const at = this.i + 1;
        this.i++;
        const member = this.readIdent();
        if (src[this.i] === '(' && this.i < this.end) {
          this.i++;
          steps.push({ kind: 'call', at, name: member, args: this.parseArgs(')', `to close .${member}(`) });
        } else steps.push({ kind: 'property', at, name: member });
        continue;
      }
      if (c === '[') {
        const at = this.i;
        if (mode === 'text' && !formal) {
          // In text, "$a[" that is not a well-formed index is just text after the reference.
          try {
            this.i++;
            const index = this.parseExpr();
            this.expect(']', 'to close the index');
            steps.push({ kind: 'index', at, index });
          } catch (e) {
            if (!(e instanceof VtlSyntaxError)) throw e;
            this.i = at;
            break;
          }
          continue;
        }
        this.i++;
        const index = this.parseExpr();
        this.expect(']', 'to close the index');
        steps.push({ kind: 'index', at, index });
        continue;
      }
      break;
    }
    if (formal) {
      if (src[this.i] !== '}' || this.i >= this.end) this.fail("expected '}' to close '${'", start);
      this.i++;
    }
    return { at: start, name, steps, quiet, raw: src.slice(start, this.i) };
  }

  private parseArgs(close: string, what: string): Expr[] {
    const args: Expr[] = [];
    this.skipWs();
    if (this.src[this.i] === close) {
      this.i++;
      return args;
    }
    for (;;) {
      args.push(this.parseExpr());
      this.skipWs();
      if (this.src[this.i] === ',' && this.i < this.end) {
        this.i++;
        continue;
      }
      this.expect(close, what);
      return args;
    }
  }

  // -------------------------------------------------------------------------------------------
  // Expressions (in #set, #if, #foreach, method arguments and indexes)

  private parseExpr(): Expr {
    this.enter(this.i);
    const e = this.parseOr();
    this.depth--;
    return e;
  }

  /** Matches an operator at the cursor (after whitespace); words must end at a non-name character. */
  private op(...candidates: string[]): string | undefined {
    this.skipWs();
    for (const c of candidates) {
      if (!this.src.startsWith(c, this.i) || this.i + c.length > this.end) continue;
      if (/^[a-z]/u.test(c) && isIdentChar(this.src[this.i + c.length])) continue;
      if ((c === '<' || c === '>' || c === '!') && this.src[this.i + 1] === '=') continue;
      if (c === '=' && this.src[this.i + 1] === '=') continue;
      this.i += c.length;
      return c;
    }
    return undefined;
  }

  private binary(op: BinaryOp, at: number, left: Expr, right: Expr): Expr {
    return { type: 'binary', at, op, left, right };
  }

  private parseOr(): Expr {
    let left = this.parseAnd();
    for (;;) {
      const at = this.i;
      if (!this.op('||', 'or')) return left;
      left = this.binary('||', at, left, this.parseAnd());
    }
  }

  private parseAnd(): Expr {
    let left = this.parseEquality();
    for (;;) {
      const at = this.i;
      if (!this.op('&&', 'and')) return left;
      left = this.binary('&&', at, left, this.parseEquality());
    }
  }

  private parseEquality(): Expr {
    let left = this.parseRelational();
    for (;;) {
      this.skipWs();
      const at = this.i;
      const o = this.op('==', '!=', 'eq', 'ne');
      if (!o) {
        if (this.src[this.i] === '=' && this.src[this.i + 1] !== '=')
          this.fail("use '==' to compare ('=' only assigns, in #set)");
        return left;
      }
      left = this.binary(o === '==' || o === 'eq' ? '==' : '!=', at, left, this.parseRelational());
    }
  }

  private parseRelational(): Expr {
    let left = this.parseAdditive();
    const words: Record<string, BinaryOp> = { lt: '<', gt: '>', le: '<=', ge: '>=' };
    for (;;) {
      this.skipWs();
      const at = this.i;
      const o = this.op('<=', '>=', '<', '>', 'lt', 'gt', 'le', 'ge');
      if (!o) return left;
      left = this.binary(words[o] ?? (o as BinaryOp), at, left, this.parseAdditive());
    }
  }

  private parseAdditive(): Expr {
    let left = this.parseMultiplicative();
    for (;;) {
      this.skipWs();
      const at = this.i;
      const o = this.op('+', '-');
      if (!o) return left;
      left = this.binary(o as BinaryOp, at, left, this.parseMultiplicative());
    }
  }

  private parseMultiplicative(): Expr {
    let left = this.parseUnary();
    for (;;) {
      this.skipWs();
      const at = this.i;
      const o = this.op('*', '/', '%');
      if (!o) return left;
      left = this.binary(o as BinaryOp, at, left, this.parseUnary());
    }
  }

  private parseUnary(): Expr {
    this.skipWs();
    const at = this.i;
    if (this.op('!', 'not')) {
      this.enter(at);
      const operand = this.parseUnary();
      this.depth--;
      return { type: 'not', at, operand };
    }
    if (this.src[this.i] === '-' && this.i < this.end) {
      this.i++;
      this.enter(at);
      const operand = this.parseUnary();
      this.depth--;
      return { type: 'negate', at, operand };
    }
    return this.parsePrimary();
  }

  private parsePrimary(): Expr {
    this.skipWs();
    const { src } = this;
    const at = this.i;
    if (at >= this.end) this.fail('expected a value, found the end of the template');
    const c = src[at];
    if (c === '$') return { type: 'ref', at, ref: this.parseReference('expr')! };
    if (c === '"') return this.parseDoubleQuoted();
    if (c === "'") return this.parseSingleQuoted();
    if (c >= '0' && c <= '9') {
      const m = /^\d+(\.\d+)?/u.exec(src.slice(at, Math.min(this.end, at + 400)))!;
      this.i += m[0].length;
      return { type: 'literal', at, value: Number(m[0]) };
    }
    if (c === '(') {
      this.i++;
      const e = this.parseExpr();
      this.expect(')', 'to close (');
      return e;
    }
    if (c === '[') {
      this.i++;
      this.skipWs();
      if (src[this.i] === ']') {
        this.i++;
        return { type: 'list', at, items: [] };
      }
      const first = this.parseExpr();
      this.skipWs();
      if (src.startsWith('..', this.i)) {
        this.i += 2;
        const to = this.parseExpr();
        this.expect(']', 'to close the range [from..to]');
        return { type: 'range', at, from: first, to };
      }
      const items = [first];
      while (src[this.i] === ',' && this.i < this.end) {
        this.i++;
        items.push(this.parseExpr());
        this.skipWs();
      }
      this.expect(']', 'to close the list');
      return { type: 'list', at, items };
    }
    if (c === '{') {
      this.i++;
      const entries: Array<[Expr, Expr]> = [];
      this.skipWs();
      if (src[this.i] === '}') {
        this.i++;
        return { type: 'map', at, entries };
      }
      for (;;) {
        const key = this.parseExpr();
        this.expect(':', 'between a key and its value in the map');
        entries.push([key, this.parseExpr()]);
        this.skipWs();
        if (src[this.i] === ',' && this.i < this.end) {
          this.i++;
          continue;
        }
        this.expect('}', 'to close the map');
        return { type: 'map', at, entries };
      }
    }
    const word = /^[A-Za-z_][A-Za-z0-9_]*/u.exec(src.slice(at, Math.min(this.end, at + 200)))?.[0];
    if (word === 'true' || word === 'false') {
      this.i += word.length;
      return { type: 'literal', at, value: word === 'true' };
    }
    if (word === 'null') {
      this.i += 4;
      return { type: 'literal', at, value: null };
    }
    if (word)
      this.fail(`unexpected '${word}': expected a value (a $reference, a quoted string, a number, true or false)`);
    this.fail(`unexpected '${c}': expected a value (a $reference, a quoted string, a number, true or false)`);
  }

  /**
   * `"…"`: Velocity finds the end first (a backslash keeps the next character, `""` is a quote),
   * then parses the content as a template, so `"Item $elem.id"` interpolates.
   */
  private parseDoubleQuoted(): Expr {
    const { src } = this;
    const at = this.i;
    let j = at + 1;
    for (;;) {
      if (j >= this.end || src[j] === '\n' || src[j] === '\r')
        this.fail('unterminated string: expected a closing "', at);
      const c = src[j];
      if (c === '\\') j += 2;
      else if (c === '"') {
        if (src[j + 1] === '"' && j + 1 < this.end) j += 2;
        else break;
      } else j++;
    }
    const content = src.slice(at + 1, j);
    this.i = j + 1;
    if (!content.includes('$') && !content.includes('#')) {
      return { type: 'literal', at, value: content.replaceAll('""', '"') };
    }
    const inner = new Parser(src, at + 1, j, true, this.depth + 1);
    return { type: 'interpolated', at, parts: inner.parseAll() };
  }

  /** `'…'`: no interpolation; `''` stands for one `'`. */
  private parseSingleQuoted(): Expr {
    const { src } = this;
    const at = this.i;
    let j = at + 1;
    let value = '';
    for (;;) {
      if (j >= this.end || src[j] === '\n' || src[j] === '\r')
        this.fail("unterminated string: expected a closing '", at);
      if (src[j] === "'") {
        if (src[j + 1] === "'" && j + 1 < this.end) {
          value += "'";
          j += 2;
          continue;
        }
        break;
      }
      value += src[j++];
    }
    this.i = j + 1;
    return { type: 'literal', at, value };
  }
}
