/**
 * WebSocket route selection expressions (RSE), docs/aws-behaviour.md §1.1
 * (DG: apigateway-websocket-api-selection-expressions, websocket-api-develop-routes).
 *
 * Grammar, as implemented:
 *   expression := ( literal | '\$' | variable )*
 *   variable   := '$request.body' jsonpath          (bare)
 *              |  '${request.body' jsonpath '}'    (braced: explicit boundaries)
 *   jsonpath   := Goessner segments, see jsonpath.ts (no filters or scripts)
 * Any other text is literal, so `action` is the static key `action` and `\$default` is `$default`.
 *
 * Where a bare variable ends:
 * UNCONFIRMED: a bare dot member is made of letters, digits, `_` and `-`; the first other
 * character ends the variable (except `.` and `[`, which continue the path). So
 * `$request.body.action-beta` reads the member `action-beta`, and `$request.body.service/x` reads
 * `service` then the literal `/x`. Why `-` belongs to the name: the DG's own example of what
 * braces are for is `${request.body.version}-beta`, which only needs braces if a bare variable
 * would swallow `-beta`; header names like `$request.header.x-api-key` contain `-` too. Inside
 * `${…}` a member may contain any character except `.[](){}'"\,*?@$` and whitespace (quote
 * anything else: `${request.body['a b']}`).
 *
 * Other choices (marked UNCONFIRMED where they are made): what non-strings stringify to, what a
 * JSON body that is not an object or array does, and which backslash sequences are escapes.
 */
import { isMemberNameChar, parseJsonPath, type CompiledJsonPath } from '../core/jsonpath';

/** A syntax error with its position (UTF-16 offsets into the expression), for editor markers. */
export interface SelectionExpressionError {
  message: string;
  start: number;
  end: number;
}

export type SelectionResult =
  /** The evaluated route key candidate (may be '' when a path is missing). */
  | { ok: true; value: string }
  /** The body is not JSON (or not an object/array) and the expression needs it: route to `$default`. */
  | { ok: false; reason: 'not-json' };

export interface CompiledSelectionExpression {
  readonly source: string;
  /** True when the expression has no variables (e.g. `action` or `\$default`). */
  readonly isStatic: boolean;
  evaluate(body: string): SelectionResult;
}

export type CompileResult =
  { ok: true; expression: CompiledSelectionExpression } | { ok: false; error: SelectionExpressionError };

const REQUIRED = 'routeSelectionExpression is required for WebSocket APIs';
const ROOT = 'request.body';
const NOT_JSON: SelectionResult = /* @__PURE__ */ Object.freeze({ ok: false, reason: 'not-json' });

/** Letters, digits, `_`, `-`: what a bare (unbraced) variable's dot members are made of. */
function isBareNameChar(ch: string): boolean {
  return /^[\p{L}\p{N}_-]$/u.test(ch);
}

/**
 * Compiles a WebSocket route selection expression once, into an evaluator that parses each
 * message body once (DG: apigateway-websocket-api-selection-expressions; docs/aws-behaviour.md §1.1).
 * Only `$request.body` variables are allowed: a message has no headers, query string or path.
 */
export function compileSelectionExpression(source: string): CompileResult {
  if (source === '') return { ok: false, error: { message: REQUIRED, start: 0, end: 0 } };

  const parts: Array<string | CompiledJsonPath> = [];
  let literal = '';
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    // UNCONFIRMED: the DG names only `\$` as an escape. Any other backslash is kept literally,
    // so `a\b` is `a\b` (there is no `\\`).
    if (c === '\\' && source[i + 1] === '$') {
      literal += '$';
      i += 2;
    } else if (c === '$') {
      const v = parseVariable(source, i);
      if (!v.ok) return v;
      if (literal) parts.push(literal);
      literal = '';
      parts.push(v.path);
      i = v.end;
    } else {
      literal += c;
      i++;
    }
  }
  if (literal) parts.push(literal);

  if (parts.every((p) => typeof p === 'string')) {
    const value: SelectionResult = Object.freeze({ ok: true, value: parts.join('') });
    // A static key needs no body, so it evaluates even when the message is not JSON.
    return { ok: true, expression: { source, isStatic: true, evaluate: () => value } };
  }

  return {
    ok: true,
    expression: {
      source,
      isStatic: false,
      evaluate(body) {
        // Only an object or an array can be evaluated (below), and JSON text is one only when its
        // first character after JSON's whitespace is `{` or `[`: anything else is settled here,
        // without JSON.parse throwing (a throw costs more than routing the whole message).
        if (!opensObjectOrArray(body)) return NOT_JSON;
        let root: unknown;
        try {
          root = JSON.parse(body);
        } catch {
          return NOT_JSON;
        }
        // UNCONFIRMED: a JSON body that is a string, number, boolean or null (e.g. `"join"`) has
        // no members, so the expression cannot be evaluated against it: treated like non-JSON
        // ("API Gateway calls the $default route if the route selection expression cannot be
        // evaluated against the message", DG apigateway-websocket-api-overview).
        if (root === null || typeof root !== 'object') return NOT_JSON;
        try {
          // Values are substituted once and never re-scanned, so a body value containing `$`
          // or `${…}` stays literal (DG: "no recursive evaluation").
          let value = '';
          for (const p of parts) value += typeof p === 'string' ? p : resultText(p, root);
          return { ok: true, value };
        } catch {
          // Only reachable on absurd nesting (stringifying a value thousands of levels deep
          // overflows the stack): the expression cannot be evaluated, so this is `$default` too.
          return NOT_JSON;
        }
      },
    },
  };
}

/** Whether the first character after JSON's whitespace (space, tab, LF, CR) is `{` or `[`. */
function opensObjectOrArray(body: string): boolean {
  for (let i = 0; i < body.length; i++) {
    const c = body.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) continue;
    return c === 0x7b || c === 0x5b;
  }
  return false;
}

type VariableResult =
  { ok: true; path: CompiledJsonPath; end: number } | { ok: false; error: SelectionExpressionError };

/** Parses the variable whose `$` is at `start`. */
function parseVariable(source: string, start: number): VariableResult {
  const fail = (message: string, s: number, e: number): VariableResult => ({
    ok: false,
    error: { message, start: s, end: e },
  });
  const braced = source[start + 1] === '{';
  const nameStart = start + (braced ? 2 : 1);
  const rootEnd = nameStart + ROOT.length;
  const isRoot = source.startsWith(ROOT, nameStart) && !(rootEnd < source.length && isBareNameChar(source[rootEnd]));

  if (!isRoot) {
    if (braced) {
      const close = source.indexOf('}', nameStart);
      if (close < 0) return fail("unterminated '${': expected '}'", start, source.length);
      if (close === nameStart) {
        return fail("empty variable '${}': expected e.g. ${request.body.action}", start, close + 1);
      }
      return fail(notAllowed(`$${source.slice(nameStart, close)}`), start, close + 1);
    }
    let end = nameStart;
    while (end < source.length && (isBareNameChar(source[end]) || source[end] === '.')) end++;
    if (end === nameStart) {
      const message = "'$' starts a variable such as $request.body.action: write '\\$' for a literal '$'";
      return fail(message, start, start + 1);
    }
    return fail(notAllowed(source.slice(start, end)), start, end);
  }

  const parsed = parseJsonPath(source, rootEnd, braced ? isMemberNameChar : isBareNameChar);
  if (!parsed.ok) return parsed;
  if (parsed.segmentCount === 0) {
    const shown = braced ? '${request.body}' : '$request.body';
    const end = braced && source[parsed.end] === '}' ? parsed.end + 1 : rootEnd;
    return fail(`empty path: ${shown} needs a JSONPath after it, e.g. $request.body.action`, start, end);
  }
  if (!braced) return { ok: true, path: parsed.path, end: parsed.end };
  if (parsed.end >= source.length) return fail("unterminated '${': expected '}'", start, source.length);
  if (source[parsed.end] !== '}') {
    const message = `unexpected '${source[parsed.end]}' in \${…}: expected '.', '[' or '}'`;
    return fail(message, parsed.end, parsed.end + 1);
  }
  return { ok: true, path: parsed.path, end: parsed.end + 1 };
}

function notAllowed(variable: string): string {
  return `${variable} cannot be used in a route selection expression: only $request.body variables are allowed`;
}

/**
 * The DG: "the result will be stringified"; "An array result becomes the string [item1, item2]".
 * UNCONFIRMED (known-differences 'ws-rse-non-string'): strings as they are; numbers and booleans
 * as their JSON text (`5`, `true`); objects as their JSON text; `null` and a missing path as `''`;
 * arrays, and every result of a wildcard, slice, union or `..` path (even 0 or 1 match), as
 * `[a, b]`: items joined by ", ", strings unquoted, null as `null`, nested arrays the same way.
 */
function resultText(path: CompiledJsonPath, root: unknown): string {
  const matches = path.select(root);
  return path.definite ? valueText(matches[0]) : listText(matches);
}

function valueText(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return listText(v);
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

function listText(items: readonly unknown[]): string {
  let s = '[';
  for (let i = 0; i < items.length; i++) {
    const v = items[i];
    if (i > 0) s += ', ';
    s += v === null ? 'null' : valueText(v);
  }
  return s + ']';
}
