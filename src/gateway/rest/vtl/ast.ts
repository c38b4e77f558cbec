/**
 * The parsed form of a mapping template (Velocity Template Language, the subset API Gateway
 * templates use). Plain data: a template is parsed once and rendered many times, and nothing
 * in it is ever handed to a JavaScript evaluator.
 *
 * `at` is a UTF-16 offset into the template source; errors turn it into a line and column.
 */

export type TemplateNode =
  | { type: 'text'; value: string }
  | ReferenceNode
  | { type: 'set'; at: number; target: Reference; value: Expr }
  | {
      type: 'if';
      at: number;
      branches: Array<{ at: number; cond: Expr; body: TemplateNode[] }>;
      otherwise?: TemplateNode[];
    }
  | { type: 'foreach'; at: number; variable: string; iterable: Expr; body: TemplateNode[] }
  | { type: 'define'; at: number; name: string; body: TemplateNode[] }
  | { type: 'break'; at: number }
  | { type: 'stop'; at: number };

/** A `$reference` written in template text: rendered, or left as written when it has no value. */
export interface ReferenceNode {
  type: 'reference';
  ref: Reference;
}

/** `$name`, `$!name`, `${name}`, followed by `.property`, `.method(args)` and `[index]` steps. */
export interface Reference {
  at: number;
  name: string;
  steps: Step[];
  /** `$!`: renders nothing when the reference has no value. */
  quiet: boolean;
  /** The reference exactly as written, for rendering it literally. */
  raw: string;
}

export type Step =
  | { kind: 'property'; at: number; name: string }
  | { kind: 'call'; at: number; name: string; args: Expr[] }
  | { kind: 'index'; at: number; index: Expr };

export type BinaryOp = '||' | '&&' | '==' | '!=' | '<' | '>' | '<=' | '>=' | '+' | '-' | '*' | '/' | '%';

export type Expr =
  | { type: 'literal'; at: number; value: string | number | boolean | null }
  /** A double-quoted string: its content is itself a template (references are interpolated). */
  | { type: 'interpolated'; at: number; parts: TemplateNode[] }
  | { type: 'list'; at: number; items: Expr[] }
  | { type: 'range'; at: number; from: Expr; to: Expr }
  | { type: 'map'; at: number; entries: Array<[Expr, Expr]> }
  | { type: 'ref'; at: number; ref: Reference }
  | { type: 'not'; at: number; operand: Expr }
  | { type: 'negate'; at: number; operand: Expr }
  | { type: 'binary'; at: number; op: BinaryOp; left: Expr; right: Expr };

/** A parsed template, ready to render. */
export interface VtlTemplate {
  readonly source: string;
  readonly nodes: readonly TemplateNode[];
}

/** An error with its place in the template: 1-based line and column (UTF-16 units). */
export interface VtlError {
  message: string;
  line: number;
  column: number;
}
