/**
 * Where the playground has to choose because no public source says what AWS does
 * (aws-api-gateway.md marks these UNCONFIRMED, §7). Each choice is labelled in the UI (trace
 * events carry `unconfirmed: <id>`) and listed in the README's "Known differences from AWS".
 * Add an entry here before relying on a new unconfirmed behaviour.
 */
export const KNOWN_DIFFERENCES = {
  'ws-browser-frames': {
    title: 'One browser send() is one frame',
    choice:
      'The playground sees whole messages, not frames. Browsers never fragment, so a send() over 32 KB closes the connection with 1009 (frame quota). The 128 KB message quota only applies to clients that fragment; the programmatic API can simulate one.',
  },
  'ws-idle-close': {
    title: 'Close code on the 10-minute idle timeout',
    choice: 'Closes with 1001 "Going away" (as serverless-offline does). Data frames in either direction reset the idle timer.',
  },
  'ws-max-duration-close': {
    title: 'Close code at the 2-hour maximum',
    choice: 'Closes with 1001 "Going away".',
  },
  'ws-delete-close': {
    title: 'Close code after DELETE @connections',
    choice: 'Closes with 1000 and an empty reason; $disconnect receives the same.',
  },
  'ws-mgmt-frame-quota': {
    title: 'The 32 KB frame quota and @connections',
    choice:
      'PostToConnection accepts up to 131,072 bytes and the client receives the data as one message (the gateway may fragment it on the wire).',
  },
  'ws-integration-timeout-frame': {
    title: 'Frame sent when a WebSocket integration times out',
    choice:
      'Sends {"message": "Endpoint request timed out", "connectionId":…, "requestId":…} and keeps the connection open; on $connect the handshake fails with 504.',
  },
  'ws-connect-no-status': {
    title: '$connect returning no statusCode',
    choice: 'A $connect function that returns nothing (or no statusCode) accepts the connection.',
  },
  'ws-authorizer-context-later-events': {
    title: 'Authorizer context on MESSAGE and DISCONNECT events',
    choice: "The $connect authorizer's principalId and context appear on every later event of the connection.",
  },
  'ws-rse-non-string': {
    title: 'Route selection on objects, arrays and null',
    choice:
      'Numbers and booleans become their JSON text ("5", "true"), objects their JSON text and null an empty string. Arrays, and every result of a path with a wildcard, slice, union or "..", become "[a, b]": items joined by ", ", strings unquoted.',
  },
  'ws-two-way-status': {
    title: 'Non-2xx statusCode on a two-way route',
    choice: 'The body is sent to the client whatever the statusCode.',
  },
  'ws-rse-bare-variable-end': {
    title: 'Where a bare route selection variable ends',
    choice:
      'Without ${…}, a member name is letters, digits, "_" and "-": $request.body.action-beta reads the member "action-beta"; "/", ":" or a space end it. Use ${request.body.action}-beta to add text.',
  },
  'ws-rse-json-primitive': {
    title: 'Route selection on a JSON body that is not an object or array',
    choice:
      'A body such as "join", 5 or null cannot be evaluated by $request.body expressions and goes to $default, like a non-JSON message.',
  },
  'ws-limit-close-reason': {
    title: 'Close reasons for oversized and binary frames',
    choice:
      'The codes are documented (1009 for a frame over 32 KB or a message over 128 KB, 1003 for binary data); the reason texts are not: the playground sends RFC 6455\'s names, "Message Too Big" and "Unsupported Data".',
  },
  'ws-two-way-response-shape': {
    title: 'Two-way route whose function returns no string body',
    choice:
      'Only a non-empty string `body` is sent back. A function that returns a bare string, a number, null, or an object whose body is missing or not a string sends nothing (as serverless-offline does).',
  },
  'ws-mgmt-binary-data': {
    title: 'PostToConnection with binary Data',
    choice: 'The bytes are decoded as UTF-8 and delivered as a text frame.',
  },
  'ws-mgmt-error-bodies': {
    title: '@connections error bodies',
    choice:
      '410 GoneException has an empty body (SDK v3 reports "GoneException: UnknownError" in public logs, so AWS sends no message); 413 PayloadTooLargeException carries {"message":"The data has exceeded the maximum size allowed."}, the model\'s description. Both set x-amzn-ErrorType.',
  },
  'http-jwt-error-description': {
    title: 'JWT authorizer error descriptions',
    choice:
      'The www-authenticate error_description for an invalid audience is AWS\'s documented text; the others ("the token has expired", "signing key not found", …) are the playground\'s wording.',
  },
  'http-jwt-rs256-only': {
    title: 'JWT signature algorithms',
    choice: 'Only RS256 is implemented; RS384, RS512 and PS* tokens are rejected (AWS accepts RSA-based algorithms).',
  },
  'http-jwt-exp-required': {
    title: 'JWT without exp',
    choice: 'A token without an exp claim is rejected.',
  },
  'runtime-log-cap': {
    title: 'Log lines per invocation',
    choice:
      'The sandbox keeps at most 1,000 log lines per invocation and cuts lines over 256 KB, so a logging loop cannot flood the page. Lambda has no such cap.',
  },
  'rest-authorizer-bodies': {
    title: 'REST Lambda authorizer error bodies',
    choice:
      'Unauthorized → 401 {"message":"Unauthorized"}; an explicit Deny → 403 {"Message":"User is not authorized to access this resource with an explicit deny"}; no Allow covering the method → 403 {"Message":"User is not authorized to access this resource"}; an authorizer that fails or returns an invalid policy → 500 {"message":null} (as observed in a public write-up). The statuses are documented; the texts are not.',
  },
  'rest-throttled-body': {
    title: 'REST throttled response body',
    choice: '429 with {"message":"Too Many Requests"} and x-amzn-ErrorType TooManyRequestsException.',
  },
  'rest-cache-key': {
    title: 'REST stage cache key',
    choice:
      'A cached response is keyed by HTTP method, resource path (e.g. /pets/{id}) and the values of the integration\'s cacheKeyParameters only: declare method.request.path.id to cache /pets/1 and /pets/2 apart. Only GET methods are cached unless a method setting says otherwise.',
  },
  'rest-cache-invalidation': {
    title: 'Who may invalidate a cache entry',
    choice:
      'Cache-Control: max-age=0 is honoured when the method setting requireAuthorizationForCacheControl is false, or when the method\'s Lambda authorizer returned a policy allowing execute-api:InvalidateCache on the method ARN. Otherwise it is ignored (or 403 {"message":"Forbidden"} under FAIL_WITH_403); no warning header is added.',
  },
  'rest-proxy-response-shape': {
    title: 'REST proxy responses that are null or have a non-string body',
    choice:
      'A function returning null, or a body that is not a string (an object, a number), is a malformed proxy response: 502 {"message": "Internal server error"}. A body of null is an empty body.',
  },
  'rest-forwarded-headers': {
    title: 'Headers the gateway and CloudFront add',
    choice:
      'The header names follow AWS captures (CloudFront-* on EDGE endpoints, Via, X-Amz-Cf-Id, X-Amzn-Trace-Id, X-Forwarded-*); their values (viewer country US, ASN 16509, the CloudFront address) are invented.',
  },
  'rest-non-proxy-errors': {
    title: 'Non-proxy Lambda integration errors',
    choice:
      'A request template whose output is not JSON fails with 500 {"message": "Internal server error"} before invoking the function. A function timeout reaches selection patterns as the errorMessage "<time> <request id> Task timed out after N.00 seconds".',
  },
} as const satisfies Record<string, { title: string; choice: string }>;

export type KnownDifferenceId = keyof typeof KNOWN_DIFFERENCES;
