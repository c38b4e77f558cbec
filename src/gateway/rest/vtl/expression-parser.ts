/**
 * The expression half of the mapping-template parser (./parser.ts has the template text and
 * directives): references (`$a.b(c)[d]`), method arguments, operators, literals, lists, ranges,
 * maps and quoted strings, as Velocity 1.7 reads them (DG api-gateway-mapping-template-reference).
 * Recursive descent straight over the source, like the rest of the parser.
 */
import type { BinaryOp, Expr, Reference, Step, TemplateNode } from './ast';

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

/** Deeper nesting than this is refused, so a hostile template cannot overflow the stack. */
const MAX_DEPTH = 100;

export function isIdentStart(c: string | undefined): boolean {
  return c !== undefined && /[A-Za-z_]/u.test(c);
}
export function isIdentChar(c: string | undefined): boolean {
  return c !== undefined && /[A-Za-z0-9_]/u.test(c);
}

/**
 * The cursor over the source and everything an expression needs. A double-quoted string's
 * content is itself a template, so the template parser that extends this class supplies
 * `parseStringContent`.
 */
export abstract class ExpressionParser {
  constructor(
    protected readonly src: string,
    protected i: number,
    protected readonly end: number,
    /** Parsing the inside of a double-quoted string: `""` stands for one `"`. */
    protected readonly inString: boolean,
    protected depth: number,
  ) {}

  /** Parses `src[from, to)`, the inside of a double-quoted string, as a template. */
  protected abstract parseStringContent(from: number, to: number): TemplateNode[];

  protected fail(message: string, at = this.i, playgroundLimit = false): never {
    throw new VtlSyntaxError(message, at, playgroundLimit);
  }

  protected enter(at: number): void {
    if (++this.depth > MAX_DEPTH) this.fail(`nested more than ${MAX_DEPTH} levels deep (playground limit)`, at, true);
  }

  /** Inside parentheses and brackets, line breaks are whitespace too. */
  protected skipWs(): void {
    while (this.i < this.end && /[ \t\r\n]/u.test(this.src[this.i])) this.i++;
  }

  protected expect(ch: string, what: string): void {
    this.skipWs();
    if (this.src[this.i] !== ch || this.i >= this.end) {
      const found = this.i >= this.end ? 'the end of the template' : `'${this.src[this.i]}'`;
      this.fail(`expected '${ch}' ${what}, found ${found}`);
    }
    this.i++;
  }

  /**
   * An identifier: a letter or `_`, then letters, digits, `_`, and `-` between them (Velocity 1.7
   * allows `-` in names; we take it only when a name character follows, so `$a-$b` stays two).
   */
  protected readIdent(): string {
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
  protected parseReference(mode: 'text' | 'expr'): Reference | undefined {
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

  protected parseArgs(close: string, what: string): Expr[] {
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

  protected parseExpr(): Expr {
    this.enter(this.i);
    const e = this.parseOr();
    this.depth--;
    return e;
  }

  /** Matches an operator at the cursor (after whitespace); words must end at a non-name character. */
  protected op(...candidates: string[]): string | undefined {
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

  protected binary(op: BinaryOp, at: number, left: Expr, right: Expr): Expr {
    return { type: 'binary', at, op, left, right };
  }

  protected parseOr(): Expr {
    let left = this.parseAnd();
    for (;;) {
      const at = this.i;
      if (!this.op('||', 'or')) return left;
      left = this.binary('||', at, left, this.parseAnd());
    }
  }

  protected parseAnd(): Expr {
    let left = this.parseEquality();
    for (;;) {
      const at = this.i;
      if (!this.op('&&', 'and')) return left;
      left = this.binary('&&', at, left, this.parseEquality());
    }
  }

  protected parseEquality(): Expr {
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

  protected parseRelational(): Expr {
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

  protected parseAdditive(): Expr {
    let left = this.parseMultiplicative();
    for (;;) {
      this.skipWs();
      const at = this.i;
      const o = this.op('+', '-');
      if (!o) return left;
      left = this.binary(o as BinaryOp, at, left, this.parseMultiplicative());
    }
  }

  protected parseMultiplicative(): Expr {
    let left = this.parseUnary();
    for (;;) {
      this.skipWs();
      const at = this.i;
      const o = this.op('*', '/', '%');
      if (!o) return left;
      left = this.binary(o as BinaryOp, at, left, this.parseUnary());
    }
  }

  protected parseUnary(): Expr {
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

  protected parsePrimary(): Expr {
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
  protected parseDoubleQuoted(): Expr {
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
    return { type: 'interpolated', at, parts: this.parseStringContent(at + 1, j) };
  }

  /** `'…'`: no interpolation; `''` stands for one `'`. */
  protected parseSingleQuoted(): Expr {
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
