/**
 * The Lambda functions a definition declares (`functions` in api.json), the same on every API
 * type: the definition type, Lambda's defaults and the one validation of the `functions` map
 * (Lambda DG configuration-function-common, configuration-envvars, nodejs-handler).
 */
import type { FunctionConfig } from './invoker';
import { describe, isObj, join, key, listOrNone, q, type DefinitionReport, type Obj } from './definition-errors';

/** A function as an API definition declares it: `{ handler, timeout?, memorySize?, environment? }`. */
export type LambdaFunctionDefinition = Partial<FunctionConfig> & { handler: string };

/** Lambda's defaults: timeout 3 s, memory 128 MB. */
export const LAMBDA_DEFAULT_TIMEOUT_S = 3;
export const LAMBDA_DEFAULT_MEMORY_MB = 128;

/**
 * Names Lambda sets itself and refuses in a function's configuration (Lambda DG
 * configuration-envvars, "Defined runtime environment variables": "The keys for these
 * environment variables are reserved and cannot be set in your function configuration").
 */
export const LAMBDA_RESERVED_ENVIRONMENT_VARIABLES: ReadonlySet<string> = new Set([
  '_HANDLER',
  '_X_AMZN_TRACE_ID',
  'AWS_DEFAULT_REGION',
  'AWS_REGION',
  'AWS_EXECUTION_ENV',
  'AWS_LAMBDA_FUNCTION_NAME',
  'AWS_LAMBDA_FUNCTION_MEMORY_SIZE',
  'AWS_LAMBDA_FUNCTION_VERSION',
  'AWS_LAMBDA_INITIALIZATION_TYPE',
  'AWS_LAMBDA_LOG_GROUP_NAME',
  'AWS_LAMBDA_LOG_STREAM_NAME',
  'AWS_ACCESS_KEY',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_LAMBDA_RUNTIME_API',
  'LAMBDA_TASK_ROOT',
  'LAMBDA_RUNTIME_DIR',
]);

/**
 * A Node.js handler as Lambda documents it (DG nodejs-handler): the file name and the exported
 * handler's name separated by a dot, `index.handler`, optionally in a folder,
 * `src/handlers/index.handler`. The runtime takes the module up to the first dot of the last path
 * segment and reads the rest as the export (a nested property when it has more dots, as the
 * Node.js runtime interface client does), so the file name holds no dot and each part of the
 * export is a JavaScript identifier. CreateFunction allows at most 128 characters.
 */
const HANDLER = /^(?:[^\s/]+\/)*[^\s./]+(?:\.[A-Za-z_$][\w$]*)+$/;
const MAX_HANDLER_LENGTH = 128;
/** CreateFunction FunctionName: letters, digits, hyphens and underscores, at most 64. */
const FUNCTION_NAME = /^[A-Za-z0-9_-]{1,64}$/;
/** Lambda environment variable keys: a letter first, then letters, digits and underscores. */
const ENV_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
const FUNCTION_KEYS = ['handler', 'timeout', 'memorySize', 'environment'];

/** Whether `handler` has the documented `file.export` shape. */
export function isValidHandler(handler: unknown): handler is string {
  return typeof handler === 'string' && handler.length <= MAX_HANDLER_LENGTH && HANDLER.test(handler);
}

/**
 * Checks the `functions` map (required on every API type) and applies Lambda's defaults
 * (timeout 3 s, memory 128 MB, no environment). Returns the functions with their defaults and
 * the declared names (also of invalid entries, so references to them are not reported twice).
 */
export function validateFunctions(
  input: unknown,
  report: DefinitionReport,
): { functions: Record<string, LambdaFunctionDefinition>; names: string[] } {
  const { err } = report;
  const functions: Record<string, LambdaFunctionDefinition> = {};
  if (!isObj(input)) {
    err('functions', `required: an object of Lambda functions keyed by name; got ${describe(input)}`);
    return { functions, names: [] };
  }
  for (const [name, fn] of Object.entries(input)) {
    const p = key('functions', name);
    if (!FUNCTION_NAME.test(name)) err(p, 'function names are 1–64 letters, digits, hyphens or underscores');
    if (!isObj(fn)) {
      err(p, `must be an object like {"handler": "index.handler"}; got ${describe(fn)}`);
      continue;
    }
    report.unknownKeys(fn, FUNCTION_KEYS, p);
    if (!isValidHandler(fn.handler))
      err(
        join(p, 'handler'),
        `must be "file.export" (at most 128 characters), e.g. "onconnect.handler" or "src/app.handler"; got ${describe(fn.handler)}`,
      );
    const timeout = fn.timeout ?? LAMBDA_DEFAULT_TIMEOUT_S;
    // Lambda: 1–900 seconds.
    if (typeof timeout !== 'number' || !Number.isInteger(timeout) || timeout < 1 || timeout > 900)
      err(join(p, 'timeout'), `must be a whole number of seconds from 1 to 900; got ${describe(timeout)}`);
    const memorySize = fn.memorySize ?? LAMBDA_DEFAULT_MEMORY_MB;
    // Lambda: 128–10240 MB.
    if (typeof memorySize !== 'number' || !Number.isInteger(memorySize) || memorySize < 128 || memorySize > 10240)
      err(join(p, 'memorySize'), `must be a whole number of MB from 128 to 10240; got ${describe(memorySize)}`);
    functions[name] = {
      handler: fn.handler as string,
      timeout: timeout as number,
      memorySize: memorySize as number,
      environment: checkEnvironment(fn.environment, join(p, 'environment'), report),
    };
  }
  return { functions, names: Object.keys(input) };
}

function checkEnvironment(input: unknown, path: string, report: DefinitionReport): Record<string, string> {
  const environment: Record<string, string> = {};
  if (input === undefined) return environment;
  if (!isObj(input)) {
    report.err(path, `must be an object of strings; got ${describe(input)}`);
    return environment;
  }
  for (const [k, v] of Object.entries(input)) {
    const ep = key(path, k);
    if (LAMBDA_RESERVED_ENVIRONMENT_VARIABLES.has(k)) report.err(ep, `${k} is reserved by Lambda`);
    else if (!ENV_NAME.test(k))
      report.err(ep, 'names start with a letter and use only letters, digits and underscores');
    if (typeof v !== 'string') report.err(ep, `must be a string; got ${describe(v)}`);
    else environment[k] = v;
  }
  return environment;
}

/** Checks a reference to a function (`integration.function`, `authorizer.function`). */
export function checkFunctionRef(
  names: readonly string[],
  path: string,
  value: unknown,
  report: DefinitionReport,
): void {
  if (typeof value !== 'string' || value === '')
    report.err(path, `required: the name of a function in "functions"; got ${describe(value)}`);
  else if (!names.includes(value))
    report.err(path, `no function named ${q(value)} (functions are: ${listOrNone(names)})`);
}

/** A Lambda proxy integration as WebSocket and HTTP APIs declare it. */
export interface ProxyIntegration {
  type: 'AWS_PROXY';
  function: string;
  timeoutInMillis: number;
}

/**
 * Checks the parts of a Lambda proxy integration (`{"type": "AWS_PROXY", "function": "…"}`)
 * WebSocket and HTTP APIs share: the type (only Lambda proxy integrations are modelled), the
 * function it calls, and the integration timeout within the API type's range (default: its
 * maximum; docs/aws-behaviour.md §4).
 */
export function checkProxyIntegration(
  integ: Obj,
  path: string,
  report: DefinitionReport,
  context: { functionNames: readonly string[]; minTimeoutMs: number; maxTimeoutMs: number },
): ProxyIntegration {
  const type = integ.type ?? 'AWS_PROXY';
  if (type !== 'AWS_PROXY')
    report.err(
      join(path, 'type'),
      `only "AWS_PROXY" (Lambda proxy) integrations are supported here; got ${describe(type)}`,
    );
  checkFunctionRef(context.functionNames, join(path, 'function'), integ.function, report);
  const { minTimeoutMs: min, maxTimeoutMs: max } = context;
  const t = integ.timeoutInMillis ?? max;
  if (typeof t !== 'number' || !Number.isInteger(t) || t < min || t > max)
    report.err(join(path, 'timeoutInMillis'), `must be a whole number from ${min} to ${max}; got ${describe(t)}`);
  return { type: 'AWS_PROXY', function: integ.function as string, timeoutInMillis: t as number };
}
