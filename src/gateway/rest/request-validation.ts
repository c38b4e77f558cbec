/**
 * REST request validation (docs/aws-behaviour.md §5.9; DG api-gateway-method-request-validation,
 * DG api-gateway-request-validation-test): required parameters must be present and non-blank,
 * and the body must match the method's JSON-schema (draft 4) model. A failure is a 400 with
 * `{"message": "Missing required request parameters: [a, b]"}` (gateway response
 * BAD_REQUEST_PARAMETERS) or `{"message": "Invalid request body"}` (BAD_REQUEST_BODY).
 */
import type { KnownDifferenceId } from '../core/known-differences';
import { compileSafeRegex } from './vtl/regex';

/** A JSON schema (draft 4 subset) as API Gateway models use it. */
export type JsonSchema = Record<string, unknown>;

/**
 * Models every REST API has without defining them (the console's built-ins). `Empty` accepts
 * any JSON object.
 */
export const BUILT_IN_MODELS: Readonly<Record<string, JsonSchema>> = {
  Empty: { $schema: 'http://json-schema.org/draft-04/schema#', title: 'Empty Schema', type: 'object' },
  Error: {
    $schema: 'http://json-schema.org/draft-04/schema#',
    title: 'Error Schema',
    type: 'object',
    properties: { message: { type: 'string' } },
  },
};

export interface SchemaError {
  /** JSON pointer to the offending part of the instance (`''` for the root). */
  pointer: string;
  message: string;
}

export interface SchemaOptions {
  /**
   * Other models of the API, for `$ref`s of the form
   * `https://apigateway.amazonaws.com/restapis/{api}/models/{name}` (DG models-mappings).
   */
  models?: Record<string, JsonSchema>;
}

/** Deeper nesting (of data checked against recursive schemas) is reported, not recursed into. */
const MAX_DEPTH = 200;

/**
 * Validates `value` against a draft-04 schema: `type` (a name or a list), `enum`, `required`,
 * `properties`, `additionalProperties`, `patternProperties`, `min/maxProperties`, `items` (a
 * schema or a list), `additionalItems`, `min/maxItems`, `uniqueItems`, `minimum`/`maximum` (with
 * `exclusive…`), `multipleOf`, `min/maxLength`, `pattern`, `format` (email, date-time, ipv4),
 * `allOf`/`anyOf`/`oneOf`/`not`, and `$ref` to `#/definitions/x` (any JSON pointer) or another
 * model. Returns every error message; none means valid.
 *
 * The messages are worded as the Java json-schema-validator's that API Gateway reports in
 * `$context.error.validationErrorString` (UNCONFIRMED: rest-validation-error-strings).
 */
export function validateJsonSchema(schema: JsonSchema, value: unknown, options: SchemaOptions = {}): string[] {
  return validateJsonSchemaDetailed(schema, value, options).map((e) => e.message);
}

/** Like `validateJsonSchema`, with where in the instance each error is. */
export function validateJsonSchemaDetailed(
  schema: JsonSchema,
  value: unknown,
  options: SchemaOptions = {},
): SchemaError[] {
  const errors: SchemaError[] = [];
  new SchemaValidator(options.models ?? {}).check(schema, schema, value, '', errors, 0);
  return errors;
}

/** `$context.error.validationErrorString`: the messages in brackets, comma-separated. */
export function validationErrorString(errors: readonly string[]): string {
  return `[${errors.join(', ')}]`;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Draft 4's primitive type of a JSON value ("integer" for numbers with no fraction). */
function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function jsonText(v: unknown): string {
  return JSON.stringify(v) ?? 'null';
}

function jsonEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => jsonEquals(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && jsonEquals(a[k], b[k]));
  }
  return false;
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

const MODEL_URL = /^https?:\/\/apigateway\.amazonaws\.com\/restapis\/[^/]+\/models\/([^/#]+)(#.*)?$/u;

const FORMATS: Record<string, { test: (s: string) => boolean; message: (s: string) => string }> = {
  email: {
    test: (s) => /^[^@\s]+@[^@\s]+$/u.test(s),
    message: (s) => `string ${jsonText(s)} is not a valid email address`,
  },
  'date-time': {
    test: (s) =>
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,12})?(Z|[+-]\d{2}:\d{2})$/u.test(s) && !Number.isNaN(Date.parse(s)),
    message: (s) =>
      `string ${jsonText(s)} is invalid against requested date format(s) [yyyy-MM-dd'T'HH:mm:ssZ, yyyy-MM-dd'T'HH:mm:ss.[0-9]{1,12}Z]`,
  },
  ipv4: {
    test: (s) => /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/u.test(s),
    message: (s) => `string ${jsonText(s)} is not a valid IPv4 address`,
  },
};

class SchemaValidator {
  constructor(private readonly models: Record<string, JsonSchema>) {}

  /** Resolves `$ref` against `root`; returns the target schema and the root it lives in. */
  private resolve(ref: string, root: JsonSchema): { schema: JsonSchema; root: JsonSchema } | string {
    let base = root;
    let fragment = ref;
    const url = MODEL_URL.exec(ref);
    if (url) {
      const name = decodeURIComponent(url[1]);
      const model = Object.hasOwn(this.models, name) ? this.models[name] : BUILT_IN_MODELS[name];
      if (!model) return `the $ref "${ref}" names a model that does not exist`;
      base = model;
      fragment = url[2] ?? '#';
    }
    if (!fragment.startsWith('#'))
      return `the $ref "${ref}" cannot be resolved (use #/definitions/name or a model URL)`;
    let node: unknown = base;
    const path = fragment.slice(1);
    if (path !== '') {
      if (!path.startsWith('/')) return `the $ref "${ref}" cannot be resolved`;
      for (const raw of path.slice(1).split('/')) {
        const key = decodeURIComponent(raw).replaceAll('~1', '/').replaceAll('~0', '~');
        node = isObject(node) && Object.hasOwn(node, key) ? node[key] : undefined;
        if (node === undefined) return `the $ref "${ref}" cannot be resolved`;
      }
    }
    return isObject(node) ? { schema: node, root: base } : `the $ref "${ref}" does not point at a schema`;
  }

  check(schema: JsonSchema, root: JsonSchema, v: unknown, pointer: string, errors: SchemaError[], depth: number): void {
    const fail = (message: string) => errors.push({ pointer, message });
    if (depth > MAX_DEPTH) {
      fail(`the instance is nested more than ${MAX_DEPTH} levels deep (playground limit)`);
      return;
    }
    if (typeof schema.$ref === 'string') {
      // Draft 4: a $ref replaces the whole schema it appears in.
      const target = this.resolve(schema.$ref, root);
      if (typeof target === 'string') fail(target);
      else this.check(target.schema, target.root, v, pointer, errors, depth + 1);
      return;
    }

    const actual = typeOf(v);
    if (schema.type !== undefined) {
      const allowed = (Array.isArray(schema.type) ? schema.type : [schema.type]).filter((t) => typeof t === 'string');
      const ok = allowed.some((t) => t === actual || (t === 'number' && actual === 'integer'));
      if (!ok) {
        const sorted = [...allowed].sort();
        fail(`instance type (${actual}) does not match any allowed primitive type (allowed: ${jsonText(sorted)})`);
      }
    }
    if (Array.isArray(schema.enum) && !schema.enum.some((x) => jsonEquals(x, v))) {
      fail(`instance value (${jsonText(v)}) not found in enum (possible values: ${jsonText(schema.enum)})`);
    }

    if (typeof v === 'number') this.checkNumber(schema, v, fail);
    else if (typeof v === 'string') this.checkString(schema, v, fail);
    else if (Array.isArray(v)) this.checkArray(schema, root, v, pointer, errors, depth);
    else if (isObject(v)) this.checkObject(schema, root, v, pointer, errors, depth);

    this.checkCombinators(schema, root, v, pointer, depth, fail);
  }

  private checkNumber(schema: JsonSchema, v: number, fail: (m: string) => void): void {
    const min = num(schema.minimum);
    if (min !== undefined) {
      if (schema.exclusiveMinimum === true && v <= min)
        fail(`numeric instance is not strictly greater than the required minimum ${min}`);
      else if (v < min) fail(`numeric instance is lower than the required minimum (minimum: ${min}, found: ${v})`);
    }
    const max = num(schema.maximum);
    if (max !== undefined) {
      if (schema.exclusiveMaximum === true && v >= max)
        fail(`numeric instance is not strictly lower than the required maximum ${max}`);
      else if (v > max) fail(`numeric instance is greater than the required maximum (maximum: ${max}, found: ${v})`);
    }
    const mult = num(schema.multipleOf);
    if (mult !== undefined && mult > 0) {
      const q = v / mult;
      if (Math.abs(q - Math.round(q)) > 1e-9) fail(`remainder of division is not zero (${v} / ${mult})`);
    }
  }

  private checkString(schema: JsonSchema, v: string, fail: (m: string) => void): void {
    // Lengths count code points, as the JSON schema spec (and the Java validator) do.
    const length = [...v].length;
    const minLength = num(schema.minLength);
    if (minLength !== undefined && length < minLength) {
      fail(`string ${jsonText(v)} is too short (length: ${length}, required minimum: ${minLength})`);
    }
    const maxLength = num(schema.maxLength);
    if (maxLength !== undefined && length > maxLength) {
      fail(`string ${jsonText(v)} is too long (length: ${length}, maximum allowed: ${maxLength})`);
    }
    if (typeof schema.pattern === 'string') {
      // ECMA 262 semantics, unanchored; refused shapes that could hang the page count as a mismatch.
      const re = compileSafeRegex(schema.pattern, 'ecma');
      if (!re.ok) fail(`the pattern cannot be used: ${re.message}`);
      else if (!re.regex.test(v))
        fail(`ECMA 262 regex ${jsonText(schema.pattern)} does not match input string ${jsonText(v)}`);
    }
    if (typeof schema.format === 'string' && Object.hasOwn(FORMATS, schema.format)) {
      const f = FORMATS[schema.format];
      if (!f.test(v)) fail(f.message(v));
    }
  }

  private checkArray(
    schema: JsonSchema,
    root: JsonSchema,
    v: unknown[],
    pointer: string,
    errors: SchemaError[],
    depth: number,
  ): void {
    const fail = (message: string) => errors.push({ pointer, message });
    const minItems = num(schema.minItems);
    if (minItems !== undefined && v.length < minItems) {
      fail(`array is too short: must have at least ${minItems} elements but instance has ${v.length} elements`);
    }
    const maxItems = num(schema.maxItems);
    if (maxItems !== undefined && v.length > maxItems) {
      fail(`array is too long: must have at most ${maxItems} elements but instance has ${v.length} elements`);
    }
    if (schema.uniqueItems === true && v.some((x, i) => v.findIndex((y) => jsonEquals(x, y)) !== i)) {
      fail('array must not contain duplicate elements');
    }
    if (isObject(schema.items)) {
      v.forEach((x, i) => this.check(schema.items as JsonSchema, root, x, `${pointer}/${i}`, errors, depth + 1));
    } else if (Array.isArray(schema.items)) {
      const tuple = schema.items;
      v.forEach((x, i) => {
        if (i < tuple.length) {
          if (isObject(tuple[i])) this.check(tuple[i] as JsonSchema, root, x, `${pointer}/${i}`, errors, depth + 1);
        } else if (schema.additionalItems === false) {
          if (i === tuple.length) {
            fail(
              `array instance has more elements than allowed by the schema (found ${v.length}, max allowed ${tuple.length})`,
            );
          }
        } else if (isObject(schema.additionalItems)) {
          this.check(schema.additionalItems, root, x, `${pointer}/${i}`, errors, depth + 1);
        }
      });
    }
  }

  private checkObject(
    schema: JsonSchema,
    root: JsonSchema,
    v: Record<string, unknown>,
    pointer: string,
    errors: SchemaError[],
    depth: number,
  ): void {
    const fail = (message: string) => errors.push({ pointer, message });
    const keys = Object.keys(v);
    if (Array.isArray(schema.required)) {
      const missing = schema.required.filter((k): k is string => typeof k === 'string' && !Object.hasOwn(v, k));
      if (missing.length > 0) fail(`object has missing required properties (${jsonText([...missing].sort())})`);
    }
    const minProps = num(schema.minProperties);
    if (minProps !== undefined && keys.length < minProps) {
      fail(`object has too few properties (found ${keys.length} but schema requires at least ${minProps})`);
    }
    const maxProps = num(schema.maxProperties);
    if (maxProps !== undefined && keys.length > maxProps) {
      fail(`object has too many properties (found ${keys.length} but schema requires at most ${maxProps})`);
    }
    const properties = isObject(schema.properties) ? schema.properties : {};
    const patterns: Array<[RegExp, JsonSchema]> = [];
    if (isObject(schema.patternProperties)) {
      for (const [p, s] of Object.entries(schema.patternProperties)) {
        const re = compileSafeRegex(p, 'ecma');
        if (!re.ok) fail(`the pattern cannot be used: ${re.message}`);
        else if (isObject(s)) patterns.push([re.regex, s]);
      }
    }
    const extra: string[] = [];
    for (const k of keys) {
      const child = `${pointer}/${k.replaceAll('~', '~0').replaceAll('/', '~1')}`;
      let matched = false;
      if (Object.hasOwn(properties, k) && isObject(properties[k])) {
        matched = true;
        this.check(properties[k] as JsonSchema, root, v[k], child, errors, depth + 1);
      }
      for (const [re, s] of patterns) {
        if (re.test(k)) {
          matched = true;
          this.check(s, root, v[k], child, errors, depth + 1);
        }
      }
      if (!matched) {
        if (schema.additionalProperties === false) extra.push(k);
        else if (isObject(schema.additionalProperties)) {
          this.check(schema.additionalProperties, root, v[k], child, errors, depth + 1);
        }
      }
    }
    if (extra.length > 0) {
      fail(`object instance has properties which are not allowed by the schema: ${jsonText(extra.sort())}`);
    }
  }

  private checkCombinators(
    schema: JsonSchema,
    root: JsonSchema,
    v: unknown,
    pointer: string,
    depth: number,
    fail: (m: string) => void,
  ): void {
    const passes = (s: unknown) => {
      if (!isObject(s)) return true;
      const sub: SchemaError[] = [];
      this.check(s, root, v, pointer, sub, depth + 1);
      return sub.length === 0;
    };
    if (Array.isArray(schema.allOf)) {
      const matched = schema.allOf.filter(passes).length;
      if (matched < schema.allOf.length) {
        fail(`instance failed to match all required schemas (matched only ${matched} out of ${schema.allOf.length})`);
      }
    }
    if (Array.isArray(schema.anyOf) && !schema.anyOf.some(passes)) {
      fail(`instance failed to match at least one required schema among ${schema.anyOf.length}`);
    }
    if (Array.isArray(schema.oneOf)) {
      const matched = schema.oneOf.filter(passes).length;
      if (matched !== 1) {
        fail(`instance failed to match exactly one schema (matched ${matched} out of ${schema.oneOf.length})`);
      }
    }
    if (isObject(schema.not) && passes(schema.not)) fail('instance matched a schema which it should not have');
  }
}

// ---------------------------------------------------------------------------------------------
// Request validation

interface RequestValidator {
  validateRequestBody?: boolean;
  validateRequestParameters?: boolean;
}

type ParamValues = Record<string, string | string[] | undefined>;

export interface ValidateRequestInput {
  validator: RequestValidator;
  /** Names of required parameters as AWS writes them: `method.request.querystring.qs1`. */
  requiredParameters: string[];
  request: { headers: ParamValues; querystring: ParamValues; path: ParamValues };
  /** The model for this request, already chosen. Otherwise chosen from `requestModels` by content type. */
  model?: JsonSchema;
  /** The method's content type → model name map (e.g. `{ "application/json": "Pet" }`). */
  requestModels?: Record<string, string>;
  /** The API's models, for `requestModels` and cross-model `$ref`s. */
  models?: Record<string, JsonSchema>;
  body?: string;
  /** The request's Content-Type; API Gateway assumes `application/json` when there is none. */
  contentType?: string;
}

export type ValidateRequestResult =
  | { ok: true }
  | {
      ok: false;
      statusCode: 400;
      responseType: 'BAD_REQUEST_PARAMETERS' | 'BAD_REQUEST_BODY';
      errorType: 'BadRequestException';
      message: string;
      /** The schema errors (body) or the missing names (parameters), for the trace. */
      validationErrors: string[];
      /** Set when the order of several missing parameters follows the playground's rule. */
      unconfirmed?: KnownDifferenceId;
    };

const LOCATIONS: Record<string, 'header' | 'querystring' | 'path'> = {
  header: 'header',
  multivalueheader: 'header',
  querystring: 'querystring',
  multivaluequerystring: 'querystring',
  path: 'path',
};

function present(v: string | string[] | undefined): boolean {
  if (Array.isArray(v)) return v.some((x) => x.trim() !== '');
  return v !== undefined && v.trim() !== '';
}

/**
 * Chooses the model for a request's content type: an exact media-type match, else `$default`.
 * None means the body cannot be validated (DG api-gateway-method-request-validation: "when no
 * model schema can be matched", passthrough decides).
 */
export function selectRequestModel(
  requestModels: Record<string, string> | undefined,
  contentType: string | undefined,
): string | undefined {
  if (!requestModels) return undefined;
  const media = (contentType ?? 'application/json').split(';')[0].trim().toLowerCase() || 'application/json';
  for (const [type, model] of Object.entries(requestModels)) {
    if (type.toLowerCase() === media) return model;
  }
  return Object.hasOwn(requestModels, '$default') ? requestModels.$default : undefined;
}

/**
 * Runs a request validator (DG api-gateway-method-request-validation): parameters first, then
 * the body. Required parameters must be present and non-blank (DG api-gateway-request-validation-test:
 * `GET /validation?q1=` fails like a missing `q1`); header names ignore case. The missing names
 * are listed sorted by location then name (header, path, querystring), which reproduces the
 * AWS-recorded `[x-header-param, issuer, qs1]` (LocalStack test_apigateway_common snapshot);
 * the general rule is UNCONFIRMED (rest-validation-param-order). An empty body is validated as
 * `{}` and a body that is not JSON is invalid (LocalStack method_request.py).
 */
export function validateRequest(input: ValidateRequestInput): ValidateRequestResult {
  const { validator, request } = input;
  if (validator.validateRequestParameters) {
    const missing: Array<{ key: string; name: string }> = [];
    for (const param of input.requiredParameters) {
      const m = /^method\.request\.([a-z]+)\.(.+)$/u.exec(param);
      const where = m ? LOCATIONS[m[1]] : undefined;
      if (!m || !where) continue;
      const name = m[2];
      let value: string | string[] | undefined;
      if (where === 'header') {
        const lower = name.toLowerCase();
        for (const [k, v] of Object.entries(request.headers)) if (k.toLowerCase() === lower && present(v)) value = v;
      } else value = Object.hasOwn(request[where], name) ? request[where][name] : undefined;
      if (!present(value)) missing.push({ key: `${where}.${name}`, name });
    }
    if (missing.length > 0) {
      missing.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      const names = missing.map((x) => x.name);
      return {
        ok: false,
        statusCode: 400,
        responseType: 'BAD_REQUEST_PARAMETERS',
        errorType: 'BadRequestException',
        message: `Missing required request parameters: [${names.join(', ')}]`,
        validationErrors: names,
        ...(names.length > 1 ? { unconfirmed: 'rest-validation-param-order' as const } : {}),
      };
    }
  }

  if (validator.validateRequestBody) {
    const models = input.models ?? {};
    let schema = input.model;
    if (!schema) {
      const name = selectRequestModel(input.requestModels, input.contentType);
      if (name === undefined) return { ok: true };
      schema = Object.hasOwn(models, name) ? models[name] : BUILT_IN_MODELS[name];
      if (!schema) return invalidBody([`the model "${name}" is not defined`]);
    }
    const text = input.body ?? '';
    let value: unknown;
    try {
      value = JSON.parse(text.trim() === '' ? '{}' : text);
    } catch (e) {
      return invalidBody([`the body is not valid JSON: ${(e as Error).message}`]);
    }
    const errors = validateJsonSchema(schema, value, { models });
    if (errors.length > 0) return invalidBody(errors);
  }
  return { ok: true };
}

function invalidBody(validationErrors: string[]): ValidateRequestResult {
  return {
    ok: false,
    statusCode: 400,
    responseType: 'BAD_REQUEST_BODY',
    errorType: 'BadRequestException',
    message: 'Invalid request body',
    validationErrors,
    unconfirmed: 'rest-validation-error-strings',
  };
}
