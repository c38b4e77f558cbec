/**
 * How a non-proxy integration's answer becomes the method response: which integration response
 * is selected and what the selection pattern is matched against, `$context.responseOverride`
 * from either template, and response parameters. Each test names its source.
 */
import { describe, expect, it } from 'vitest';
import type { RestIntegrationDefinition, RestIntegrationResponseDefinition } from './definition';
import { makeRestApi, restDefinition, send, type Handlers } from './test-support';

function api(integration: RestIntegrationDefinition, handlers: Handlers = {}) {
  return makeRestApi(restDefinition({ '/items/{id}': { methods: { GET: { integration } } } }), handlers);
}

function lambda(responses: RestIntegrationResponseDefinition[], extra: Partial<RestIntegrationDefinition> = {}) {
  return {
    type: 'AWS',
    function: 'fn',
    requestTemplates: { 'application/json': '{"id": "$input.params(\'id\')"}' },
    integrationResponses: responses,
    ...extra,
  } satisfies RestIntegrationDefinition;
}

/** A function that succeeds with "Pass" for id 200 and throws "Error: Raising <id> …" otherwise. */
const raising: Handlers = {
  fn: (e: unknown) => {
    const id = (e as { id: string }).id;
    if (id === '200') return 'Pass';
    throw new Error(`Error: Raising ${id} from within the Lambda function`);
  },
};

describe('selecting the integration response of a Lambda (AWS) integration', () => {
  it('matches the error message, and a success goes to the default response (LS test_apigateway_lambda.py test_lambda_selection_patterns, AWS-validated)', async () => {
    const a = api(
      lambda([
        { statusCode: '200' },
        { statusCode: '405', selectionPattern: '.*400.*' },
        { statusCode: '502', selectionPattern: '.*5\\d\\d.*' },
      ]),
      raising,
    );
    const ok = await send(a, 'GET', '/items/200');
    expect(ok).toMatchObject({ status: 200, body: '"Pass"' });
    const e400 = await send(a, 'GET', '/items/400');
    expect(e400.status).toBe(405);
    expect(JSON.parse(e400.body)).toMatchObject({
      errorMessage: 'Error: Raising 400 from within the Lambda function',
      errorType: 'Error',
    });
    expect((await send(a, 'GET', '/items/500')).status).toBe(502);
  });

  it('passes a function that returns nothing through as the JSON text null', async () => {
    const a = api(lambda([{ statusCode: '200' }]), { fn: () => undefined });
    expect(await send(a, 'GET', '/items/1')).toMatchObject({ status: 200, body: 'null' });
  });

  it('matches a success as the empty string, so ".+" picks only errors (API reference IntegrationResponse.selectionPattern)', async () => {
    const a = api(lambda([{ statusCode: '200' }, { statusCode: '400', selectionPattern: '.+' }]), raising);
    expect((await send(a, 'GET', '/items/200')).status).toBe(200);
    expect((await send(a, 'GET', '/items/404')).status).toBe(400);
  });

  it('lets ".*" catch successes too, replacing the default (DG handle-errors-in-lambda-integration: ".*" matches "any unspecified error message")', async () => {
    const a = api(lambda([{ statusCode: '200' }, { statusCode: '202', selectionPattern: '.*' }]), raising);
    expect((await send(a, 'GET', '/items/200')).status).toBe(202);
  });

  it('does not let "." match a newline in the error message (API reference: make sure the error response has no "\\n" when using ".+")', async () => {
    const a = api(lambda([{ statusCode: '200' }, { statusCode: '400', selectionPattern: '.+' }]), {
      fn: () => {
        throw new Error('line one\nline two');
      },
    });
    expect((await send(a, 'GET', '/items/1')).status).toBe(200);
  });

  it('matches the whole message, as Java String.matches does (known difference rest-selection-pattern-anchoring)', async () => {
    const a = api(
      lambda([
        { statusCode: '200' },
        { statusCode: '404', selectionPattern: 'Not found' },
        { statusCode: '410', selectionPattern: '.*gone.*' },
      ]),
      {
        fn: (e: unknown) => {
          throw new Error((e as { id: string }).id === '1' ? 'Not found: 1' : 'it is gone now');
        },
      },
    );
    expect((await send(a, 'GET', '/items/1')).status).toBe(200);
    expect((await send(a, 'GET', '/items/2')).status).toBe(410);
    // The first answer depended on the choice (Not found matches part of "Not found: 1"): labelled.
    const [first, second] = a.trace.ofKind('http.response');
    expect(first.unconfirmed).toBe('rest-selection-pattern-anchoring');
    expect(second.unconfirmed).toBeUndefined();
  });

  it('uses the first matching pattern in order, whatever the defaults around it (LS integration_response.py select_integration_response)', async () => {
    const a = api(
      lambda([
        { statusCode: '401', selectionPattern: '.*denied.*' },
        { statusCode: '200' },
        { statusCode: '403', selectionPattern: 'access denied' },
      ]),
      {
        fn: () => {
          throw new Error('access denied');
        },
      },
    );
    expect((await send(a, 'GET', '/items/1')).status).toBe(401);
  });

  it('answers 500 {"message": "Internal server error"} when nothing matches and there is no default (DG handle-errors-in-lambda-integration: "throws an invalid configuration exception")', async () => {
    const a = api(lambda([{ statusCode: '400', selectionPattern: 'Bad.*' }]), raising);
    const res = await send(a, 'GET', '/items/200');
    expect(res).toMatchObject({ status: 500, body: '{"message": "Internal server error"}' });
    expect(res.headers['x-amzn-ErrorType']).toBe('InternalServerErrorException');
    expect(a.trace.ofKind('gateway.reject')[0].reason).toContain(
      'No match for output mapping and no default output mapping configured',
    );
  });
});

describe('selecting the integration response of a MOCK integration (LS test_apigateway_integrations.py test_http_integration_status_code_selection: patterns match the status code)', () => {
  const mock = (template: string, responses: RestIntegrationResponseDefinition[]): RestIntegrationDefinition => ({
    type: 'MOCK',
    requestTemplates: { 'application/json': template },
    integrationResponses: responses,
  });

  it('matches the status code text with a pattern such as 4\\d{2}, else the default', async () => {
    const responses = [{ statusCode: '200' }, { statusCode: '400', selectionPattern: '4\\d{2}' }];
    expect((await send(api(mock('{"statusCode": 404}', responses)), 'GET', '/items/1')).status).toBe(400);
    expect((await send(api(mock('{"statusCode": 201}', responses)), 'GET', '/items/1')).status).toBe(200);
  });

  it('answers a CDK-style preflight template { statusCode: 200 } instead of 500 (aws-cdk-lib Resource.addCorsPreflight; known difference rest-mock-status-code)', async () => {
    const a = api(
      mock('{ statusCode: 200 }', [
        {
          statusCode: '204',
          responseParameters: { 'method.response.header.Access-Control-Allow-Origin': "'*'" },
        },
      ]),
    );
    const res = await send(a, 'GET', '/items/1');
    expect(res.status).toBe(204);
    expect(res.headers['Access-Control-Allow-Origin']).toBe('*');
    expect(a.trace.ofKind('integration.mock')[0]).toMatchObject({
      statusCode: 200,
      unconfirmed: 'rest-mock-status-code',
    });
  });

  it('answers 500 {"message": "Internal server error"} when the status code cannot be read (LS integrations/mock.py)', async () => {
    const a = api(mock('{"statusCode": "200"}', [{ statusCode: '200' }]));
    expect(await send(a, 'GET', '/items/1')).toMatchObject({
      status: 500,
      body: '{"message": "Internal server error"}',
    });
    expect(a.trace.ofKind('gateway.reject')[0].reason).toContain('Unable to parse statusCode');
  });
});

describe('$context.responseOverride (DG apigateway-override-request-response-parameters)', () => {
  it('lets a response template set the status from the payload (LS test_lambda_aws_integration_response_with_mapping_templates, AWS-validated: 202 and 400)', async () => {
    // The LocalStack test's response-template.vm, in our own words.
    const template = [
      "#set($root = $input.path('$'))",
      '$input.json("$")',
      '#if($root.toString().contains("customerror"))',
      '#set($context.responseOverride.status = 400)',
      '#else',
      '#set($context.responseOverride.status = 202)',
      '#end',
    ].join('\n');
    const a = api(
      lambda([{ statusCode: '200', responseTemplates: { 'application/json': template } }], {
        requestTemplates: { 'application/json': '{"kind": "$input.params(\'id\')"}' },
      }),
      {
        fn: (e: unknown) => ({
          statusCode: 200,
          body: (e as { kind: string }).kind === 'bad' ? 'customerror' : 'noerror',
        }),
      },
    );
    const ok = await send(a, 'GET', '/items/good');
    expect(ok.status).toBe(202);
    expect(JSON.parse(ok.body)).toEqual({ statusCode: 200, body: 'noerror' });
    expect((await send(a, 'GET', '/items/bad')).status).toBe(400);
  });

  it('replaces a header mapped by responseParameters instead of adding a second value ("Override parameters after standard API Gateway mappings have been applied")', async () => {
    const a = api({
      type: 'MOCK',
      requestTemplates: { 'application/json': '{"statusCode": 200}' },
      integrationResponses: [
        {
          statusCode: '200',
          responseParameters: { 'method.response.header.X-Kind': "'mapped'" },
          responseTemplates: { 'application/json': '#set($context.responseOverride.header.X-Kind = "override")ok' },
        },
      ],
    });
    const res = await send(a, 'GET', '/items/1');
    expect(res.headers['X-Kind']).toBe('override');
    expect(res.multiValueHeaders?.['X-Kind']).toBeUndefined();
  });

  it('answers 500 when a template overrides the same parameter twice ("Overrides are final … API Gateway returns a 5XX response")', async () => {
    const a = api({
      type: 'MOCK',
      requestTemplates: { 'application/json': '{"statusCode": 200}' },
      integrationResponses: [
        {
          statusCode: '200',
          responseTemplates: {
            'application/json':
              '#set($context.responseOverride.status = 400)#set($context.responseOverride.status = 404)',
          },
        },
      ],
    });
    expect(await send(a, 'GET', '/items/1')).toMatchObject({
      status: 500,
      body: '{"message": "Internal server error"}',
    });
  });

  it('ignores a status override outside 100–599 (LS integration_response.py)', async () => {
    const a = api({
      type: 'MOCK',
      requestTemplates: { 'application/json': '{"statusCode": 200}' },
      integrationResponses: [
        {
          statusCode: '200',
          responseTemplates: { 'application/json': '#set($context.responseOverride.status = 700)x' },
        },
      ],
    });
    expect((await send(a, 'GET', '/items/1')).status).toBe(200);
  });

  it('carries a status and header set in the request template over to the method response (known difference rest-response-override)', async () => {
    const a = api({
      type: 'MOCK',
      requestTemplates: {
        'application/json':
          '#set($context.responseOverride.status = 418)#set($context.responseOverride.header.X-From = "request"){"statusCode": 200}',
      },
      integrationResponses: [{ statusCode: '200' }],
    });
    const res = await send(a, 'GET', '/items/1');
    expect(res.status).toBe(418);
    expect(res.headers['X-From']).toBe('request');
    expect(a.trace.ofKind('http.response')[0].unconfirmed).toBe('rest-response-override');
  });

  it('lets the response template read and replace what the request template overrode (known difference rest-response-override)', async () => {
    const a = api({
      type: 'MOCK',
      requestTemplates: { 'application/json': '#set($context.responseOverride.status = 418){"statusCode": 200}' },
      integrationResponses: [
        {
          statusCode: '200',
          responseTemplates: {
            'application/json': 'was $context.responseOverride.status#set($context.responseOverride.status = 409)',
          },
        },
      ],
    });
    expect(await send(a, 'GET', '/items/1')).toMatchObject({ status: 409, body: 'was 418' });
  });
});

describe('choosing the response template (LS integration_response.py get_response_template)', () => {
  it("uses the first Accept media type's template, then application/json, then the first one", async () => {
    const a = api({
      type: 'MOCK',
      requestTemplates: { 'application/json': '{"statusCode": 200}' },
      integrationResponses: [
        {
          statusCode: '200',
          responseTemplates: { 'text/html': '<p>hi</p>', 'application/xml': '<hi/>', 'application/json': '{"hi":1}' },
        },
      ],
    });
    expect((await send(a, 'GET', '/items/1', { headers: { Accept: 'application/xml, text/html' } })).body).toBe(
      '<hi/>',
    );
    expect((await send(a, 'GET', '/items/1', { headers: { Accept: '*/*' } })).body).toBe('{"hi":1}');
    expect((await send(a, 'GET', '/items/1')).body).toBe('{"hi":1}');
  });
});

describe('labelling mapping templates that rely on Velocity 1.7 empty values (known difference rest-vtl-null-empty)', () => {
  it('labels the mapping step when #if tests an empty string or == compares null with ""', async () => {
    const a = api({
      type: 'MOCK',
      requestTemplates: { 'application/json': '{"statusCode": 200}' },
      integrationResponses: [
        {
          statusCode: '200',
          responseTemplates: { 'application/json': "#if($input.params('nope'))yes#end" },
        },
      ],
    });
    expect((await send(a, 'GET', '/items/1')).body).toBe('yes');
    const [request, response] = a.trace.ofKind('mapping');
    expect(request.unconfirmed).toBeUndefined();
    expect(response.unconfirmed).toBe('rest-vtl-null-empty');
  });
});

describe('response parameters (DG request-response-data-mappings)', () => {
  it("reads into a Lambda custom error's errorMessage JSON string (DG handle-errors-in-lambda-integration: body-to-header mappings deserialize it)", async () => {
    const a = api(
      lambda([
        {
          statusCode: '500',
          selectionPattern: '.*httpStatus.*',
          responseParameters: {
            'method.response.header.error_status': 'integration.response.body.errorMessage.httpStatus',
            'method.response.header.error_type': 'integration.response.body.errorMessage.errorType',
            'method.response.header.error_trace': 'integration.response.body.errorMessage.trace',
            'method.response.header.error_trace_function': 'integration.response.body.errorMessage.trace.function',
          },
        },
      ]),
      {
        fn: () => {
          throw new Error(
            JSON.stringify({
              errorType: 'InternalServerError',
              httpStatus: 500,
              trace: { function: 'abc()', line: 123, file: 'abc.js' },
            }),
          );
        },
      },
    );
    const res = await send(a, 'GET', '/items/1');
    expect(res.status).toBe(500);
    expect(res.headers).toMatchObject({
      error_status: '500',
      error_type: 'InternalServerError',
      error_trace: '{"function":"abc()","line":123,"file":"abc.js"}',
      error_trace_function: 'abc()',
    });
  });
});
