/**
 * The stage an API is deployed to and its stage variables, with the rules AWS applies to both
 * on every API type (apigateway CreateStage / apigatewayv2 CreateStage; DG stage-variables,
 * http-api-stages): a stage name is 1–128 letters, digits, hyphens or underscores (HTTP APIs
 * also have `$default`, served at the root); at most 100 variables per stage, names of 1–64
 * letters, digits or underscores, values of 1–512 characters from `A-Za-z0-9-._~:/?#&=,`.
 */
import { describe, isObj, key, type DefinitionReport } from './definition-errors';

export interface StageDefinition {
  name: string;
  variables?: Record<string, string>;
}

/** WebSocket and REST APIs: the stage a definition without one deploys to. */
export const DEFAULT_STAGE_NAME = 'dev';
/** HTTP APIs: the stage served at the API's root URL (DG http-api-stages). */
export const HTTP_DEFAULT_STAGE_NAME = '$default';

const STAGE_NAME = /^[A-Za-z0-9_-]{1,128}$/;
const MAX_STAGE_VARIABLES = 100;
const VARIABLE_NAME = /^[A-Za-z0-9_]{1,64}$/;
const VARIABLE_VALUE = /^[A-Za-z0-9\-._~:/?#&=,]{1,512}$/;

/**
 * Checks `stage.name`. With `allowDefault` (HTTP APIs) `$default` is a valid name and an absent
 * one means `$default`. Returns the name to use (the fallback when it is not a string).
 */
export function checkStageName(
  name: unknown,
  report: DefinitionReport,
  options: { allowDefault?: boolean; fallback: string },
): string {
  if (options.allowDefault) {
    const n = name ?? HTTP_DEFAULT_STAGE_NAME;
    if (typeof n !== 'string' || (n !== HTTP_DEFAULT_STAGE_NAME && !STAGE_NAME.test(n)))
      report.err(
        'stage.name',
        `must be "$default" or 1–128 letters, digits, hyphens or underscores; got ${describe(n)}`,
      );
    return typeof n === 'string' ? n : options.fallback;
  }
  if (typeof name !== 'string' || !STAGE_NAME.test(name))
    report.err(
      'stage.name',
      `must be 1–128 letters, digits, hyphens or underscores; got ${describe(name)}` +
        (name === HTTP_DEFAULT_STAGE_NAME ? ' ($default stages exist only for HTTP APIs)' : ''),
    );
  return typeof name === 'string' ? name : options.fallback;
}

/** Checks `stage.variables` (when present) and returns the valid ones. */
export function checkStageVariables(variables: unknown, report: DefinitionReport): Record<string, string> {
  const valid: Record<string, string> = {};
  if (variables === undefined) return valid;
  if (!isObj(variables)) {
    report.err('stage.variables', `must be an object of strings; got ${describe(variables)}`);
    return valid;
  }
  const entries = Object.entries(variables);
  if (entries.length > MAX_STAGE_VARIABLES) report.err('stage.variables', 'at most 100 stage variables');
  for (const [k, v] of entries) {
    const p = key('stage.variables', k);
    if (!VARIABLE_NAME.test(k)) report.err(p, 'stage variable names are 1–64 letters, digits or underscores');
    if (typeof v !== 'string') report.err(p, `must be a string; got ${describe(v)}`);
    else if (!VARIABLE_VALUE.test(v))
      report.err(p, 'values are 1–512 characters from A-Z a-z 0-9 - . _ ~ : / ? # & = ,');
    else valid[k] = v;
  }
  return valid;
}
