import { describe, expect, it } from 'vitest';
import {
  selectRequestModel,
  validateJsonSchema,
  validateJsonSchemaDetailed,
  validateRequest,
  validationErrorString,
  type JsonSchema,
  type ValidateRequestInput,
} from './request-validation';

/** The model of the DG's sample API (api-gateway-request-validation-sample-api-swagger). */
const REQUEST_BODY_MODEL: JsonSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    type: { type: 'string', enum: ['dog', 'cat', 'fish'] },
    name: { type: 'string' },
    price: { type: 'number', minimum: 25, maximum: 500 },
  },
  required: ['type', 'name', 'price'],
};

const ALL = { validateRequestBody: true, validateRequestParameters: true };
const PARAMS_ONLY = { validateRequestBody: false, validateRequestParameters: true };

function req(over: Partial<ValidateRequestInput> = {}): ValidateRequestInput {
  return {
    validator: ALL,
    requiredParameters: [],
    request: { headers: {}, querystring: {}, path: {} },
    ...over,
  };
}

describe('validateRequest (DG api-gateway-request-validation-test)', () => {
  it('passes GET /validation?q1=cat: the required q1 is set and not blank', () => {
    expect(
      validateRequest(
        req({
          validator: PARAMS_ONLY,
          requiredParameters: ['method.request.querystring.q1'],
          request: { headers: {}, path: {}, querystring: { q1: 'cat' } },
        }),
      ),
    ).toEqual({ ok: true });
  });

  it('fails GET /validation with 400 "Missing required request parameters: [q1]"', () => {
    expect(
      validateRequest(req({ validator: PARAMS_ONLY, requiredParameters: ['method.request.querystring.q1'] })),
    ).toEqual({
      ok: false,
      statusCode: 400,
      responseType: 'BAD_REQUEST_PARAMETERS',
      errorType: 'BadRequestException',
      message: 'Missing required request parameters: [q1]',
      validationErrors: ['q1'],
    });
  });

  it('fails GET /validation?q1= the same way: a blank value counts as missing', () => {
    const r = validateRequest(
      req({
        validator: PARAMS_ONLY,
        requiredParameters: ['method.request.querystring.q1'],
        request: { headers: {}, path: {}, querystring: { q1: '' } },
      }),
    );
    expect(r).toMatchObject({ ok: false, message: 'Missing required request parameters: [q1]' });
  });

  it('passes POST /validation with h1 and a body that matches the model', () => {
    const r = validateRequest(
      req({
        requiredParameters: ['method.request.header.h1'],
        request: { headers: { H1: 'v1' }, querystring: {}, path: {} },
        model: REQUEST_BODY_MODEL,
        body: '{"name":"Marco","type":"dog","price":260}',
      }),
    );
    expect(r).toEqual({ ok: true });
  });

  it('fails POST /validation without h1 with "Missing required request parameters: [h1]", before looking at the body', () => {
    const r = validateRequest(
      req({ requiredParameters: ['method.request.header.h1'], model: REQUEST_BODY_MODEL, body: 'not json' }),
    );
    expect(r).toMatchObject({
      ok: false,
      responseType: 'BAD_REQUEST_PARAMETERS',
      message: 'Missing required request parameters: [h1]',
    });
  });

  it('fails a type of "bird" (not in the enum) and a price of 501 with 400 "Invalid request body"', () => {
    for (const body of ['{"name":"Molly","type":"bird","price":269}', '{"name":"Molly","type":"dog","price":501}']) {
      expect(validateRequest(req({ model: REQUEST_BODY_MODEL, body })), body).toMatchObject({
        ok: false,
        statusCode: 400,
        responseType: 'BAD_REQUEST_BODY',
        errorType: 'BadRequestException',
        message: 'Invalid request body',
        unconfirmed: 'rest-validation-error-strings',
      });
    }
  });

  it('lists several missing parameters header, path, querystring, as AWS recorded (LS snapshot; UNCONFIRMED: rest-validation-param-order)', () => {
    const r = validateRequest(
      req({
        validator: PARAMS_ONLY,
        requiredParameters: [
          'method.request.querystring.qs1',
          'method.request.path.issuer',
          'method.request.header.x-header-param',
        ],
      }),
    );
    expect(r).toMatchObject({
      ok: false,
      message: 'Missing required request parameters: [x-header-param, issuer, qs1]',
      unconfirmed: 'rest-validation-param-order',
    });
  });

  it('skips what the validator does not enable', () => {
    expect(
      validateRequest(
        req({
          validator: {},
          requiredParameters: ['method.request.querystring.q'],
          model: REQUEST_BODY_MODEL,
          body: '[]',
        }),
      ),
    ).toEqual({
      ok: true,
    });
    expect(
      validateRequest(
        req({ validator: { validateRequestBody: true }, requiredParameters: ['method.request.querystring.q'] }),
      ),
    ).toEqual({
      ok: true,
    });
  });

  it('validates an empty body as {} and rejects a body that is not JSON (LocalStack method_request.py)', () => {
    expect(validateRequest(req({ model: { type: 'object' }, body: '' }))).toEqual({ ok: true });
    expect(validateRequest(req({ model: REQUEST_BODY_MODEL, body: '' }))).toMatchObject({
      ok: false,
      message: 'Invalid request body',
    });
    expect(validateRequest(req({ model: { type: 'object' }, body: '{oops' }))).toMatchObject({
      ok: false,
      message: 'Invalid request body',
    });
  });

  it('picks the model by content type from requestModels, and validates nothing when none matches', () => {
    const models = { Pet: REQUEST_BODY_MODEL };
    const bad = '{"type":"bird"}';
    expect(validateRequest(req({ requestModels: { 'application/json': 'Pet' }, models, body: bad }))).toMatchObject({
      ok: false,
    });
    expect(
      validateRequest(
        req({
          requestModels: { 'application/json': 'Pet' },
          models,
          body: bad,
          contentType: 'Application/JSON; charset=utf-8',
        }),
      ),
    ).toMatchObject({
      ok: false,
    });
    expect(
      validateRequest(
        req({ requestModels: { 'application/json': 'Pet' }, models, body: bad, contentType: 'text/plain' }),
      ),
    ).toEqual({ ok: true });
    expect(
      validateRequest(req({ requestModels: { $default: 'Empty' }, body: '[1]', contentType: 'text/plain' })),
    ).toMatchObject({ ok: false });
    expect(selectRequestModel({ 'application/xml': 'X', $default: 'D' }, undefined)).toBe('D');
  });
});

describe('validateJsonSchema (JSON schema draft 4, as API Gateway models use it)', () => {
  it('accepts a valid instance with no errors', () => {
    expect(validateJsonSchema(REQUEST_BODY_MODEL, { id: 7, name: 'Rex', type: 'cat', price: 25 })).toEqual([]);
  });

  it("reports type, required, enum and range errors in the Java validator's words (UNCONFIRMED: rest-validation-error-strings)", () => {
    expect(validateJsonSchema(REQUEST_BODY_MODEL, { id: 1.5, type: 'bird', price: 501 })).toEqual([
      'object has missing required properties (["name"])',
      'instance type (number) does not match any allowed primitive type (allowed: ["integer"])',
      'instance value ("bird") not found in enum (possible values: ["dog","cat","fish"])',
      'numeric instance is greater than the required maximum (maximum: 500, found: 501)',
    ]);
    expect(validateJsonSchema(REQUEST_BODY_MODEL, [])).toEqual([
      'instance type (array) does not match any allowed primitive type (allowed: ["object"])',
    ]);
  });

  it('accepts a list of types, and integers where a number is allowed', () => {
    const schema = { type: ['string', 'null'] };
    expect([
      validateJsonSchema(schema, null),
      validateJsonSchema(schema, 'x'),
      validateJsonSchema(schema, 1).length,
    ]).toEqual([[], [], 1]);
    expect(validateJsonSchema({ type: 'number' }, 3)).toEqual([]);
  });

  it('checks string lengths (in code points) and ECMA 262 patterns', () => {
    const schema = { type: 'string', minLength: 2, maxLength: 3, pattern: '^[a-z😀]+$' };
    expect(validateJsonSchema(schema, 'ab😀')).toEqual([]);
    expect(validateJsonSchema(schema, 'a')).toEqual(['string "a" is too short (length: 1, required minimum: 2)']);
    expect(validateJsonSchema(schema, 'abcd')).toEqual(['string "abcd" is too long (length: 4, maximum allowed: 3)']);
    expect(validateJsonSchema(schema, 'AB')).toEqual(['ECMA 262 regex "^[a-z😀]+$" does not match input string "AB"']);
  });

  it('checks minimum/maximum, exclusive bounds and multipleOf', () => {
    expect(validateJsonSchema({ minimum: 25 }, 24)).toEqual([
      'numeric instance is lower than the required minimum (minimum: 25, found: 24)',
    ]);
    expect(validateJsonSchema({ minimum: 25, exclusiveMinimum: true }, 25)).toEqual([
      'numeric instance is not strictly greater than the required minimum 25',
    ]);
    expect(validateJsonSchema({ maximum: 5, exclusiveMaximum: true }, 5)).toEqual([
      'numeric instance is not strictly lower than the required maximum 5',
    ]);
    expect(validateJsonSchema({ multipleOf: 0.01 }, 1.23)).toEqual([]);
    expect(validateJsonSchema({ multipleOf: 2 }, 3)).toEqual(['remainder of division is not zero (3 / 2)']);
  });

  it('checks array items (a schema or a tuple), lengths and uniqueness', () => {
    const schema = { type: 'array', items: { type: 'integer' }, minItems: 1, maxItems: 3, uniqueItems: true };
    expect(validateJsonSchema(schema, [1, 2])).toEqual([]);
    expect(validateJsonSchema(schema, [])).toEqual([
      'array is too short: must have at least 1 elements but instance has 0 elements',
    ]);
    expect(validateJsonSchema(schema, [1, 1, 'x', 4])).toEqual([
      'array is too long: must have at most 3 elements but instance has 4 elements',
      'array must not contain duplicate elements',
      'instance type (string) does not match any allowed primitive type (allowed: ["integer"])',
    ]);
    expect(validateJsonSchema({ items: [{ type: 'string' }], additionalItems: false }, ['a', 'b']).length).toBe(1);
  });

  it('checks additionalProperties, patternProperties and the number of properties', () => {
    expect(validateJsonSchema({ properties: { a: {} }, additionalProperties: false }, { a: 1, z: 2, b: 3 })).toEqual([
      'object instance has properties which are not allowed by the schema: ["b","z"]',
    ]);
    expect(
      validateJsonSchema(
        { patternProperties: { '^x-': { type: 'string' } }, additionalProperties: false },
        { 'x-a': 'ok' },
      ),
    ).toEqual([]);
    expect(validateJsonSchema({ additionalProperties: { type: 'integer' } }, { n: 'x' }).length).toBe(1);
    expect(validateJsonSchema({ minProperties: 1 }, {})).toEqual([
      'object has too few properties (found 0 but schema requires at least 1)',
    ]);
  });

  it('resolves $ref to #/definitions and to another model by its URL', () => {
    const schema = {
      type: 'object',
      properties: {
        pet: { $ref: '#/definitions/Pet' },
        owner: { $ref: 'https://apigateway.amazonaws.com/restapis/abc/models/Owner' },
      },
      definitions: { Pet: REQUEST_BODY_MODEL },
    };
    const models = {
      Owner: { type: 'object', required: ['email'], properties: { email: { type: 'string', format: 'email' } } },
    };
    expect(
      validateJsonSchema(schema, { pet: { name: 'a', type: 'dog', price: 30 }, owner: { email: 'a@b.c' } }, { models }),
    ).toEqual([]);
    const errors = validateJsonSchemaDetailed(
      schema,
      { pet: { name: 'a', type: 'dog' }, owner: { email: 'nope' } },
      { models },
    );
    expect(errors).toEqual([
      { pointer: '/pet', message: 'object has missing required properties (["price"])' },
      { pointer: '/owner/email', message: 'string "nope" is not a valid email address' },
    ]);
    expect(validateJsonSchema({ $ref: '#/definitions/Missing' }, {})).toEqual([
      'the $ref "#/definitions/Missing" cannot be resolved',
    ]);
  });

  it('follows recursive schemas without overflowing on deep data', () => {
    const tree = { type: 'object', properties: { child: { $ref: '#' } } };
    let deep: Record<string, unknown> = {};
    for (let i = 0; i < 5000; i++) deep = { child: deep };
    const errors = validateJsonSchema(tree, deep);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/nested more than/u);
  });

  it('supports allOf, anyOf, oneOf and not', () => {
    expect(validateJsonSchema({ allOf: [{ type: 'integer' }, { minimum: 5 }] }, 3)).toEqual([
      'instance failed to match all required schemas (matched only 1 out of 2)',
    ]);
    expect(validateJsonSchema({ anyOf: [{ type: 'string' }, { type: 'null' }] }, 1)).toEqual([
      'instance failed to match at least one required schema among 2',
    ]);
    expect(validateJsonSchema({ oneOf: [{ type: 'number' }, { type: 'integer' }] }, 1)).toEqual([
      'instance failed to match exactly one schema (matched 2 out of 2)',
    ]);
    expect(validateJsonSchema({ not: { type: 'string' } }, 'x')).toEqual([
      'instance matched a schema which it should not have',
    ]);
  });

  it('refuses a model pattern that could backtrack exponentially instead of hanging the page', () => {
    const errors = validateJsonSchema({ pattern: '^(a+)+$' }, 'a'.repeat(40) + 'b');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/cannot be used/u);
  });

  it('formats $context.error.validationErrorString as a bracketed list', () => {
    expect(validationErrorString(['a', 'b'])).toBe('[a, b]');
  });
});
