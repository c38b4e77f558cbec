/**
 * Parser for API Gateway mapping templates: the Velocity 1.7 subset they use (DG
 * api-gateway-mapping-template-reference; DG models-mappings). Recursive descent straight over
 * the source; the result is plain data (./ast.ts) and nothing is ever evaluated as JavaScript.
 *
 * Whitespace follows Velocity 1.7 (the version API Gateway runs): a directive's closing `)`,
 * `#else` and `#end` swallow the rest of their line when only spaces or tabs follow, and `#set`
 * also swallows the spaces before it. `##` comments swallow their line end; `#* *#` do not.
 */
import type { Expr, TemplateNode, VtlError, VtlTemplate } from './ast';
import { ExpressionParser, VtlSyntaxError, isIdentChar, isIdentStart } from './expression-parser';

/** Directives the parser knows. Others written as `#name(` are an error; `#name` alone is text. */
const UNSUPPORTED = new Set(['macro', 'parse', 'include', 'evaluate']);

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

/** Template text and directives; expressions and references come from ExpressionParser. */
class Parser extends ExpressionParser {
  parseAll(): TemplateNode[] {
    const { nodes, term } = this.parseNodes('top');
    if (term.kind !== 'eof') throw new VtlSyntaxError('unexpected directive', this.i); // unreachable: top owns no terminator
    return nodes;
  }

  protected parseStringContent(from: number, to: number): TemplateNode[] {
    return new Parser(this.src, from, to, true, this.depth + 1).parseAll();
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
}
