/**
 * What a REST API answers when the gateway itself answers (gateway responses), and how a
 * Lambda proxy integration's output becomes the client's response (docs/aws-behaviour.md §5.4, §5.11).
 * Bodies are kept byte for byte: AWS's default gateway-response template is
 * `{"message":$context.error.messageString}` (no space after the colon), while the 5xx bodies
 * the integration layer produces read `{"message": "Internal server error"}` (with a space).
 */
import type { KnownDifferenceId } from '../core/known-differences';

export interface GatewayResponseSpec {
  /** apigateway GatewayResponseType (DG supported-gateway-response-types). */
  type: string;
  status: number;
  body: string;
  /** Sent as `x-amzn-ErrorType`. */
  errorType?: string;
  unconfirmed?: KnownDifferenceId;
}

/** The default gateway responses the pipeline can produce. */
export const REST_GATEWAY_RESPONSES = {
  /** Unknown stage, resource or method (DG: "…the cases when the client attempts to invoke an unsupported API method or resource"). */
  MISSING_AUTHENTICATION_TOKEN: {
    type: 'MISSING_AUTHENTICATION_TOKEN',
    status: 403,
    body: '{"message":"Missing Authentication Token"}',
    errorType: 'MissingAuthenticationTokenException',
  },
  /** Missing identity source, or the authorizer said "Unauthorized" (§5.7). */
  UNAUTHORIZED: {
    type: 'UNAUTHORIZED',
    status: 401,
    body: '{"message":"Unauthorized"}',
    errorType: 'UnauthorizedException',
    unconfirmed: 'rest-authorizer-bodies',
  },
  /** The authorizer's policy denies the method explicitly. */
  ACCESS_DENIED_EXPLICIT: {
    type: 'ACCESS_DENIED',
    status: 403,
    body: '{"Message":"User is not authorized to access this resource with an explicit deny"}',
    errorType: 'AccessDeniedException',
    unconfirmed: 'rest-authorizer-bodies',
  },
  /** The authorizer's policy has no statement that allows the method. */
  ACCESS_DENIED: {
    type: 'ACCESS_DENIED',
    status: 403,
    body: '{"Message":"User is not authorized to access this resource"}',
    errorType: 'AccessDeniedException',
    unconfirmed: 'rest-authorizer-bodies',
  },
  /** The authorizer failed or answered something that is not a valid policy. */
  AUTHORIZER_CONFIGURATION_ERROR: {
    type: 'AUTHORIZER_CONFIGURATION_ERROR',
    status: 500,
    body: '{"message":null}',
    errorType: 'AuthorizerConfigurationException',
    unconfirmed: 'rest-authorizer-bodies',
  },
  /** Missing, unknown or disabled API key, or a key in no usage plan of this stage (§5.8). */
  INVALID_API_KEY: {
    type: 'INVALID_API_KEY',
    status: 403,
    body: '{"message":"Forbidden"}',
    errorType: 'ForbiddenException',
  },
  /** Usage plan quota used up (§4). */
  QUOTA_EXCEEDED: {
    type: 'QUOTA_EXCEEDED',
    status: 429,
    body: '{"message":"Limit Exceeded"}',
    errorType: 'LimitExceededException',
  },
  /** A token bucket ran dry (§4: body UNCONFIRMED). */
  THROTTLED: {
    type: 'THROTTLED',
    status: 429,
    body: '{"message":"Too Many Requests"}',
    errorType: 'TooManyRequestsException',
    unconfirmed: 'rest-throttled-body',
  },
  /** Request validation: the body does not match its model (§5.9). */
  BAD_REQUEST_BODY: {
    type: 'BAD_REQUEST_BODY',
    status: 400,
    body: '{"message": "Invalid request body"}',
    errorType: 'BadRequestException',
  },
  /**
   * No request template for the Content-Type and a passthroughBehavior that refuses it (DG
   * integration-passthrough-behaviors). The status is documented; the text is the default
   * template's and the error type LocalStack's (rest-gateway-response-text).
   */
  UNSUPPORTED_MEDIA_TYPE: {
    type: 'UNSUPPORTED_MEDIA_TYPE',
    status: 415,
    body: '{"message":"Unsupported Media Type"}',
    errorType: 'BadRequestException',
    unconfirmed: 'rest-gateway-response-text',
  },
  /** Lambda threw, or answered a malformed proxy response (§5.4). */
  INTEGRATION_FAILURE_502: {
    type: 'DEFAULT_5XX',
    status: 502,
    body: '{"message": "Internal server error"}',
    errorType: 'InternalServerErrorException',
  },
  /** A configuration error inside the gateway (mapping template failure, no integration response matched). */
  INTERNAL_ERROR_500: {
    type: 'DEFAULT_5XX',
    status: 500,
    body: '{"message": "Internal server error"}',
    errorType: 'InternalServerErrorException',
  },
  /** The integration timeout passed first (§4). */
  INTEGRATION_TIMEOUT: {
    type: 'INTEGRATION_TIMEOUT',
    status: 504,
    body: '{"message": "Endpoint request timed out"}',
    errorType: 'InternalServerErrorException',
  },
  /** `Cache-Control: max-age=0` without permission, under FAIL_WITH_403. */
  CACHE_CONTROL_FORBIDDEN: {
    type: 'DEFAULT_4XX',
    status: 403,
    body: '{"message":"Forbidden"}',
    errorType: 'ForbiddenException',
    unconfirmed: 'rest-cache-invalidation',
  },
} as const satisfies Record<string, GatewayResponseSpec>;

/** A request-validation failure with the validator's own message (§5.9). */
export function badRequest(type: 'BAD_REQUEST_BODY' | 'BAD_REQUEST_PARAMETERS', message: string): GatewayResponseSpec {
  return { type, status: 400, body: `{"message": ${JSON.stringify(message)}}`, errorType: 'BadRequestException' };
}

export type ProxyResponseResult =
  | { ok: true; status: number; headers: [string, string][]; body: string; isBase64Encoded: boolean }
  | { ok: false; reason: string };

const PROXY_KEYS = new Set(['statusCode', 'headers', 'multiValueHeaders', 'body', 'isBase64Encoded']);

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function headerText(v: unknown): string | undefined {
  // AWS accepts strings and booleans as header values ("header-bool": true → "true"); LS
  // integrations/aws.py `_is_lambda_response_valid`, recorded against AWS.
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return undefined;
}

/**
 * Checks a Lambda proxy response strictly, as REST APIs do (docs/aws-behaviour.md §5.4; LS
 * test_aws_proxy_response_payload_format_validation, recorded on AWS): only `statusCode`,
 * `headers`, `multiValueHeaders`, `body` and `isBase64Encoded` are allowed; `statusCode` is a
 * number or a numeric string ("201") and defaults to 200; `headers` values are strings or
 * booleans; `multiValueHeaders` values are lists; `body` is a string or null. Anything else —
 * a bare string, an unknown key, a non-string body — is a malformed response (502). When both
 * maps name a header, the `multiValueHeaders` values come first (DG set-up-lambda-proxy-integrations).
 * UNCONFIRMED: [rest-proxy-response-shape] a `null` result and a non-string body are treated as malformed.
 */
export function parseProxyResponse(value: unknown): ProxyResponseResult {
  if (!isPlainObject(value))
    return {
      ok: false,
      reason: `Malformed Lambda proxy response: the function returned ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}, not an object`,
    };
  for (const k of Object.keys(value))
    if (!PROXY_KEYS.has(k)) return { ok: false, reason: `Malformed Lambda proxy response: unexpected key "${k}"` };
  let status = 200;
  if (value.statusCode !== undefined && value.statusCode !== null) {
    const raw = value.statusCode;
    const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\s*\d+\s*$/.test(raw) ? Number(raw) : NaN;
    if (!Number.isInteger(n) || n < 100 || n > 599)
      return {
        ok: false,
        reason: `Malformed Lambda proxy response: statusCode ${JSON.stringify(raw)} is not a status code`,
      };
    status = n;
  }
  const merged = new Map<string, { name: string; values: string[] }>();
  const add = (name: string, v: string) => {
    const lower = name.toLowerCase();
    let entry = merged.get(lower);
    if (!entry) merged.set(lower, (entry = { name, values: [] }));
    entry.values.push(v);
  };
  if (value.multiValueHeaders !== undefined && value.multiValueHeaders !== null) {
    if (!isPlainObject(value.multiValueHeaders))
      return { ok: false, reason: 'Malformed Lambda proxy response: multiValueHeaders is not an object' };
    for (const [k, list] of Object.entries(value.multiValueHeaders)) {
      if (!Array.isArray(list))
        return { ok: false, reason: `Malformed Lambda proxy response: multiValueHeaders["${k}"] is not a list` };
      for (const item of list) {
        const t = headerText(item);
        if (t === undefined)
          return {
            ok: false,
            reason: `Malformed Lambda proxy response: multiValueHeaders["${k}"] holds a ${typeof item}`,
          };
        add(k, t);
      }
    }
  }
  if (value.headers !== undefined && value.headers !== null) {
    if (!isPlainObject(value.headers))
      return { ok: false, reason: 'Malformed Lambda proxy response: headers is not an object' };
    for (const [k, v] of Object.entries(value.headers)) {
      const t = headerText(v);
      if (t === undefined)
        return {
          ok: false,
          reason: `Malformed Lambda proxy response: headers["${k}"] is a ${v === null ? 'null' : typeof v}, not a string`,
        };
      add(k, t);
    }
  }
  let body = '';
  if (value.body !== undefined && value.body !== null) {
    if (typeof value.body !== 'string')
      return {
        ok: false,
        reason: `Malformed Lambda proxy response: body is ${Array.isArray(value.body) ? 'an array' : `a ${typeof value.body}`}; return JSON.stringify(…)`,
      };
    body = value.body;
  }
  if (
    value.isBase64Encoded !== undefined &&
    value.isBase64Encoded !== null &&
    typeof value.isBase64Encoded !== 'boolean'
  )
    return { ok: false, reason: 'Malformed Lambda proxy response: isBase64Encoded is not a boolean' };
  const headers: [string, string][] = [];
  for (const { name, values } of merged.values()) for (const v of values) headers.push([name, v]);
  return { ok: true, status, headers, body, isBase64Encoded: value.isBase64Encoded === true };
}
