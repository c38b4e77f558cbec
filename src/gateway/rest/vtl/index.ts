/**
 * REST API mapping templates: parse and render the Velocity (VTL) subset API Gateway uses
 * (DG api-gateway-mapping-template-reference, DG models-mappings; docs/aws-behaviour.md §5.9).
 *
 * Templates are untrusted (learner code, shared links): they are parsed into data and walked by
 * an interpreter that can call only the methods it implements. Nothing is ever eval'd, and
 * runaway templates stop at the playground's step and output limits.
 */
import type { KnownDifferenceId } from '../../core/known-differences';
import type { VtlError, VtlTemplate } from './ast';
import type { VtlContext } from './context';
import { Renderer, type RenderOptions, type VtlOverrides } from './interpreter';
import { VtlRuntimeError } from './values';
import { parseVtl, positionOf } from './parser';

export type { VtlError, VtlTemplate } from './ast';
export { buildVtlContext, type VtlContext } from './context';
export { MAX_FOREACH_ITERATIONS, type RenderOptions, type VtlOverrides } from './interpreter';

/** Parses a mapping template; a syntax error names its 1-based line and column. */
export function parseTemplate(source: string): { ok: true; template: VtlTemplate } | { ok: false; error: VtlError } {
  const r = parseVtl(source);
  return r.ok ? r : { ok: false, error: r.error };
}

export type RenderResult =
  | {
      ok: true;
      output: string;
      /** What the template set in `$context.requestOverride` / `$context.responseOverride`. */
      overrides: VtlOverrides;
      /** Set when the output depends on an unconfirmed choice: label the trace event with it. */
      unconfirmed?: KnownDifferenceId;
    }
  | {
      ok: false;
      /** `parse`: the template is malformed. `render`: it failed while running (bad JSON, a limit, …). */
      phase: 'parse' | 'render';
      error: VtlError;
      /** Set when a playground guard, not AWS, refused the template (rest-vtl-playground-limits). */
      unconfirmed?: KnownDifferenceId;
    };

/**
 * Renders a template (source text, or a template from `parseTemplate`) against a context from
 * `buildVtlContext`, as API Gateway does for integration request and response templates
 * (DG api-gateway-mapping-template-reference). The context is never modified.
 */
export function renderTemplate(source: string | VtlTemplate, ctx: VtlContext, options?: RenderOptions): RenderResult {
  let template: VtlTemplate;
  if (typeof source === 'string') {
    const parsed = parseVtl(source);
    if (!parsed.ok) {
      return {
        ok: false,
        phase: 'parse',
        error: parsed.error,
        ...(parsed.playgroundLimit ? { unconfirmed: 'rest-vtl-playground-limits' as const } : {}),
      };
    }
    template = parsed.template;
  } else template = source;
  const renderer = new Renderer(ctx, options);
  try {
    const output = renderer.render(template);
    return {
      ok: true,
      output,
      overrides: renderer.overrides(),
      ...(renderer.usedUnconfirmed
        ? { unconfirmed: 'rest-vtl-edge-cases' as const }
        : renderer.usedNullEmpty
          ? { unconfirmed: 'rest-vtl-null-empty' as const }
          : {}),
    };
  } catch (e) {
    if (e instanceof VtlRuntimeError) {
      return {
        ok: false,
        phase: 'render',
        error: positionOf(template.source, e.message, e.at),
        ...(e.playgroundLimit ? { unconfirmed: 'rest-vtl-playground-limits' as const } : {}),
      };
    }
    if (e instanceof RangeError) {
      // A stack overflow from pathological data or a template: report it rather than crash the gateway.
      return {
        ok: false,
        phase: 'render',
        error: positionOf(template.source, `the template is too complex: ${e.message}`, 0),
        unconfirmed: 'rest-vtl-playground-limits',
      };
    }
    throw e;
  }
}
