/**
 * Route selection expressions (PLACEHOLDER implementation: only `$request.body.a.b`).
 * Being replaced by the full grammar of aws-api-gateway.md §1.1; the exported signatures
 * below are the contract and stay.
 */

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
  | { ok: true; expression: CompiledSelectionExpression }
  | { ok: false; error: SelectionExpressionError };

/** Compiles a WebSocket route selection expression (DG: apigateway-websocket-api-selection-expressions). */
export function compileSelectionExpression(source: string): CompileResult {
  const m = /^\$request\.body\.([A-Za-z_][\w.]*)$/.exec(source);
  if (!m) return { ok: false, error: { message: 'Unsupported expression', start: 0, end: source.length } };
  const path = m[1].split('.');
  return {
    ok: true,
    expression: {
      source,
      isStatic: false,
      evaluate(body) {
        let v: unknown;
        try {
          v = JSON.parse(body);
        } catch {
          return { ok: false, reason: 'not-json' };
        }
        for (const k of path) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined;
        return { ok: true, value: v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v) };
      },
    },
  };
}
