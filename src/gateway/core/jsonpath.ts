/**
 * A small JSONPath (Goessner syntax) for `$request.body…` in route selection expressions
 * (docs/aws-behaviour.md §1.1: "You can use any JSON path expression after `request.body`").
 *
 * Supported: `.name`, `['name']`/`["name"]`, `[2]`/`[-1]`, `.*`/`[*]`, `..` (recursive descent),
 * slices `[start:end:step]`, unions `[0,1]`/`['a','b']`.
 * Not supported, by design: filter and script expressions (`[?(…)]`, `[(…)]`). They are a syntax
 * error, so nothing in a selection expression is ever evaluated as code.
 *
 * Parsing happens once; `select` is a plain loop over the parsed segments (no regex, no
 * re-parsing), because the engine evaluates a selection expression for every message.
 */

/** A syntax error with its position: UTF-16 offsets into the parsed text, `end` exclusive. */
export interface JsonPathError {
  message: string;
  start: number;
  end: number;
}

export interface CompiledJsonPath {
  /**
   * True when the path can match at most one value (only member names and indexes). An
   * indefinite path (wildcard, slice, union, `..`) always yields a list, even of 0 or 1 items.
   */
  readonly definite: boolean;
  /** Every value the path matches, in document order (for objects: JS property order). */
  select(root: unknown): unknown[];
}

export type JsonPathParseResult =
  { ok: true; path: CompiledJsonPath; segmentCount: number; end: number } | { ok: false; error: JsonPathError };

type Name = { kind: 'member'; name: string };
type Index = { kind: 'index'; index: number };
type Selector =
  | Name
  | Index
  | { kind: 'wildcard' }
  | { kind: 'slice'; start: number | undefined; end: number | undefined; step: number }
  | { kind: 'union'; items: Array<Name | Index> };

interface Segment {
  /** `..` in front: apply the selector to the node and to every node below it. */
  descendant: boolean;
  selector: Selector;
}

/** Characters that never belong to a dot-notation member name, whatever the caller allows. */
const STRUCTURAL = new Set(['.', '[', ']', '(', ')', '{', '}', "'", '"', '\\', ',', '*', '?', '@', '$']);

/**
 * The default rule for dot-notation member names: anything except structural characters and
 * whitespace (as in Jayway JsonPath, which reads a dot member up to the next `.`, `[` or space).
 */
export function isMemberNameChar(ch: string): boolean {
  return !STRUCTURAL.has(ch) && !/\s/u.test(ch);
}

const SCRIPT_ERROR = 'filter and script expressions are not supported: nothing is evaluated as code';

/**
 * Parses JSONPath segments from `text` at `start` (just after the root, e.g. after `$` or after
 * `$request.body`) and stops at the first character that cannot begin a segment (anything but
 * `.` or `[`). `end` is that position, so a caller can embed a path in a larger expression.
 * Error offsets are offsets into `text`. Used for `$request.body…` (docs/aws-behaviour.md §1.1).
 */
export function parseJsonPath(
  text: string,
  start: number,
  isMemberChar: (ch: string) => boolean = isMemberNameChar,
): JsonPathParseResult {
  const segments: Segment[] = [];
  let i = start;
  const fail = (message: string, s: number, e: number): JsonPathParseResult => ({
    ok: false,
    error: { message, start: s, end: Math.max(e, s) },
  });

  /** Reads a dot-notation member name at `i`; returns its end (== i when there is none). */
  const readName = (from: number): number => {
    let j = from;
    while (j < text.length) {
      const ch = String.fromCodePoint(text.codePointAt(j)!);
      if (!isMemberChar(ch) || STRUCTURAL.has(ch)) break;
      j += ch.length;
    }
    return j;
  };

  while (i < text.length) {
    const c = text[i];
    if (c === '.') {
      const dot = i;
      let descendant = false;
      i++;
      if (text[i] === '.') {
        descendant = true;
        i++;
        if (text[i] === '.') return fail("'...' is not valid: use '..' for recursive descent", dot, i + 1);
        if (text[i] === '[') {
          const b = parseBracket(text, i);
          if (!b.ok) return b;
          segments.push({ descendant, selector: b.selector });
          i = b.end;
          continue;
        }
      }
      if (text[i] === '*') {
        segments.push({ descendant, selector: { kind: 'wildcard' } });
        i++;
        continue;
      }
      const nameEnd = readName(i);
      if (nameEnd === i) {
        const what = descendant ? "a member name, '*' or '[' after '..'" : "a member name or '*' after '.'";
        return i < text.length && text[i] !== '[' && !/\s/u.test(text[i])
          ? fail(`unexpected '${text[i]}': expected ${what}`, i, i + 1)
          : fail(`expected ${what}`, dot, i);
      }
      segments.push({ descendant, selector: { kind: 'member', name: text.slice(i, nameEnd) } });
      i = nameEnd;
    } else if (c === '[') {
      const b = parseBracket(text, i);
      if (!b.ok) return b;
      segments.push({ descendant: false, selector: b.selector });
      i = b.end;
    } else {
      break;
    }
  }
  return { ok: true, path: compile(segments), segmentCount: segments.length, end: i };
}

/**
 * Compiles a whole JSONPath such as `$.store.book[0].title` (must start with `$`, nothing after),
 * with the same grammar as the path after `$request.body` (docs/aws-behaviour.md §1.1).
 */
export function compileJsonPath(
  source: string,
): { ok: true; path: CompiledJsonPath } | { ok: false; error: JsonPathError } {
  if (source[0] !== '$') return err("a JSONPath starts with '$'", 0, Math.min(1, source.length));
  const r = parseJsonPath(source, 1);
  if (!r.ok) return r;
  if (r.end < source.length) {
    return err(`unexpected '${source[r.end]}': expected '.' or '['`, r.end, r.end + 1);
  }
  return { ok: true, path: r.path };
}

type BracketResult = { ok: true; selector: Selector; end: number } | { ok: false; error: JsonPathError };

/** Parses `[ … ]` starting at the `[` at `open`. */
function parseBracket(text: string, open: number): BracketResult {
  const fail = err;
  const skipSpaces = (j: number) => {
    while (j < text.length && (text[j] === ' ' || text[j] === '\t')) j++;
    return j;
  };
  let i = skipSpaces(open + 1);
  if (i >= text.length) return fail("unclosed '[': expected ']'", open, text.length);
  const c = text[i];

  if (c === '?' || c === '(') {
    // Span the whole script so the editor underlines all of it: up to the ')' that balances the
    // first '(' (quotes respected), then the ']' if it follows.
    let depth = 0;
    let j = i;
    let quote = '';
    for (; j < text.length; j++) {
      const ch = text[j];
      if (quote) {
        if (ch === '\\') j++;
        else if (ch === quote) quote = '';
      } else if (ch === "'" || ch === '"') quote = ch;
      else if (ch === '(') depth++;
      else if (ch === ')' && --depth <= 0) break;
      else if (ch === ']' && depth === 0) break;
    }
    j = Math.min(j + 1, text.length);
    const k = skipSpaces(j);
    if (text[k] === ']') j = k + 1;
    return fail(SCRIPT_ERROR, open, j);
  }

  if (c === ']') return fail("empty brackets: expected a quoted name, an index, '*' or a slice", open, i + 1);

  if (c === '*') {
    const j = skipSpaces(i + 1);
    if (text[j] !== ']') return closeError(text, open, j);
    return { ok: true, selector: { kind: 'wildcard' }, end: j + 1 };
  }

  // A slice, an index, a quoted name, or a union of indexes and quoted names.
  const items: Array<Name | Index> = [];
  for (;;) {
    i = skipSpaces(i);
    const itemStart = i;
    const ch = text[i];
    if (ch === "'" || ch === '"') {
      const s = parseQuoted(text, i);
      if (!s.ok) return s;
      items.push({ kind: 'member', name: s.value });
      i = s.end;
    } else if (ch === '-' || ch === ':' || isDigit(ch)) {
      const n = parseInteger(text, i);
      if (!n.ok) return n;
      i = skipSpaces(n.end);
      if (text[i] === ':') {
        if (items.length > 0) {
          return fail('a union can list only quoted names and indexes, not slices', itemStart, i + 1);
        }
        return parseSlice(text, open, n.value, i);
      }
      if (n.value === undefined) return closeError(text, open, i); // unreachable: '-' needs digits, ':' is a slice
      items.push({ kind: 'index', index: n.value });
    } else if (ch === undefined) {
      return fail("unclosed '[': expected ']'", open, text.length);
    } else if (ch === '*' || ch === '?' || ch === '(') {
      return fail(
        ch === '*' ? "a union can list only quoted names and indexes, not '*'" : SCRIPT_ERROR,
        itemStart,
        itemStart + 1,
      );
    } else if (isMemberNameChar(ch)) {
      let j = i;
      while (j < text.length && isMemberNameChar(text[j])) j++;
      const word = text.slice(i, Math.max(j, i + 1));
      return fail(`a member name in brackets needs quotes: ['${word}']`, i, Math.max(j, i + 1));
    } else {
      return fail(`unexpected '${ch}' in brackets`, i, i + 1);
    }
    i = skipSpaces(i);
    if (text[i] === ',') {
      i++;
      continue;
    }
    if (text[i] !== ']') return closeError(text, open, i);
    const selector: Selector = items.length === 1 ? items[0] : { kind: 'union', items };
    return { ok: true, selector, end: i + 1 };
  }
}

function closeError(text: string, open: number, at: number): BracketResult {
  if (at >= text.length) return err("unclosed '[': expected ']'", open, text.length);
  return err(`unexpected '${text[at]}': expected ']'`, at, at + 1);
}

/** `[start:end:step]`; `first` is the already-read start (or undefined) and `colon` the first ':'. */
function parseSlice(text: string, open: number, first: number | undefined, colon: number): BracketResult {
  const bounds: Array<number | undefined> = [first];
  let i = colon;
  let stepStart = -1;
  let stepEnd = -1;
  while (text[i] === ':' && bounds.length < 3) {
    i++;
    while (text[i] === ' ') i++;
    const n = parseInteger(text, i);
    if (!n.ok) return n;
    if (bounds.length === 2) [stepStart, stepEnd] = [i, n.end];
    bounds.push(n.value);
    i = n.end;
    while (text[i] === ' ') i++;
  }
  if (text[i] !== ']') return closeError(text, open, i);
  const step = bounds[2] ?? 1;
  if (step === 0) return err('a slice step cannot be 0', stepStart, stepEnd);
  return { ok: true, selector: { kind: 'slice', start: bounds[0], end: bounds[1], step }, end: i + 1 };
}

type IntResult = { ok: true; value: number | undefined; end: number } | { ok: false; error: JsonPathError };

/** An optional integer (`-3`, `12`); a fraction or exponent is an error, not a silent truncation. */
function parseInteger(text: string, start: number): IntResult {
  let i = start;
  if (text[i] === '-') i++;
  const digits = i;
  while (isDigit(text[i])) i++;
  if (i === digits) {
    if (i > start) return err("expected digits after '-'", start, i);
    return { ok: true, value: undefined, end: i };
  }
  if (text[i] === '.' || text[i] === 'e' || text[i] === 'E') {
    let j = i + 1;
    while (isDigit(text[j]) || text[j] === '+' || text[j] === '-') j++;
    return err('an array index must be an integer', start, j);
  }
  const value = Number(text.slice(start, i));
  if (!Number.isSafeInteger(value)) return err('array index is too large', start, i);
  return { ok: true, value, end: i };
}

type QuotedResult = { ok: true; value: string; end: number } | { ok: false; error: JsonPathError };

/** A quoted name; a backslash makes the next character literal (`'it\'s'`, `"a\\b"`). */
function parseQuoted(text: string, open: number): QuotedResult {
  const quote = text[open];
  let value = '';
  for (let i = open + 1; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\\') {
      if (i + 1 >= text.length) break;
      value += text[++i];
    } else if (ch === quote) {
      return { ok: true, value, end: i + 1 };
    } else {
      value += ch;
    }
  }
  return err(`unterminated string: expected a closing ${quote}`, open, text.length);
}

function err(message: string, start: number, end: number): { ok: false; error: JsonPathError } {
  return { ok: false, error: { message, start, end } };
}

function isDigit(ch: string | undefined): boolean {
  return ch !== undefined && ch >= '0' && ch <= '9';
}

// ---------------------------------------------------------------------------------------------
// Evaluation

function compile(segments: Segment[]): CompiledJsonPath {
  const definite = segments.every(
    (s) => !s.descendant && (s.selector.kind === 'member' || s.selector.kind === 'index'),
  );
  if (definite) {
    const steps = segments.map((s) => s.selector as Name | Index);
    return {
      definite,
      select(root) {
        let node = root;
        for (const step of steps) {
          node = step.kind === 'member' ? member(node, step.name) : element(node, step.index);
          if (node === undefined) return [];
        }
        return [node];
      },
    };
  }
  return {
    definite,
    select(root) {
      let nodes: unknown[] = [root];
      for (const seg of segments) {
        const next: unknown[] = [];
        for (const node of nodes) {
          if (seg.descendant) forEachDescendant(node, (n) => apply(seg.selector, n, next));
          else apply(seg.selector, node, next);
        }
        nodes = next;
      }
      return nodes;
    },
  };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Own members only: `constructor`, `__proto__` or `toString` must not reach JS internals. A
 * member name selects only from objects and an index only from arrays (Jayway's behaviour;
 * Goessner's JS would also read `arr.0`).
 */
function member(node: unknown, name: string): unknown {
  return isObject(node) && Object.hasOwn(node, name) ? node[name] : undefined;
}

function element(node: unknown, index: number): unknown {
  if (!Array.isArray(node)) return undefined;
  const i = index < 0 ? node.length + index : index;
  return i >= 0 && i < node.length ? node[i] : undefined;
}

function apply(sel: Selector, node: unknown, out: unknown[]): void {
  switch (sel.kind) {
    case 'member':
    case 'index': {
      const v = sel.kind === 'member' ? member(node, sel.name) : element(node, sel.index);
      if (v !== undefined) out.push(v);
      return;
    }
    case 'wildcard':
      // Loops, not push(...spread): a large array would exceed the engine's argument limit.
      if (Array.isArray(node)) for (const v of node) out.push(v);
      else if (isObject(node)) for (const v of Object.values(node)) out.push(v);
      return;
    case 'union':
      for (const item of sel.items) apply(item, node, out);
      return;
    case 'slice':
      if (Array.isArray(node)) slice(node, sel.start, sel.end, sel.step, out);
      return;
  }
}

/** Python/RFC 9535 slice semantics: negative bounds count from the end, bounds are clamped. */
function slice(arr: unknown[], start: number | undefined, end: number | undefined, step: number, out: unknown[]): void {
  const len = arr.length;
  const norm = (i: number) => (i >= 0 ? i : len + i);
  if (step > 0) {
    const lo = Math.min(Math.max(norm(start ?? 0), 0), len);
    const hi = Math.min(Math.max(norm(end ?? len), 0), len);
    for (let i = lo; i < hi; i += step) out.push(arr[i]);
  } else {
    const hi = start === undefined ? len - 1 : Math.min(Math.max(norm(start), -1), len - 1);
    const lo = end === undefined ? -1 : Math.min(Math.max(norm(end), -1), len - 1);
    for (let i = hi; i > lo; i += step) out.push(arr[i]);
  }
}

/**
 * Visits a node and everything below it, pre-order. Iterative, because a 128 KB message can
 * nest tens of thousands of levels deep and recursion would overflow the stack.
 */
function forEachDescendant(root: unknown, visit: (n: unknown) => void): void {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    visit(node);
    const children = Array.isArray(node) ? node : isObject(node) ? Object.values(node) : undefined;
    if (children) for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
}
