import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../gateway/trace';
import { buildTrace, chatTrace, longTrace, MALICIOUS } from './fixtures';
import { DEFAULT_WINDOW_SIZE, traceToMermaid } from './sequence';

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
    .replace(/^(title |accTitle: |accDescr: |(actor|participant) \w+ as |\w+(->>|-->>|-x|--x|-\))\w+: |Note over [\w,]+: )/, '')
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
      { kind: 'ws.upgrade', from: 'client:"; participant evil', to: 'gateway', query: '', headers: {}, subprotocols: [] },
      { kind: 'ws.upgrade', from: 'client:amy', to: 'gateway', query: '', headers: {}, subprotocols: [] },
    ]);
    const { text, participants } = traceToMermaid(trace);
    expect(participants).toEqual(['client:zed', 'client:"; participant evil', 'client:amy', 'gateway']);
    expect(text).toContain('actor c1 as zed\n');
    expect(text).toContain('actor c2 as #34;#59; participant evil\n');
    expect(text).toContain('actor c3 as amy\n');
  });

  it('draws @connections calls on the API Gateway lane, not a lane of their own (aws-api-gateway.md §3)', () => {
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
      drawn({ kind: 'ws.upgrade', from: 'client:a', to: 'gateway', query: '?token=abc', headers: {}, subprotocols: ['chat'] }),
    ).toBe('c1->>gw: GET /dev?token=abc (Upgrade, chat)');
  });

  it('answers an accepted $connect with 101 and a rejected one with its status, crossed (DG websocket-connect-route-subprotocol)', () => {
    expect(drawn({ kind: 'ws.handshake', from: 'gateway', to: 'client:a', status: 101, accepted: true, headers: {} })).toBe(
      'gw-->>c1: 101 Switching Protocols',
    );
    expect(drawn({ kind: 'ws.handshake', from: 'gateway', to: 'client:a', status: 401, accepted: false, headers: {} })).toBe(
      'gw--xc1: 401 Unauthorized',
    );
  });

  it('draws frames with a preview of their text, and binary frames by size', () => {
    expect(drawn({ kind: 'ws.frame.in', from: 'client:a', to: 'gateway', opcode: 'text', size: 2, text: 'hi' })).toBe('c1->>gw: hi');
    expect(drawn({ kind: 'ws.frame.in', from: 'client:a', to: 'gateway', opcode: 'binary', size: 9, text: '' })).toBe(
      'c1->>gw: binary frame (9 bytes)',
    );
    expect(
      drawn({ kind: 'ws.frame.out', from: 'gateway', to: 'client:a', size: 2, text: 'ok', cause: 'route-response' }),
    ).toBe('gw-->>c1: ok');
  });

  it('crosses the Forbidden and Internal server error frames (aws-api-gateway.md §1.2, §1.5)', () => {
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
      drawn({ kind: 'ws.route', from: 'gateway', to: 'gateway', expression: '$request.body.action', value, routeKey, match });
    expect(route('sendmessage', 'sendmessage', 'exact')).toBe('Note over gw: #36;request.body.action → #34;sendmessage#34;');
    expect(route('', '$default', 'default')).toBe('Note over gw: #36;request.body.action → #34;#34; → #36;default');
    expect(route(null, '$default', 'default')).toBe('Note over gw: #36;request.body.action → not JSON → #36;default');
    expect(route('nope', null, 'none')).toBe('Note over gw: #36;request.body.action → #34;nope#34; · no route → Forbidden');
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
      drawn({ kind: 'lambda.result', from: 'integration:f', to: 'gateway', functionName: 'f', outcome: 'ok', durationMs: 1 }),
    ).toBe('fn1-->>gw: ok');
  });

  it('draws authorizer calls and decisions (DG apigateway-websocket-api-lambda-auth)', () => {
    expect(drawn({ kind: 'authorizer.invoke', from: 'gateway', to: 'authorizer:a', functionName: 'a', identity: {} })).toBe(
      'gw->>au1: invoke (REQUEST authorizer)',
    );
    expect(
      drawn({ kind: 'authorizer.result', from: 'authorizer:a', to: 'gateway', functionName: 'a', decision: 'deny', status: 403 }),
    ).toBe('au1--xgw: Deny → 403');
    expect(drawn({ kind: 'gateway.reject', from: 'gateway', to: 'client:a', status: 401, reason: 'Unauthorized' })).toBe(
      'gw--xc1: 401 Unauthorized',
    );
  });

  it('draws table operations with item counts and failures', () => {
    const op = (extra: object) =>
      drawn({ kind: 'table.op', from: 'integration:f', to: 'table:t', table: 't', operation: 'Scan', ok: true, ...extra });
    expect(op({ ok: true, items: 2 })).toBe('fn1->>tb1: Scan → 2 items');
    expect(op({ ok: true, items: 1 })).toBe('fn1->>tb1: Scan → 1 item');
    expect(op({ ok: false, error: 'ResourceNotFoundException' })).toBe('fn1-xtb1: Scan ✗ ResourceNotFoundException');
  });

  it('draws closes with their code and reason, crossing abnormal ones (aws-api-gateway.md §1.6)', () => {
    expect(drawn({ kind: 'ws.close', from: 'gateway', to: 'client:a', code: 1009, reason: '', initiator: 'limit' })).toBe(
      'gw-xc1: close 1009 Message too big (limit)',
    );
    expect(
      drawn({ kind: 'ws.close', from: 'gateway', to: 'client:a', code: 1001, reason: 'Going away', initiator: 'idle-timeout' }),
    ).toBe('gw-)c1: close 1001 Going away (idle timeout)');
  });

  it('crosses @connections errors such as 410 GoneException (aws-api-gateway.md §3)', () => {
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
    expect(drawn({ kind: 'mgmt.request', from: 'integration:f', to: 'management', operation: 'DeleteConnection', target: 'X=' })).toBe(
      'fn1->>gw: DELETE @connections/X=',
    );
  });

  it('draws the integration timeout and clock advances', () => {
    expect(
      drawn({ kind: 'integration.timeout', from: 'gateway', to: 'integration:f', functionName: 'f', timeoutMs: 29_000 }),
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
    const trace = [
      ...chatTrace(),
      ...longTrace(100).map((e, i) => ({ ...e, seq: 100 + i })),
    ];
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
        { kind: 'ws.upgrade', from: `client:${input}`, to: 'gateway', query: input, headers: {}, subprotocols: [input] },
        { kind: 'ws.frame.in', from: `client:${input}`, to: 'gateway', opcode: 'text', size: 1, text: input },
        { kind: 'ws.route', from: 'gateway', to: 'gateway', expression: input, value: input, routeKey: null, match: 'none' },
        { kind: 'ws.frame.out', from: 'gateway', to: `client:${input}`, size: 1, text: input, cause: 'post-to-connection' },
        {
          kind: 'lambda.result',
          from: `integration:${input}`,
          to: 'gateway',
          functionName: input,
          outcome: 'error',
          durationMs: 1,
          error: { errorType: input, errorMessage: input },
        },
        { kind: 'table.op', from: `integration:${input}`, to: `table:${input}`, table: input, operation: input, ok: false, error: input },
        { kind: 'ws.close', from: 'gateway', to: `client:${input}`, code: 4000, reason: input, initiator: 'gateway' },
        { kind: 'gateway.reject', from: 'gateway', to: `client:${input}`, status: input as unknown as number, reason: input },
      ]);
      const { text } = traceToMermaid(trace, { title: input });
      const out = lines(text);
      // 1 header + title + accTitle + accDescr + 4 lanes + 8 steps: nothing added, nothing split.
      expect(out).toHaveLength(1 + 3 + 4 + 8);
      for (const line of out) {
        expect(STATEMENT.some((re) => re.test(line)), line).toBe(true);
        const label = rawLabel(line);
        expect(label, line).not.toMatch(/[<>;#%:"`$&{}\\\r\u2028\u2029\ufb02\u00b6]/);
        expect(label, line).not.toContain('-->>');
      }
    },
  );

  it('cuts long user text in labels to a short preview', () => {
    const { text } = traceToMermaid(
      buildTrace([{ kind: 'ws.frame.in', from: 'client:a', to: 'gateway', opcode: 'text', size: 5000, text: 'y'.repeat(5000) }]),
    );
    const arrow = arrows(text)[0]!;
    expect(arrow).toBe(`c1->>gw: ${'y'.repeat(47)}…`);
  });
});
