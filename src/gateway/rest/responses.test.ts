/**
 * The exact bytes of every default gateway response the REST engine sends, spacing included.
 * AWS's default gateway-response template is `{"message":$context.error.messageString}` (no space
 * after the colon; LS gateway_response.py), while the integration's own 5xx/504 texts and request
 * validation's 400 texts carry a space. Each row names where the text comes from.
 */
import { describe, expect, it } from 'vitest';
import { REST_GATEWAY_RESPONSES, badRequest } from './responses';
import { makeRestApi, proxy, restDefinition, send } from './test-support';

const TABLE: [keyof typeof REST_GATEWAY_RESPONSES, number, string, string | undefined, string][] = [
  [
    'MISSING_AUTHENTICATION_TOKEN',
    403,
    '{"message":"Missing Authentication Token"}',
    'MissingAuthenticationTokenException',
    'LS test_apigateway_common.py TestApigatewayRouting::test_routing_not_found (AWS-validated); the raw text in the Step Functions DG connect-api-gateway error example',
  ],
  [
    'INVALID_API_KEY',
    403,
    '{"message":"Forbidden"}',
    'ForbiddenException',
    'LS test_apigateway_common.py TestUsagePlans::test_api_key_required_for_methods (AWS-validated status)',
  ],
  [
    'QUOTA_EXCEEDED',
    429,
    '{"message":"Limit Exceeded"}',
    'LimitExceededException',
    'docs/aws-behaviour.md §4 (OBSERVED)',
  ],
  [
    'THROTTLED',
    429,
    '{"message":"Too Many Requests"}',
    'TooManyRequestsException',
    'known difference rest-throttled-body',
  ],
  [
    'UNAUTHORIZED',
    401,
    '{"message":"Unauthorized"}',
    'UnauthorizedException',
    'known difference rest-authorizer-bodies',
  ],
  [
    'ACCESS_DENIED_EXPLICIT',
    403,
    '{"Message":"User is not authorized to access this resource with an explicit deny"}',
    'AccessDeniedException',
    'known difference rest-authorizer-bodies (note the capital M)',
  ],
  [
    'ACCESS_DENIED',
    403,
    '{"Message":"User is not authorized to access this resource"}',
    'AccessDeniedException',
    'known difference rest-authorizer-bodies',
  ],
  [
    'AUTHORIZER_CONFIGURATION_ERROR',
    500,
    '{"message":null}',
    'AuthorizerConfigurationException',
    'known difference rest-authorizer-bodies',
  ],
  [
    'BAD_REQUEST_BODY',
    400,
    '{"message": "Invalid request body"}',
    'BadRequestException',
    'DG api-gateway-request-validation-test',
  ],
  [
    'UNSUPPORTED_MEDIA_TYPE',
    415,
    '{"message":"Unsupported Media Type"}',
    'BadRequestException',
    'known difference rest-gateway-response-text',
  ],
  [
    'INTEGRATION_FAILURE_502',
    502,
    '{"message": "Internal server error"}',
    'InternalServerErrorException',
    'LS test_apigateway_lambda.py test_lambda_aws_proxy_integration_non_post_method (AWS-validated message); spacing OBSERVED in public captures',
  ],
  [
    'INTERNAL_ERROR_500',
    500,
    '{"message": "Internal server error"}',
    'InternalServerErrorException',
    'DG handle-errors-in-lambda-integration (invalid configuration); LS integration_response.py',
  ],
  [
    'INTEGRATION_TIMEOUT',
    504,
    '{"message": "Endpoint request timed out"}',
    'InternalServerErrorException',
    'DG supported-gateway-response-types (504); text OBSERVED (docs/aws-behaviour.md §4)',
  ],
  [
    'CACHE_CONTROL_FORBIDDEN',
    403,
    '{"message":"Forbidden"}',
    'ForbiddenException',
    'known difference rest-cache-invalidation',
  ],
];

describe('the default REST gateway responses, byte for byte', () => {
  it('covers every response the engine can send', () => {
    expect(TABLE.map(([k]) => k).sort()).toEqual(Object.keys(REST_GATEWAY_RESPONSES).sort());
  });

  for (const [key, status, body, errorType, source] of TABLE) {
    it(`${key}: ${status} ${body} (${source})`, () => {
      const spec = REST_GATEWAY_RESPONSES[key];
      expect(spec.status).toBe(status);
      expect(spec.body).toBe(body);
      expect(spec.errorType).toBe(errorType);
      expect(() => JSON.parse(spec.body)).not.toThrow();
    });
  }

  it('writes validation messages with a space after the colon (DG api-gateway-request-validation-test: {"message": "Missing required request parameters: [h1]"})', () => {
    expect(badRequest('BAD_REQUEST_PARAMETERS', 'Missing required request parameters: [h1]').body).toBe(
      '{"message": "Missing required request parameters: [h1]"}',
    );
  });

  it('sends them as application/json with x-amzn-ErrorType on the wire, and no X-Amzn-Trace-Id', async () => {
    const a = makeRestApi(restDefinition({ '/pets': { methods: { GET: proxy('pets') } } }), {});
    const res = await send(a, 'GET', '/nope');
    expect(res.body).toBe('{"message":"Missing Authentication Token"}');
    expect(res.headers).toMatchObject({
      'Content-Type': 'application/json',
      'x-amzn-ErrorType': 'MissingAuthenticationTokenException',
    });
    expect(res.headers['X-Amzn-Trace-Id']).toBeUndefined();
  });

  it('answers 415 with the catalogued text when passthroughBehavior refuses the Content-Type (DG integration-passthrough-behaviors)', async () => {
    const a = makeRestApi(
      restDefinition({
        '/pets': {
          methods: {
            POST: {
              integration: {
                type: 'MOCK',
                passthroughBehavior: 'NEVER',
                requestTemplates: { 'application/json': '{"statusCode": 200}' },
                integrationResponses: [{ statusCode: '200' }],
              },
            },
          },
        },
      }),
      {},
    );
    const res = await send(a, 'POST', '/pets', { body: 'x', headers: { 'Content-Type': 'text/plain' } });
    expect(res).toMatchObject({ status: 415, body: '{"message":"Unsupported Media Type"}' });
    expect(res.headers['x-amzn-ErrorType']).toBe('BadRequestException');
  });
});
