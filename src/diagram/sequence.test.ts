import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../gateway';
import { buildTrace, chatTrace, longTrace, MALICIOUS, ROOM, roomTrace } from './fixtures';
import { DEFAULT_WINDOW_SIZE, READABLE_DIAGRAM, traceToMermaid } from './sequence';
import { previewText } from './escape';

/** What a frame's text looks like in a label: its preview. */
const previewOf = (text: string) => previewText(text);

const lines = (text: string) => text.trimEnd().split('\n');
const arrows = (text: string) => lines(text).filter((l) => /^\w+(->>|-->>|-x|--x|-\))\w+: /.test(l));
/** The one line drawn for a single event between the chat trace's lanes. */
function drawn(...events: Parameters<typeof buildTrace>[0]): string {
  const out = lines(traceToMermaid(buildTrace(events)).text);
  return out[out.length - 1]!;
}

/** Every statement the diagram may emit; anything else means text escaped its label. */
const STATEMENT = [
  /^sequenceDiagram$/,
  /^title [^\n]+$/,
  /^accTitle: [^\n]+$/,
  /^accDescr: [^\n]+$/,
  /^(actor|participant) (c|au|fn|tb|p)\d+ as [^\n]+$/,
  /^participant gw as API Gateway$/,
  /^(c\d+|gw|au\d+|fn\d+|tb\d+|p\d+)(->>|-->>|-x|--x|-\))(c\d+|gw|au\d+|fn\d+|tb\d+|p\d+): [^\n]+$/,
  /^Note over (c\d+|gw|au\d+|fn\d+|tb\d+|p\d+)(,(c\d+|gw|au\d+|fn\d+|tb\d+|p\d+))?: [^\n]+$/,
  /^rect rgba\(255, 193, 7, 0\.3\)$/,
  /^end$/,
];
/** The text after a statement's keyword part, with Mermaid entity codes removed. */
const rawLabel = (line: string) =>
  line
    .replace(
      /^(title |accTitle: |accDescr: |(actor|participant) \w+ as |\w+(->>|-->>|-x|--x|-\))\w+: |Note over [\w,]+: )/,
      '',
    )
    .replace(/#\d+;/g, '');

describe('traceToMermaid: lanes', () => {
  it('declares clients, API Gateway, authorizers, functions and tables up front, in that order', () => {
    const { text, participants } = traceToMermaid(chatTrace());
    expect(participants).toEqual([
      'client:alice',
      'gateway',
      'authorizer:auth',
      'integration:onconnect',
      'integration:sendmessage',
      'table:connections',
    ]);
    expect(lines(text).filter((l) => /^(actor|participant) /.test(l))).toEqual([
      'actor c1 as alice',
      'participant gw as API Gateway',
      'participant au1 as Authorizer λ auth',
      'participant fn1 as λ onconnect',
      'participant fn2 as λ sendmessage',
      'participant tb1 as Table connections',
    ]);
  });

  it('orders clients by first appearance and gives them generated aliases, never their names', () => {
    const trace = buildTrace([
      { kind: 'ws.upgrade', from: 'client:zed', to: 'gateway', query: '', headers: {}, subprotocols: [] },
      {
        kind: 'ws.upgrade',
        from: 'client:"; participant evil',
        to: 'gateway',
        query: '',
        headers: {},
        subprotocols: [],
      },
      { kind: 'ws.upgrade', from: 'client:amy', to: 'gateway', query: '', headers: {}, subprotocols: [] },
    ]);
    const { text, participants } = traceToMermaid(trace);
    expect(participants).toEqual(['client:zed', 'client:"; participant evil', 'client:amy', 'gateway']);
    expect(text).toContain('actor c1 as zed\n');
    expect(text).toContain('actor c2 as #34;#59; participant evil\n');
    expect(text).toContain('actor c3 as amy\n');
  });

  it('draws @connections calls on the API Gateway lane, not a lane of their own (docs/aws-behaviour.md §3)', () => {
    const { text, participants } = traceToMermaid(chatTrace());
    expect(participants).not.toContain('management');
    expect(text).toContain('fn2->>gw: POST @connections/R1kmxc2VNjMCFIA= (5 bytes)\n');
    expect(text).toContain('gw-->>fn2: 200\n');
  });

  it('declares API Gateway even for an empty trace and says there is no traffic yet', () => {
    const result = traceToMermaid([]);
    expect(result.total).toBe(0);
    expect(result.shown).toEqual({ from: 0, to: 0 });
    expect(result.participants).toEqual(['gateway']);
    expect(lines(result.text)).toContain('Note over gw: No traffic yet');
  });
});

describe('traceToMermaid: one arrow per hop', () => {
  it('draws the WebSocket upgrade with its query string', () => {
    expect(
      drawn({
        kind: 'ws.upgrade',
        from: 'client:a',
        to: 'gateway',
        query: '?token=abc',
        headers: {},
        subprotocols: ['chat'],
      }),
    ).toBe('c1->>gw: GET /dev?token=abc (Upgrade, chat)');
  });

  it('answers an accepted $connect with 101 and a rejected one with its status, crossed (DG websocket-connect-route-subprotocol)', () => {
    expect(
      drawn({ kind: 'ws.handshake', from: 'gateway', to: 'client:a', status: 101, accepted: true, headers: {} }),
    ).toBe('gw-->>c1: 101 Switching Protocols');
    expect(
      drawn({ kind: 'ws.handshake', from: 'gateway', to: 'client:a', status: 401, accepted: false, headers: {} }),
    ).toBe('gw--xc1: 401 Unauthorized');
  });

  it('draws frames with a preview of their text, and binary frames by size', () => {
    expect(drawn({ kind: 'ws.frame.in', from: 'client:a', to: 'gateway', opcode: 'text', size: 2, text: 'hi' })).toBe(
      'c1->>gw: hi',
    );
    expect(drawn({ kind: 'ws.frame.in', from: 'client:a', to: 'gateway', opcode: 'binary', size: 9, text: '' })).toBe(
      'c1->>gw: binary frame (9 bytes)',
    );
    expect(
      drawn({ kind: 'ws.frame.out', from: 'gateway', to: 'client:a', size: 2, text: 'ok', cause: 'route-response' }),
    ).toBe('gw-->>c1: ok');
  });

  it('crosses the Forbidden and Internal server error frames (docs/aws-behaviour.md §1.2, §1.5)', () => {
    const line = drawn({
      kind: 'ws.frame.out',
      from: 'gateway',
      to: 'client:a',
      size: 60,
      text: '{"message": "Internal server error"}',
      cause: 'integration-error',
    });
    expect(line).toBe('gw--xc1: #123;#34;message#34;#58; #34;Internal server error#34;#125;');
  });

  it('notes route selection over API Gateway: exact key, $default fallback, or no route (DG websocket-api-develop-routes)', () => {
    const route = (value: string | null, routeKey: string | null, match: 'exact' | 'default' | 'none') =>
      drawn({
        kind: 'ws.route',
        from: 'gateway',
        to: 'gateway',
        expression: '$request.body.action',
        value,
        routeKey,
        match,
      });
    expect(route('sendmessage', 'sendmessage', 'exact')).toBe(
      'Note over gw: #36;request.body.action → #34;sendmessage#34;',
    );
    expect(route('', '$default', 'default')).toBe('Note over gw: #36;request.body.action → #34;#34; → #36;default');
    expect(route(null, '$default', 'default')).toBe('Note over gw: #36;request.body.action → not JSON → #36;default');
    expect(route('nope', null, 'none')).toBe(
      'Note over gw: #36;request.body.action → #34;nope#34; · no route → Forbidden',
    );
  });

  it('draws the invocation and its result, counting the function log lines instead of drawing them', () => {
    const { text } = traceToMermaid(chatTrace());
    expect(text).toContain('gw->>fn2: invoke (MESSAGE)\n');
    expect(text).toContain('fn2-->>gw: 200 · 1 log line\n');
    expect(text).not.toContain('broadcasting');
    expect(text).not.toContain('END RequestId');
  });

  it('crosses a function error and a function timeout as Lambda reports them', () => {
    const result = (outcome: 'error' | 'timeout', extra: object) =>
      drawn({
        kind: 'lambda.result',
        from: 'integration:f',
        to: 'gateway',
        functionName: 'f',
        outcome,
        durationMs: 3000,
        ...extra,
      } as Parameters<typeof buildTrace>[0][number]);
    expect(result('error', { error: { errorType: 'TypeError', errorMessage: 'boom' } })).toBe(
      'fn1--xgw: error#58; TypeError (boom)',
    );
    expect(result('timeout', {})).toBe('fn1--xgw: Task timed out after 3.00 seconds');
  });

  it('draws a result without statusCode as ok (a $connect function may return nothing)', () => {
    expect(
      drawn({
        kind: 'lambda.result',
        from: 'integration:f',
        to: 'gateway',
        functionName: 'f',
        outcome: 'ok',
        durationMs: 1,
      }),
    ).toBe('fn1-->>gw: ok');
  });

  it('draws authorizer calls and decisions (DG apigateway-websocket-api-lambda-auth)', () => {
    expect(
      drawn({ kind: 'authorizer.invoke', from: 'gateway', to: 'authorizer:a', functionName: 'a', identity: {} }),
    ).toBe('gw->>au1: invoke (REQUEST authorizer)');
    expect(
      drawn({
        kind: 'authorizer.result',
        from: 'authorizer:a',
        to: 'gateway',
        functionName: 'a',
        decision: 'deny',
        status: 403,
      }),
    ).toBe('au1--xgw: Deny → 403');
    expect(
      drawn({ kind: 'gateway.reject', from: 'gateway', to: 'client:a', status: 401, reason: 'Unauthorized' }),
    ).toBe('gw--xc1: 401 Unauthorized');
  });

  it('draws table operations with item counts and failures', () => {
    const op = (extra: object) =>
      drawn({
        kind: 'table.op',
        from: 'integration:f',
        to: 'table:t',
        table: 't',
        operation: 'Scan',
        ok: true,
        ...extra,
      });
    expect(op({ ok: true, items: 2 })).toBe('fn1->>tb1: Scan → 2 items');
    expect(op({ ok: true, items: 1 })).toBe('fn1->>tb1: Scan → 1 item');
    expect(op({ ok: false, error: 'ResourceNotFoundException' })).toBe('fn1-xtb1: Scan ✗ ResourceNotFoundException');
  });

  it('draws closes with their code and reason, crossing abnormal ones (docs/aws-behaviour.md §1.6)', () => {
    expect(
      drawn({ kind: 'ws.close', from: 'gateway', to: 'client:a', code: 1009, reason: '', initiator: 'limit' }),
    ).toBe('gw-xc1: close 1009 Message too big (limit)');
    expect(
      drawn({
        kind: 'ws.close',
        from: 'gateway',
        to: 'client:a',
        code: 1001,
        reason: 'Going away',
        initiator: 'idle-timeout',
      }),
    ).toBe('gw-)c1: close 1001 Going away (idle timeout)');
  });

  it('crosses @connections errors such as 410 GoneException (docs/aws-behaviour.md §3)', () => {
    expect(
      drawn({
        kind: 'mgmt.response',
        from: 'management',
        to: 'integration:f',
        operation: 'PostToConnection',
        status: 410,
        errorName: 'GoneException',
      }),
    ).toBe('gw--xfn1: 410 GoneException');
    expect(
      drawn({
        kind: 'mgmt.request',
        from: 'integration:f',
        to: 'management',
        operation: 'DeleteConnection',
        target: 'X=',
      }),
    ).toBe('fn1->>gw: DELETE @connections/X=');
  });

  it('draws the integration timeout and clock advances', () => {
    expect(
      drawn({
        kind: 'integration.timeout',
        from: 'gateway',
        to: 'integration:f',
        functionName: 'f',
        timeoutMs: 29_000,
      }),
    ).toBe('gw--xfn1: integration timeout after 29 s');
    const trace = buildTrace([
      { kind: 'ws.upgrade', from: 'client:a', to: 'gateway', query: '', headers: {}, subprotocols: [] },
      { kind: 'clock.advance', from: 'gateway', to: 'gateway', ms: 600_000 },
    ]);
    expect(lines(traceToMermaid(trace).text).at(-1)).toBe('Note over c1,gw: ⏱ +10 min');
  });

  it('names the lane for a real endpoint and says its backend is not observable in real mode', () => {
    const trace = buildTrace([
      { kind: 'ws.upgrade', from: 'client:a', to: 'gateway', query: '', headers: {}, subprotocols: [] },
    ]);
    const text = traceToMermaid(trace, { observedFromClient: true }).text;
    expect(text).toContain('participant gw as Real endpoint');
    expect(text).toMatch(/Note over gw: Real mode#58; only what the client sees/);
    expect(traceToMermaid(trace).text).toContain('participant gw as API Gateway');
  });

  it('draws a handshake the browser failed although the gateway accepted it', () => {
    expect(
      drawn({ kind: 'ws.client-fail', from: 'client:a', to: 'gateway', code: 1006, reason: 'no protocol selected' }),
    ).toMatch(/^c1-xgw: browser fails the handshake \(1006\)#58; no protocol selected$/);
  });

  it('marks steps that follow an unconfirmed behaviour', () => {
    expect(
      drawn({
        kind: 'ws.close',
        from: 'gateway',
        to: 'client:a',
        code: 1001,
        reason: '',
        initiator: 'idle-timeout',
        unconfirmed: 'ws-idle-close',
      }),
    ).toBe('gw-)c1: close 1001 Going away (idle timeout) ⚠');
  });

  it('draws an event kind it does not know (from a newer share link) by its summary', () => {
    const [base] = buildTrace([{ kind: 'clock.advance', from: 'gateway', to: 'client:a', ms: 1 }]);
    const trace = [{ ...base!, kind: 'future.kind', summary: 'a;b' }];
    expect(lines(traceToMermaid(trace as unknown as TraceEvent[]).text).at(-1)).toBe('gw->>c1: a#59;b');
  });
});

describe('traceToMermaid: HTTP and REST APIs', () => {
  const request = (extra: object = {}) =>
    ({
      kind: 'http.request',
      from: 'client:a',
      to: 'gateway',
      method: 'GET',
      path: '/prod/messages',
      query: 'user=Alice&after=0',
      headers: {},
      bodySize: 0,
      bodyPreview: '',
      ...extra,
    }) as Parameters<typeof buildTrace>[0][number];
  const response = (extra: object) =>
    drawn({
      kind: 'http.response',
      from: 'gateway',
      to: 'client:a',
      status: 200,
      headers: {},
      bodySize: 0,
      bodyPreview: '',
      source: 'integration',
      ...extra,
    } as Parameters<typeof buildTrace>[0][number]);
  /** A step the gateway takes by itself, drawn after a request so the client lane exists. */
  const gatewayStep = (event: object) =>
    drawn(request(), { from: 'gateway', to: 'gateway', ...event } as Parameters<typeof buildTrace>[0][number]);

  it('draws a request with its method, path, query and body size', () => {
    expect(drawn(request())).toBe('c1->>gw: GET /prod/messages?user=Alice#38;after=0');
    expect(drawn(request({ method: 'POST', query: '', bodySize: 61 }))).toBe('c1->>gw: POST /prod/messages (61 bytes)');
  });

  it('notes the route or resource chosen, with path parameters, greedy and $default matches (DG http-api-develop-routes)', () => {
    const route = (routeKey: string | null, match: string, pathParameters?: object) =>
      gatewayStep({ kind: 'http.route', routeKey, match, ...(pathParameters ? { pathParameters } : {}) });
    expect(route('GET /messages', 'exact')).toBe('Note over gw: route GET /messages');
    expect(route('GET /pets/{id}', 'param', { id: '2' })).toBe('Note over gw: route GET /pets/#123;id#125; · id=2');
    expect(route('GET /pets/{proxy+}', 'greedy', { proxy: 'cat/1' })).toBe(
      'Note over gw: route GET /pets/#123;proxy+#125; (greedy) · proxy=cat/1',
    );
    expect(route('$default', 'default')).toBe('Note over gw: route #36;default (fallback)');
    expect(route(null, 'none')).toBe('Note over gw: no matching route');
  });

  it('answers with the status, where the response came from and a preview of the body', () => {
    expect(response({ bodyPreview: '{"messages":[]}' })).toBe('gw-->>c1: 200 OK · #123;#34;messages#34;#58;[]#125;');
    expect(response({ source: 'cache' })).toBe('gw-->>c1: 200 OK · from cache');
    expect(response({ source: 'mock', status: 204 })).toBe('gw-->>c1: 204 No Content · mock');
  });

  it('crosses gateway errors and names their error type (docs/aws-behaviour.md §5.5, §5.11)', () => {
    expect(
      response({
        status: 403,
        source: 'gateway',
        errorType: 'MissingAuthenticationTokenException',
        bodyPreview: '{"message":"Missing Authentication Token"}',
      }),
    ).toBe(
      'gw--xc1: 403 Forbidden · MissingAuthenticationTokenException · #123;#34;message#34;#58;#34;Missing Authenticat…',
    );
    expect(response({ status: 502, bodyPreview: '' })).toBe('gw--xc1: 502 Bad Gateway');
  });

  it('marks a preflight the engine modelled in fake mode, and draws one the gateway answered as an arrow (DG http-api-cors)', () => {
    const preflight = { kind: 'cors.preflight', origin: 'https://a.example', requestMethod: 'PUT', status: 204 };
    expect(
      drawn(request(), {
        ...preflight,
        from: 'client:a',
        to: 'client:a',
        requestHeaders: ['x-token'],
        allowed: true,
        modelled: true,
      } as Parameters<typeof buildTrace>[0][number]),
    ).toBe('Note over c1: CORS preflight OPTIONS (PUT, x-token) → 204 allowed (modelled)');
    expect(
      drawn(request(), {
        ...preflight,
        from: 'gateway',
        to: 'client:a',
        requestHeaders: [],
        allowed: false,
        modelled: false,
      } as Parameters<typeof buildTrace>[0][number]),
    ).toBe('gw--xc1: CORS preflight OPTIONS (PUT) → 204 refused');
  });

  it('notes the browser CORS verdict over the client, marked modelled in fake mode', () => {
    const verdict = (allowed: boolean, reason: string) =>
      drawn(request(), {
        kind: 'cors.verdict',
        from: 'client:a',
        to: 'client:a',
        origin: 'https://a.example',
        allowed,
        reason,
        modelled: true,
      } as Parameters<typeof buildTrace>[0][number]);
    expect(verdict(true, '')).toBe('Note over c1: CORS#58; the page may read the response (modelled)');
    expect(verdict(false, 'no Access-Control-Allow-Origin')).toBe(
      'Note over c1: CORS blocked#58; no Access-Control-Allow-Origin (modelled)',
    );
  });

  it('notes JWT authorizer decisions: valid, 401 and 403 (DG http-api-jwt-authorizer)', () => {
    const jwt = (outcome: string, reason: string, subject?: string) =>
      gatewayStep({ kind: 'auth.jwt', outcome, reason, ...(subject ? { subject } : {}) });
    expect(jwt('allow', 'the token is valid', 'user-1')).toBe('Note over gw: JWT authorizer#58; valid (sub user-1)');
    expect(jwt('unauthorized', 'token expired')).toBe(
      'Note over gw: JWT authorizer#58; 401 Unauthorized (token expired)',
    );
    expect(jwt('forbidden', 'missing scope')).toBe('Note over gw: JWT authorizer#58; 403 Forbidden (missing scope)');
  });

  it('notes API key checks, a failing one answered 403 (docs/aws-behaviour.md §5.8)', () => {
    expect(gatewayStep({ kind: 'apikey.check', outcome: 'ok', keyId: 'k1' })).toBe('Note over gw: API key k1 ok');
    expect(gatewayStep({ kind: 'apikey.check', outcome: 'missing' })).toBe(
      'Note over gw: API key missing → 403 Forbidden',
    );
    expect(gatewayStep({ kind: 'apikey.check', outcome: 'not-in-plan', keyId: 'k2' })).toBe(
      'Note over gw: API key in no usage plan k2 → 403 Forbidden',
    );
  });

  it('notes throttling: tokens left, throttled and quota exceeded, both 429 (docs/aws-behaviour.md §4)', () => {
    expect(
      gatewayStep({ kind: 'throttle', scope: 'usage-plan', outcome: 'allowed', tokensLeft: 4, quotaLeft: 99 }),
    ).toBe('Note over gw: throttle (usage plan)#58; allowed, 4 tokens left, quota 99 left');
    expect(gatewayStep({ kind: 'throttle', scope: 'stage', outcome: 'throttled', tokensLeft: 0 })).toBe(
      'Note over gw: throttled (stage) → 429 Too Many Requests',
    );
    expect(gatewayStep({ kind: 'throttle', scope: 'usage-plan', outcome: 'quota-exceeded' })).toBe(
      'Note over gw: quota exceeded (usage plan) → 429',
    );
  });

  it('notes every stage cache outcome, with the TTL of a stored entry (DG api-gateway-caching)', () => {
    const cache = (outcome: string) => gatewayStep({ kind: 'cache', outcome, key: 'GET /x', ttlSeconds: 300 });
    expect(cache('HIT')).toBe('Note over gw: cache HIT');
    expect(cache('MISS')).toBe('Note over gw: cache MISS');
    expect(cache('STORE')).toBe('Note over gw: cache STORE (TTL 300 s)');
    expect(cache('INVALIDATE')).toBe('Note over gw: cache INVALIDATE');
    expect(cache('BYPASS')).toBe('Note over gw: cache BYPASS');
  });

  it('notes request validation, a failure with its 400 message (docs/aws-behaviour.md §5.9)', () => {
    expect(gatewayStep({ kind: 'validation', outcome: 'ok', validator: 'all' })).toBe(
      'Note over gw: request validator all#58; ok',
    );
    expect(
      gatewayStep({ kind: 'validation', outcome: 'failed', validator: 'body', message: 'Invalid request body' }),
    ).toBe('Note over gw: request validator body → 400 Invalid request body');
  });

  it('notes mapping templates and parameter mapping, and where a template failed (line and column)', () => {
    expect(gatewayStep({ kind: 'mapping', direction: 'request', mapping: 'vtl', ok: true, outputPreview: '{}' })).toBe(
      'Note over gw: request mapping template (VTL) applied',
    );
    expect(gatewayStep({ kind: 'mapping', direction: 'request', mapping: 'parameter', ok: true })).toBe(
      'Note over gw: request parameter mapping applied',
    );
    expect(
      gatewayStep({
        kind: 'mapping',
        direction: 'response',
        mapping: 'vtl',
        ok: false,
        error: { message: 'Unexpected token', line: 3, column: 7 },
      }),
    ).toBe('Note over gw: response mapping template (VTL) failed at line 3, column 7#58; Unexpected token');
  });

  it('notes a mock integration and its status (REST MOCK integrations)', () => {
    expect(gatewayStep({ kind: 'integration.mock', statusCode: 200 })).toBe('Note over gw: MOCK integration → 200 OK');
  });

  it.each(MALICIOUS.map((input) => [JSON.stringify(input).slice(0, 40), input]))(
    'keeps HTTP and REST steps known statements with inert labels: %s',
    (_name, input) => {
      const trace = buildTrace([
        {
          ...request({ method: input, path: input, query: input, bodyPreview: input }),
          from: `client:${input}`,
        } as Parameters<typeof buildTrace>[0][number],
        {
          kind: 'http.route',
          from: 'gateway',
          to: 'gateway',
          routeKey: input,
          match: 'param',
          pathParameters: { [input]: input },
        },
        {
          kind: 'cors.preflight',
          from: `client:${input}`,
          to: `client:${input}`,
          origin: input,
          requestMethod: input,
          requestHeaders: [input],
          status: 204,
          allowed: true,
          modelled: true,
        },
        {
          kind: 'cors.verdict',
          from: `client:${input}`,
          to: `client:${input}`,
          origin: input,
          allowed: false,
          reason: input,
          modelled: true,
        },
        { kind: 'auth.jwt', from: 'gateway', to: 'gateway', outcome: 'forbidden', reason: input, subject: input },
        { kind: 'apikey.check', from: 'gateway', to: 'gateway', outcome: 'ok', keyId: input },
        { kind: 'validation', from: 'gateway', to: 'gateway', outcome: 'failed', validator: input, message: input },
        {
          kind: 'mapping',
          from: 'gateway',
          to: 'gateway',
          direction: 'request',
          mapping: 'vtl',
          ok: false,
          error: { message: input, line: input as unknown as number, column: 1 },
        },
        {
          kind: 'http.response',
          from: 'gateway',
          to: `client:${input}`,
          status: 403,
          headers: {},
          bodySize: 1,
          bodyPreview: input,
          source: 'gateway',
          errorType: input,
        },
      ]);
      const out = lines(traceToMermaid(trace).text);
      // 1 header + accTitle + accDescr + 2 lanes + 9 steps.
      expect(out).toHaveLength(1 + 2 + 2 + 9);
      for (const line of out) {
        expect(
          STATEMENT.some((re) => re.test(line)),
          line,
        ).toBe(true);
        const label = rawLabel(line);
        expect(label, line).not.toMatch(/[<>;#%:"`$&{}\\\r\u2028\u2029\ufb02\u00b6]/);
        expect(label, line).not.toContain('-->>');
      }
    },
  );
});

describe('traceToMermaid: windowing', () => {
  it('shows the latest steps by default, at least 40, and says how many earlier ones are hidden', () => {
    const result = traceToMermaid(longTrace(200));
    expect(DEFAULT_WINDOW_SIZE).toBeGreaterThanOrEqual(40);
    expect(result.total).toBe(200);
    expect(result.shown).toEqual({ from: 200 - DEFAULT_WINDOW_SIZE, to: 200 });
    expect(arrows(result.text)).toHaveLength(DEFAULT_WINDOW_SIZE);
    expect(result.text).toContain(`Note over c1,gw: ${200 - DEFAULT_WINDOW_SIZE} earlier steps hidden\n`);
    expect(result.text).not.toContain('later step');
  });

  it('pages to older steps with window.start and counts the later ones', () => {
    const result = traceToMermaid(longTrace(200), { window: { start: 0, size: 40 } });
    expect(result.shown).toEqual({ from: 0, to: 40 });
    expect(arrows(result.text)).toHaveLength(40);
    expect(result.text).not.toContain('earlier step');
    expect(result.text).toContain('Note over c1,gw: 160 later steps hidden\n');
    expect(arrows(result.text)[0]).toBe('c1->>gw: GET /dev (Upgrade)');
  });

  it('keeps a full window when start is past the end, and clamps a negative start', () => {
    expect(traceToMermaid(longTrace(100), { window: { start: 95, size: 40 } }).shown).toEqual({ from: 60, to: 100 });
    expect(traceToMermaid(longTrace(100), { window: { start: -5, size: 40 } }).shown).toEqual({ from: 0, to: 40 });
  });

  it('declares the lanes of the whole trace even when the window shows none of their steps', () => {
    const trace = [...chatTrace(), ...longTrace(100).map((e, i) => ({ ...e, seq: 100 + i }))];
    const result = traceToMermaid(trace, { window: { size: 40 } });
    expect(result.participants).toContain('table:connections');
    expect(result.text).toContain('participant tb1 as Table connections\n');
    expect(arrows(result.text).filter((l) => /tb1/.test(l))).toEqual([]);
    expect(result.text).toContain('Note over c1,tb1: 76 earlier steps hidden\n');
  });

  it('counts steps without lambda.log events', () => {
    const trace = chatTrace();
    expect(traceToMermaid(trace).total).toBe(trace.filter((e) => e.kind !== 'lambda.log').length);
  });

  it('wraps the highlighted step in a rect, and a log highlights its invocation', () => {
    const trace = chatTrace();
    const out = lines(traceToMermaid(trace, { highlightSeq: 9 }).text);
    const i = out.indexOf('rect rgba(255, 193, 7, 0.3)');
    expect(out[i + 1]).toMatch(/^Note over gw: #36;request/);
    expect(out[i + 2]).toBe('end');
    const log = trace.find((e) => e.kind === 'lambda.log')!;
    const out2 = lines(traceToMermaid(trace, { highlightSeq: log.seq }).text);
    expect(out2[out2.indexOf('rect rgba(255, 193, 7, 0.3)') + 1]).toBe('gw->>fn2: invoke (MESSAGE)');
  });

  it('moves a default window to the highlighted step when it is older than the latest steps', () => {
    const result = traceToMermaid(longTrace(200), { highlightSeq: 10, window: { size: 40 } });
    expect(result.shown.from).toBeLessThanOrEqual(9);
    expect(result.shown.to).toBeGreaterThan(9);
    expect(result.text).toContain('rect rgba(255, 193, 7, 0.3)\n');
  });

  it('cuts step labels to maxLabelLength, keeping the unconfirmed mark, so a diagram can be drawn narrow', () => {
    const trace = buildTrace([
      {
        kind: 'ws.frame.in',
        from: 'client:a',
        to: 'gateway',
        opcode: 'text',
        size: 40,
        text: 'abcdefghijklmnopqrstuvwxyz0123456789',
      },
      {
        kind: 'ws.close',
        from: 'gateway',
        to: 'client:a',
        code: 1001,
        reason: 'Going away',
        initiator: 'idle-timeout',
        unconfirmed: 'ws-idle-close',
      },
    ]);
    const out = arrows(traceToMermaid(trace, { maxLabelLength: 12 }).text);
    expect(out).toEqual(['c1->>gw: abcdefghijk…', 'gw-)c1: close 1001… ⚠']);
    expect(arrows(traceToMermaid(trace).text)[0]).toBe('c1->>gw: abcdefghijklmnopqrstuvwxyz0123456789');
  });

  it('lays a compact diagram out narrow: its own front matter, and step labels broken into short lines', () => {
    const compact = lines(traceToMermaid(chatTrace(), { compact: true }).text);
    const normal = lines(traceToMermaid(chatTrace()).text);
    expect(compact.slice(0, 4)).toEqual(['---', 'config:', '  sequence:', '    width: 100']);
    expect(normal[0]).toBe('sequenceDiagram');
    const body = compact.slice(compact.indexOf('sequenceDiagram'));
    expect(body).toHaveLength(normal.length);
    // Lanes are not wrapped; steps are, at spaces.
    expect(body.filter((l) => /^(actor|participant) /.test(l))).toEqual(
      normal.filter((l) => /^(actor|participant) /.test(l)),
    );
    expect(body).toContain('fn2->>gw: POST<br/>@connections/R1kmxc2VN<br/>jMCFIA= (5 bytes)');
  });

  it('never cuts an entity code when it breaks a long word in a compact label', () => {
    const text = '{"action":"sendmessage","to":"Bob","text":"Hi"}';
    const trace = buildTrace([{ kind: 'ws.frame.in', from: 'client:a', to: 'gateway', opcode: 'text', size: 1, text }]);
    const step = arrows(traceToMermaid(trace, { compact: true }).text)[0]!;
    const parts = step.slice('c1->>gw: '.length).split('<br/>');
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(part.replace(/#\d+;/g, '')).not.toMatch(/[#;]/);
    expect(parts.join('').replace(/#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))).toBe(previewOf(text));
  });

  it.each(MALICIOUS.map((input) => [JSON.stringify(input).slice(0, 40), input]))(
    'keeps compact labels inert, with <br/> as the only markup: %s',
    (_name, input) => {
      const trace = buildTrace([
        { kind: 'ws.frame.in', from: `client:${input}`, to: 'gateway', opcode: 'text', size: 1, text: input },
        {
          kind: 'ws.route',
          from: 'gateway',
          to: 'gateway',
          expression: input,
          value: input,
          routeKey: null,
          match: 'none',
        },
      ]);
      const out = lines(traceToMermaid(trace, { compact: true }).text);
      const body = out.slice(out.indexOf('sequenceDiagram'));
      expect(body).toHaveLength(1 + 2 + 2 + 2);
      for (const line of body) {
        expect(
          STATEMENT.some((re) => re.test(line)),
          line,
        ).toBe(true);
        expect(rawLabel(line).replace(/<br\/>/g, ''), line).not.toMatch(/[<>;#%:"`$&{}\\\r\u2028\u2029\ufb02\u00b6]/);
      }
    },
  );

  it('carries a title and accessible title and description', () => {
    const out = lines(traceToMermaid(chatTrace(), { title: 'Chat <demo>' }).text);
    expect(out).toContain('title Chat #60;demo#62;');
    expect(out).toContain('accTitle: Chat #60;demo#62;');
    expect(out.find((l) => l.startsWith('accDescr: '))).toContain('16 steps between alice, API Gateway');
  });
});

describe('traceToMermaid: untrusted text', () => {
  it.each(MALICIOUS.map((input) => [JSON.stringify(input).slice(0, 40), input]))(
    'keeps every line a known statement and every label free of syntax: %s',
    (_name, input) => {
      const trace = buildTrace([
        {
          kind: 'ws.upgrade',
          from: `client:${input}`,
          to: 'gateway',
          query: input,
          headers: {},
          subprotocols: [input],
        },
        { kind: 'ws.frame.in', from: `client:${input}`, to: 'gateway', opcode: 'text', size: 1, text: input },
        {
          kind: 'ws.route',
          from: 'gateway',
          to: 'gateway',
          expression: input,
          value: input,
          routeKey: null,
          match: 'none',
        },
        {
          kind: 'ws.frame.out',
          from: 'gateway',
          to: `client:${input}`,
          size: 1,
          text: input,
          cause: 'post-to-connection',
        },
        {
          kind: 'lambda.result',
          from: `integration:${input}`,
          to: 'gateway',
          functionName: input,
          outcome: 'error',
          durationMs: 1,
          error: { errorType: input, errorMessage: input },
        },
        {
          kind: 'table.op',
          from: `integration:${input}`,
          to: `table:${input}`,
          table: input,
          operation: input,
          ok: false,
          error: input,
        },
        { kind: 'ws.close', from: 'gateway', to: `client:${input}`, code: 4000, reason: input, initiator: 'gateway' },
        {
          kind: 'gateway.reject',
          from: 'gateway',
          to: `client:${input}`,
          status: input as unknown as number,
          reason: input,
        },
      ]);
      const { text } = traceToMermaid(trace, { title: input });
      const out = lines(text);
      // 1 header + title + accTitle + accDescr + 4 lanes + 8 steps: nothing added, nothing split.
      expect(out).toHaveLength(1 + 3 + 4 + 8);
      for (const line of out) {
        expect(
          STATEMENT.some((re) => re.test(line)),
          line,
        ).toBe(true);
        const label = rawLabel(line);
        expect(label, line).not.toMatch(/[<>;#%:"`$&{}\\\r\u2028\u2029\ufb02\u00b6]/);
        expect(label, line).not.toContain('-->>');
      }
    },
  );

  it('cuts long user text in labels to a short preview', () => {
    const { text } = traceToMermaid(
      buildTrace([
        { kind: 'ws.frame.in', from: 'client:a', to: 'gateway', opcode: 'text', size: 5000, text: 'y'.repeat(5000) },
      ]),
    );
    const arrow = arrows(text)[0]!;
    expect(arrow).toBe(`c1->>gw: ${'y'.repeat(47)}…`);
  });
});

describe('traceToMermaid: many clients share a lane', () => {
  const lanesOf = (text: string) => lines(text).filter((l) => /^(actor|participant) /.test(l));

  it('draws eight clients as three lanes of their own and one lane for clients 4–8', () => {
    const result = traceToMermaid(roomTrace(8), { maxClientLanes: 4 });
    expect(lanesOf(result.text)).toEqual([
      'actor c1 as Alice',
      'actor c2 as Bob',
      'actor c3 as Carol',
      'actor c4 as clients 4–8',
      'participant gw as API Gateway',
    ]);
    expect(result.participants).toEqual(['client:Alice', 'client:Bob', 'client:Carol', 'clients:4-8', 'gateway']);
  });

  it("starts each step on the shared lane with its client's name, so the steps stay told apart", () => {
    const out = arrows(traceToMermaid(roomTrace(8), { maxClientLanes: 4 }).text);
    expect(out).toContain('c1->>gw: GET /dev?name=Alice (Upgrade)');
    expect(out).toContain('c4->>gw: [Dave] GET /dev?name=Dave (Upgrade)');
    expect(out).toContain('gw-->>c4: [Heidi] 101 Switching Protocols');
    expect(out.filter((l) => /^gw->>c4: \[\w+\] hello everyone$/.test(l))).toHaveLength(5);
    // Every step is still drawn: grouping merges lanes, never steps.
    expect(out).toHaveLength(roomTrace(8).length);
  });

  it('keeps a lane per client up to the limit, and without the option', () => {
    expect(lanesOf(traceToMermaid(roomTrace(4), { maxClientLanes: 4 }).text).filter((l) => /^actor/.test(l))).toEqual(
      ROOM.slice(0, 4).map((name, i) => `actor c${i + 1} as ${name}`),
    );
    expect(lanesOf(traceToMermaid(roomTrace(8)).text).filter((l) => /^actor/.test(l))).toHaveLength(8);
  });

  it('never groups below two lanes: a limit of 1 or less keeps one client and groups the rest', () => {
    const actors = lanesOf(traceToMermaid(roomTrace(5), { maxClientLanes: 0 }).text).filter((l) => /^actor/.test(l));
    expect(actors).toEqual(['actor c1 as Alice', 'actor c2 as clients 2–5']);
  });

  it('keeps grouped steps inert: a client name cannot break out of the bracket', () => {
    const evil = MALICIOUS.slice(0, 6);
    const trace = buildTrace(
      [...ROOM.slice(0, 3), ...evil].map((name) => ({
        kind: 'ws.frame.in' as const,
        from: `client:${name}` as const,
        to: 'gateway' as const,
        opcode: 'text' as const,
        size: 1,
        text: name,
      })),
    );
    for (const line of lines(traceToMermaid(trace, { maxClientLanes: 4 }).text)) {
      expect(
        STATEMENT.some((re) => re.test(line)),
        line,
      ).toBe(true);
      expect(rawLabel(line), line).not.toMatch(/[<>;#%:"`$&{}\\\r\u2028\u2029\ufb02\u00b6]/);
    }
  });
});

describe('traceToMermaid: items, shortened labels and the newest step', () => {
  it('lists every drawn message and note in order, with their lanes', () => {
    const trace = chatTrace();
    const { items } = traceToMermaid(trace);
    const drawn = trace.filter((e) => e.kind !== 'lambda.log');
    expect(items.map((i) => i.seq)).toEqual(drawn.map((e) => e.seq));
    expect(items[0]).toEqual({
      kind: 'message',
      seq: 1,
      full: 'GET /dev?token=abc (Upgrade)',
      from: 'alice',
      to: 'API Gateway',
      newest: false,
    });
    const route = items.find((i) => i.kind === 'note')!;
    expect(route).toMatchObject({
      full: '$request.body.action → "sendmessage"',
      from: 'API Gateway',
      to: 'API Gateway',
    });
  });

  it("counts the diagram's own notes as items, without a trace step", () => {
    expect(traceToMermaid([]).items).toEqual([
      { kind: 'note', full: 'No traffic yet', from: 'API Gateway', to: 'API Gateway', newest: false },
    ]);
    const paged = traceToMermaid(longTrace(100), { window: { start: 10, size: 40 } });
    expect(paged.items).toHaveLength(42);
    expect(paged.items[0]).toMatchObject({ kind: 'note', full: '10 earlier steps hidden' });
    expect(paged.items.at(-1)).toMatchObject({ kind: 'note', full: '50 later steps hidden' });
    expect(paged.items.filter((i) => i.kind === 'message')).toHaveLength(40);
  });

  it('cuts labels to maxLabelLength with an ellipsis and keeps the whole label in the item', () => {
    const long = '{"action":"sendmessage","data":"a message long enough to be cut"}';
    const trace = buildTrace([
      { kind: 'ws.frame.in', from: 'client:a', to: 'gateway', opcode: 'text', size: 1, text: long },
    ]);
    const result = traceToMermaid(trace, { maxLabelLength: READABLE_DIAGRAM.maxLabelLength });
    const shown = rawLabel(arrows(result.text)[0]!);
    expect(Array.from(shown).length).toBeLessThanOrEqual(READABLE_DIAGRAM.maxLabelLength);
    expect(shown.endsWith('…')).toBe(true);
    expect(result.items[0]!.full).toBe(previewOf(long));
  });

  it('keeps a note across every lane whole, since it has the width of the diagram', () => {
    const trace = chatTrace();
    const redeploy = {
      ...trace.at(-1)!,
      seq: trace.length + 1,
      from: 'gateway',
      to: 'gateway',
      kind: 'deployment.replaced',
      closedConnections: 2,
      code: 1001,
    } as TraceEvent;
    const note = lines(traceToMermaid([...trace, redeploy], { maxLabelLength: 20 }).text).find((l) =>
      l.includes('redeployed'),
    );
    expect(note).toMatch(/^Note over c1,\w+: ⟳ redeployed — 2 connections closed \(1001\)$/);
  });

  it('marks the latest step as newest only when the window shows it', () => {
    const trace = longTrace(100);
    expect(traceToMermaid(trace, { window: { size: 40 } }).items.filter((i) => i.newest)).toEqual([
      expect.objectContaining({ seq: 100 }),
    ]);
    expect(traceToMermaid(trace, { window: { start: 0, size: 40 } }).items.some((i) => i.newest)).toBe(false);
  });

  it('names a grouped client in its items by its own name', () => {
    const { items } = traceToMermaid(roomTrace(8), { maxClientLanes: 4 });
    expect(items.find((i) => i.full.startsWith('[Heidi] 101'))).toMatchObject({ from: 'API Gateway', to: 'Heidi' });
  });

  it('draws tight lanes through its own front matter, leaving the text after it as it was', () => {
    const tight = lines(traceToMermaid(chatTrace(), { tightLanes: true }).text);
    expect(tight.slice(0, tight.indexOf('sequenceDiagram'))).toEqual([
      '---',
      'config:',
      '  sequence:',
      '    width: 110',
      '    actorMargin: 30',
      '---',
    ]);
    expect(tight.slice(tight.indexOf('sequenceDiagram'))).toEqual(lines(traceToMermaid(chatTrace()).text));
    // Compact keeps its own, tighter, spacing.
    expect(traceToMermaid(chatTrace(), { tightLanes: true, compact: true }).text).toContain('    width: 100\n');
  });

  it('spans the first and last lanes for a clock advance', () => {
    const trace = [
      ...chatTrace(),
      ...buildTrace([{ kind: 'clock.advance', from: 'gateway', to: 'gateway', ms: 600_000 }]),
    ];
    expect(traceToMermaid(trace).items.at(-1)).toMatchObject({ kind: 'note', from: 'alice', to: 'Table connections' });
  });
});

describe('steps no longer kept', () => {
  it('are counted in the note about earlier steps, so the learner knows they happened', () => {
    const { text } = traceToMermaid([], { omittedSteps: 12_345 });
    expect(text).toContain('Note over gw: 12345 earlier steps hidden (12345 no longer kept)');
  });
});
