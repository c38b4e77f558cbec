/**
 * Where the playground has to choose because no public source says what AWS does
 * (docs/aws-behaviour.md marks these UNCONFIRMED, §7). Each choice is labelled in the UI (trace
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
    choice:
      'Closes with 1001 "Going away" (as serverless-offline does). Data frames in either direction reset the idle timer.',
  },
  'ws-max-duration-close': {
    title: 'Close code at the 2-hour maximum',
    choice: 'Closes with 1001 "Going away".',
  },
  'ws-delete-close': {
    title: 'Close code after DELETE @connections',
    choice: 'Closes with 1000 and an empty reason; $disconnect receives the same.',
  },
  'ws-network-drop-close': {
    title: 'Close code when a client drops off the network',
    choice:
      "The connection ends as abnormal: $disconnect receives disconnectStatusCode 1006 (RFC 6455: closed without a close frame) and an empty disconnectReason, and the client sees 1006. AWS's values for a dropped client are not documented.",
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
  'ws-handshake-reject-body': {
    title: 'What a refused WebSocket upgrade carries',
    choice:
      'Only the status of a refused upgrade is documented. The local gateway sends the gateway\'s own refusals with {"message":…} ("Unauthorized" 401, "Forbidden" 403, "Internal server error" 500/502, "Endpoint request timed out" 504), a $connect statusCode with that function\'s own headers and string body, and refuses an upgrade to another stage with 403.',
  },
  'ws-plain-http-426': {
    title: 'A plain HTTP request to a WebSocket URL',
    choice:
      'Answered 426 Upgrade Required (the status serverless-offline\'s test expects of AWS) with Upgrade: websocket and {"message":"Upgrade Required"}; @connections with another method or stage gets 403 {"message":"Forbidden"}.',
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
    title: 'Log output per invocation',
    choice:
      "The sandbox keeps at most 1,000 log lines and 1 MB of log output per invocation (one CloudWatch Logs batch) and cuts a line over 256 KB (CloudWatch's event limit) with a marker, saying so in the log, so a logging loop cannot flood the page. Lambda has no per-invocation cap.",
  },
  'runtime-fan-out-cap': {
    title: '@connections calls per invocation',
    choice:
      'One invocation may make at most 10,000 PostToConnection calls (a broadcast to 50 rooms of 200); the next one throws an Error saying so to the handler, so a runaway loop stops before its timeout. AWS sets no per-invocation limit, only account-level throttling.',
  },
  'runtime-simulator-waits': {
    title: 'Concurrency, and time the simulator makes a handler wait',
    choice:
      "Lambda scales out to one execution environment per concurrent request; the playground runs at most 4 workers per function (16 in all) and queues the rest in order, up to 10,000 (beyond that an invocation fails with Playground.SimulatorOverloaded and says so in its log). Neither that wait nor the time a handler waits for the page to serve an SDK call counts in its Duration, its function timeout or the integration timeout: they measure the handler's own run, as on AWS. A wait over a second is said in the invocation's log.",
  },
  'runtime-freeze': {
    title: 'Work a handler leaves running after it returns',
    choice:
      "Lambda freezes the execution environment once the response is sent; pending timers resume when the environment is reused. The playground holds setTimeout, setInterval, setImmediate, queueMicrotask and process.nextTick callbacks that come due after the result and runs them during the next invocation of that worker (an interval as one tick). What it cannot hold (a callback already running that never ends, an endless promise chain, a learner's own MessageChannel loop) it detects: a worker that does not answer within about 1.25 s after its result is replaced, and the next invocation starts cold with a line saying why. On Lambda that next invocation would be slowed or time out instead.",
  },
  'runtime-memory-cap': {
    title: "The function's memory size",
    choice:
      "A browser cannot measure a worker's heap, so the playground meters the allocations that grow memory fastest: Array(n) and Array.from({length}) at 8 bytes an element, typed arrays and ArrayBuffers, and strings from repeat, padStart, padEnd and join, each of 1 MB or more. What one task makes may reach the memory size less 64 MB (the environment's own), and what is kept across tasks 4 times the memory size (at most 1 GB), because the garbage collector may leave dropped memory unreclaimed that long. Past either, the invocation fails as Lambda's Runtime.OutOfMemory (\"Runtime exited with error: signal: killed\", Max Memory Used = the memory size) and the next one starts cold. Memory grown by other means (push, concat, spread, map, object literals, JSON.parse) is not metered: it can take the sandbox frame's process to the browser's limit, which kills it with every environment in it; the playground notices within seconds, fails the invocations that were running as Runtime.ExitError (\"Runtime exited with error: signal: killed\"), restarts the sandbox, and the next invocations start cold. Garbage made and dropped within one task counts until the task ends. No function gets more than 1 GB. Lambda measures the whole process against the memory size.",
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
  'rest-cache-stored-responses': {
    title: 'Which responses the stage cache stores',
    choice:
      'Only 2xx responses from the integration are stored (gateway errors and 4xx/5xx are not). GET methods cache by default; other methods only when a method setting enables caching.',
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
  'http-route-priority': {
    title: 'HTTP API routes that tie in different segments',
    choice:
      "When two routes match and each has a literal segment where the other has a variable (e.g. GET /pets/{id} and GET /{kind}/dog for /pets/dog), the one whose first differing segment is literal wins, then the route's own method beats ANY.",
  },
  'http-route-trailing-slash': {
    title: 'Trailing slash in an HTTP API request path',
    choice: 'A trailing slash is ignored for route matching (/pets/ selects GET /pets); rawPath keeps it.',
  },
  'http-route-greedy-empty': {
    title: 'Greedy path variable with nothing after the prefix',
    choice: 'A greedy {proxy+} needs at least one segment: GET /pets does not match GET /pets/{proxy+}.',
  },
  'http-route-case-sensitive': {
    title: 'Case of HTTP API paths',
    choice: 'Paths match case-sensitively: /Pets does not select GET /pets.',
  },
  'http-body-base64': {
    title: 'Which request bodies an HTTP API base64-encodes',
    choice:
      'Bodies with no content type or a text type (text/*, application/json, +json, application/xml, +xml, application/javascript, application/graphql) arrive as text; anything else, including form posts, arrives base64-encoded with isBase64Encoded: true.',
  },
  'http-v1-event': {
    title: 'Payload 1.0 details on HTTP APIs',
    choice:
      'path and requestContext.path keep the stage prefix, resource/resourcePath are the route\'s path (the request path for $default), resourceId is the route key, and without an authorizer requestContext.authorizer is {"claims": null, "scopes": null} as in the DG example.',
  },
  'http-response-shape': {
    title: 'What makes a payload 2.0 response malformed',
    choice:
      'With a statusCode, the response is malformed (500 Internal Server Error) when statusCode is not a whole number from 100 to 599, headers is not an object of strings, numbers or booleans, cookies is not a list of strings, or body is not a string. A function that returns nothing is answered 200 with the body "null".',
  },
  'http-default-content-type': {
    title: 'Content type of an integration response that sets none',
    choice: 'A payload 2.0 response with a statusCode and no content-type header is sent as text/plain; charset=utf-8.',
  },
  'http-cors-details': {
    title: 'HTTP API CORS details',
    choice:
      'The gateway answers a preflight itself with 204 unless an OPTIONS route or $default takes it (an ANY route does not). The allowed origin is echoed (or * when configured); methods and headers are the configured lists joined with ","; a preflight from an origin not allowed gets 204 without CORS headers. Gateway error responses carry the CORS headers too.',
  },
  'http-jwt-scope-status': {
    title: 'JWT without a required scope',
    choice: 'A valid token that has none of the route\'s authorizationScopes gets 403 {"message":"Forbidden"}.',
  },
  'http-jwt-missing-token': {
    title: 'JWT authorizer with no token',
    choice:
      'A request without the identity source gets 401 {"message":"Unauthorized"} without a www-authenticate header.',
  },
  'http-jwt-claims-format': {
    title: 'JWT claims in the Lambda event',
    choice:
      'Claims reach the function as strings: numbers and booleans as their text (as in the captures), arrays as "[a b]" (items joined by spaces) and objects as JSON text.',
  },
  'http-authorizer-deny-body': {
    title: 'HTTP API Lambda authorizer deny',
    choice: 'isAuthorized: false or a policy that does not allow the route gives 403 {"message":"Forbidden"}.',
  },
  'http-authorizer-context': {
    title: 'Lambda authorizer context in the integration event',
    choice:
      'requestContext.authorizer is {"lambda": context} with the values as returned ({"lambda": null} without context, as captured); after an IAM policy response principalId is added to that object. A cached result applies to every route that uses the authorizer; policies are evaluated against each request\'s routeArn.',
  },
  'rest-validation-param-order': {
    title: 'Order of several missing required parameters',
    choice:
      'The names in "Missing required request parameters: [...]" are sorted by location, then name: headers, then path, then query string (this reproduces the one AWS-recorded message, [x-header-param, issuer, qs1]).',
  },
  'rest-validation-error-strings': {
    title: 'Wording of body validation errors',
    choice:
      'The reasons a body fails its model ($context.error.validationErrorString) are worded like the Java json-schema-validator\'s messages, e.g. object has missing required properties (["name"]). The client still sees only {"message": "Invalid request body"}.',
  },
  'rest-vtl-edge-cases': {
    title: 'Mapping template corner cases',
    choice:
      "$input.json('$.x') for a path that matches nothing gives \"\" (two quote characters); $input.params('name') looks header names up ignoring case; $input.params() lists path, header, querystring in that order.",
  },
  'rest-vtl-playground-limits': {
    title: 'Mapping templates the playground refuses',
    choice:
      'To keep the page responsive, a template fails after 1,000,000 evaluation steps or 10 MB of output, and replaceAll/split/matches and model patterns refuse regexes that can backtrack exponentially (a repeated group containing a quantifier or "|", backreferences). #macro, #parse, #include and #evaluate are not supported.',
  },
  'rest-quota-calendar': {
    title: 'Usage plan quota periods',
    choice:
      'Quotas reset at the start of each UTC calendar period: midnight for DAY, Sunday midnight for WEEK (QuotaSettings offset 0), the 1st of the month for MONTH. Not a rolling window.',
  },
  'rest-cache-key': {
    title: 'What the stage cache key is made of',
    choice:
      "HTTP method + resource path (e.g. /pets/{id}) + the values of the integration's cacheKeyParameters only. Path parameters that are not cache keys are not part of the key: GET /pets/1 and GET /pets/2 share an entry unless method.request.path.id is a cache key.",
  },
  'rest-mock-status-code': {
    title: 'MOCK request templates that are not strict JSON',
    choice:
      'The status code is read from strict JSON first. Otherwise the whole text must be one {…} object with a top-level member statusCode (unquoted, \'single\' or "double" quoted) whose value is a whole number, as in AWS CDK\'s generated CORS preflight { statusCode: 200 }. Anything else, or a statusCode that is a string or a fraction, is 500 {"message": "Internal server error"}.',
  },
  'rest-selection-pattern-anchoring': {
    title: 'How much of the value a selection pattern must match',
    choice:
      'A selectionPattern must match the whole value (Java\'s String.matches), so Not found matches only "Not found" and .*Not found.* any message containing it. The guide says only "Java pattern-style regexes"; its own examples (Invalid*, Malformed*) read as prefix matches.',
  },
  'rest-response-override': {
    title: '$context.responseOverride set in a request template',
    choice:
      'What a request template sets in $context.responseOverride carries over to the method response (as LocalStack does): the response template sees it and may set it again, and without a response template it applies as it is. A status override must be a whole number from 100 to 599 (numeric text such as "400" counts); anything else is ignored.',
  },
  'rest-vtl-null-empty': {
    title: 'Null and empty values in mapping templates',
    choice:
      'Templates follow Velocity 1.7: #if treats only null and false as false (an empty string is true), null equals only null ($null == "" is false), values of different types compare by their text. $input.params(\'x\') for a parameter that is not there is "", so #if($input.params(\'x\')) is true; $input.path of a missing member is null.',
  },
  'rest-gateway-response-text': {
    title: 'REST gateway responses no capture shows',
    choice:
      '415 UNSUPPORTED_MEDIA_TYPE answers {"message":"Unsupported Media Type"} (the default template {"message":$context.error.messageString}, no space) with x-amzn-ErrorType BadRequestException, as LocalStack does. The bodies AWS captures do show are kept byte for byte: 4xx gateway responses without a space after the colon, the integration\'s 5xx and 504 and request validation\'s 400 with one.',
  },
  'rest-binary-media-types': {
    title: 'Binary media types and bodies',
    choice:
      'binaryMediaTypes entries match a media type ignoring case and parameters, with * for the type or subtype (image/*, */*); only the first Accept type counts. A proxy response with isBase64Encoded: true is decoded when the first Accept type or the response Content-Type matches (base64 that does not decode is 502). Bodies stay text in the playground: decoded bytes are shown as UTF-8, anything that is not UTF-8 as U+FFFD.',
  },
} as const satisfies Record<string, { title: string; choice: string }>;

export type KnownDifferenceId = keyof typeof KNOWN_DIFFERENCES;
