// @vitest-environment jsdom
/**
 * Property tests for trace → Mermaid text (./sequence.ts): traces drawn by fast-check hold every
 * event kind, hostile text in every field (HTML, Mermaid directives and arrows, entity codes,
 * control and invisible characters, placeholders) and, as an imported trace might, values of the
 * wrong type. `traceToMermaid` never throws, every line is one of the statements it may emit, and
 * Mermaid's own parser (strict, as the page configures it) accepts the text. 10,000 traces go
 * through the generator; Mermaid's parser costs ~10 ms a diagram on a busy machine, so a smaller
 * number of them (PARSED) also go through it. Fixed seeds.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Participant, TraceEvent } from '../gateway';
import { buildTrace, MALICIOUS } from './fixtures';
import { READABLE_DIAGRAM, traceToMermaid, type DiagramOptions } from './sequence';

const RUNS = 10_000;
const PARSED = 150;
// Measured at a load average of 18 on 2 cores: 12.5 s for the 10,000 traces, 5.5 s for the
// parses. The timeout leaves room for a worse day.
const TIMEOUT_MS = 45_000;

/** Hostile text: the fixtures' payloads, Mermaid syntax, and any Unicode string. */
const hostile = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...MALICIOUS) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      'click gw call alert(1)',
      'click gw href "javascript:alert(1)"',
      '<script>window.__pwned=1</script>',
      '[x](javascript:alert(1))',
      'link gw: x @ javascript:alert(1)',
      '\u0001javascript:alert(1)',
      'box red',
      'autonumber',
      '}%%\n%%{init',
      '&lt;b&gt;',
    ),
  },
  { weight: 3, arbitrary: fc.string({ maxLength: 30, unit: 'binary' }) },
  { weight: 2, arbitrary: fc.string({ maxLength: 10 }) },
);
/** A field from an imported trace: usually text, sometimes anything at all. */
const field = fc.oneof({ weight: 9, arbitrary: hostile }, { weight: 1, arbitrary: fc.anything({ maxDepth: 1 }) });
const num = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: -1, max: 1000 }) },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: field },
);
const bool = fc.oneof({ weight: 9, arbitrary: fc.boolean() }, { weight: 1, arbitrary: field });
const participant = fc.oneof(
  fc.constantFrom<Participant>('gateway', 'management'),
  hostile.map((n) => `client:${n}` as Participant),
  hostile.map((n) => `integration:${n}` as Participant),
  hostile.map((n) => `authorizer:${n}` as Participant),
  hostile.map((n) => `table:${n}` as Participant),
);
const anyOf = <T>(...values: T[]) =>
  fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...values) }, { weight: 1, arbitrary: field });

/** One event of each kind the trace knows, and one of a kind it does not (a newer share link). */
const detail = fc.oneof(
  fc.record({
    kind: fc.constant('ws.upgrade'),
    query: field,
    headers: fc.dictionary(hostile, field, { maxKeys: 2 }),
    subprotocols: fc.array(field, { maxLength: 2 }),
  }),
  fc.record({
    kind: fc.constant('ws.handshake'),
    status: num,
    accepted: bool,
    protocol: field,
    headers: fc.constant({}),
  }),
  fc.record({ kind: fc.constant('ws.frame.in'), opcode: anyOf('text', 'binary'), size: num, text: field }),
  fc.record({
    kind: fc.constant('ws.route'),
    expression: field,
    value: field,
    routeKey: field,
    match: anyOf('exact', 'default', 'none'),
  }),
  fc.record({
    kind: fc.constant('ws.frame.out'),
    size: num,
    text: field,
    cause: anyOf('route-response', 'post-to-connection', 'forbidden', 'integration-error', 'bad-request', 'observed'),
  }),
  fc.record({
    kind: fc.constant('ws.close'),
    code: num,
    reason: field,
    initiator: anyOf('client', 'gateway', 'management', 'idle-timeout', 'max-duration', 'limit'),
  }),
  fc.record({
    kind: fc.constant('authorizer.invoke'),
    functionName: field,
    identity: fc.dictionary(hostile, field, { maxKeys: 2 }),
  }),
  fc.record({
    kind: fc.constant('authorizer.result'),
    functionName: field,
    decision: anyOf('allow', 'deny', 'unauthorized', 'error'),
    status: num,
    principalId: field,
  }),
  fc.record({ kind: fc.constant('gateway.reject'), status: num, reason: field }),
  fc.record({
    kind: fc.constant('lambda.invoke'),
    functionName: field,
    routeKey: field,
    eventType: field,
    event: field,
  }),
  fc.record({
    kind: fc.constant('lambda.result'),
    functionName: field,
    outcome: anyOf('ok', 'error', 'timeout'),
    durationMs: num,
    value: field,
    error: fc.record({ errorType: field, errorMessage: field }),
  }),
  fc.record({
    kind: fc.constant('lambda.log'),
    functionName: field,
    level: anyOf('log', 'error', 'platform'),
    text: field,
  }),
  fc.record({ kind: fc.constant('integration.timeout'), functionName: field, timeoutMs: num }),
  fc.record({
    kind: fc.constant('mgmt.request'),
    operation: anyOf('PostToConnection', 'GetConnection', 'DeleteConnection'),
    target: field,
    size: num,
  }),
  fc.record({
    kind: fc.constant('mgmt.response'),
    operation: anyOf('PostToConnection', 'DeleteConnection'),
    status: num,
    errorName: field,
  }),
  fc.record({ kind: fc.constant('table.op'), table: field, operation: field, ok: bool, items: num, error: field }),
  fc.record({ kind: fc.constant('clock.advance'), ms: num }),
  fc.record({ kind: fc.constant('deployment.replaced'), closedConnections: num, code: num }),
  fc.record({ kind: fc.constant('ws.client-fail'), reason: field, code: num }),
  fc.record({
    kind: fc.constant('http.request'),
    method: field,
    path: field,
    query: field,
    headers: fc.constant({}),
    bodySize: num,
    bodyPreview: field,
  }),
  fc.record({
    kind: fc.constant('http.route'),
    routeKey: field,
    match: anyOf('exact', 'param', 'greedy', 'any', 'default', 'none'),
    pathParameters: fc.dictionary(hostile, field, { maxKeys: 2 }),
  }),
  fc.record({
    kind: fc.constant('http.response'),
    status: num,
    headers: fc.constant({}),
    bodySize: num,
    bodyPreview: field,
    source: anyOf('integration', 'gateway', 'cache', 'mock'),
    errorType: field,
  }),
  fc.record({
    kind: fc.constant('cors.preflight'),
    origin: field,
    requestMethod: field,
    requestHeaders: fc.array(field, { maxLength: 2 }),
    status: num,
    allowed: bool,
    modelled: bool,
  }),
  fc.record({ kind: fc.constant('cors.verdict'), origin: field, allowed: bool, reason: field, modelled: bool }),
  fc.record({
    kind: fc.constant('auth.jwt'),
    outcome: anyOf('allow', 'unauthorized', 'forbidden'),
    reason: field,
    subject: field,
    scopes: fc.array(field, { maxLength: 2 }),
  }),
  fc.record({
    kind: fc.constant('apikey.check'),
    outcome: anyOf('ok', 'missing', 'invalid', 'disabled', 'not-in-plan'),
    keyId: field,
  }),
  fc.record({
    kind: fc.constant('throttle'),
    scope: anyOf('account', 'stage', 'route', 'usage-plan'),
    outcome: anyOf('allowed', 'throttled', 'quota-exceeded'),
    tokensLeft: num,
    quotaLeft: num,
  }),
  fc.record({
    kind: fc.constant('cache'),
    outcome: anyOf('HIT', 'MISS', 'STORE', 'INVALIDATE', 'BYPASS'),
    key: field,
    ttlSeconds: num,
  }),
  fc.record({ kind: fc.constant('validation'), outcome: anyOf('ok', 'failed'), validator: field, message: field }),
  fc.record({
    kind: fc.constant('mapping'),
    direction: anyOf('request', 'response'),
    mapping: anyOf('vtl', 'parameter'),
    ok: bool,
    outputPreview: field,
    error: fc.record({ message: field, line: num, column: num }),
  }),
  fc.record({ kind: fc.constant('integration.mock'), statusCode: num }),
  fc.record({ kind: hostile.map((k) => `future.${k}`) }),
);

const event = fc.record(
  {
    detail,
    from: participant,
    to: participant,
    summary: field,
    connectionId: field,
    invocationId: field,
    unconfirmed: field,
  },
  { requiredKeys: ['detail', 'from', 'to', 'summary'] },
);
const trace = fc
  .array(event, { maxLength: 8 })
  .map((events) =>
    buildTrace(
      events.map(
        ({ detail: d, ...rest }) => ({ ...rest, ...d }) as unknown as Parameters<typeof buildTrace>[0][number],
      ),
    ),
  );

const options = fc.record(
  {
    title: field,
    compact: fc.boolean(),
    tightLanes: fc.boolean(),
    maxClientLanes: fc.integer({ min: 2, max: 4 }),
    maxLabelLength: fc.integer({ min: 0, max: 140 }),
    observedFromClient: fc.boolean(),
    highlightSeq: fc.integer({ min: 0, max: 13 }),
    window: fc.record(
      { start: fc.integer({ min: -2, max: 14 }), size: fc.integer({ min: 1, max: 14 }) },
      { requiredKeys: ['size'] },
    ),
  },
  { requiredKeys: [] },
) as fc.Arbitrary<DiagramOptions>;

/** Every statement the diagram may emit; anything else means text escaped its label. */
const STATEMENT =
  /^(sequenceDiagram|end|rect rgba\(255, 193, 7, 0\.3\)|(title|accTitle:|accDescr:) [^\n]+|(actor|participant) \w+ as [^\n]+|\w+(->>|-->>|-x|--x|-\))\w+: [^\n]+|Note over \w+(,\w+)?: [^\n]+)$/;

/** What no label may hold once its arrow is removed: a comment or directive, markup, a control character. */
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /%%|<|>|[\u0000-\u001f]/u;

function wellFormed(text: string): boolean {
  // The compact and tight layouts start with their own constant front matter; the compact one
  // breaks long labels with its own <br/>.
  const body = text.startsWith('---\n') ? text.slice(text.indexOf('\n---\n', 4) + 5) : text;
  const lines = body.trimEnd().split('\n');
  return (
    lines[0] === 'sequenceDiagram' &&
    lines.every(
      (l) => STATEMENT.test(l) && !FORBIDDEN.test(l.replace(/-->>|->>|-x|--x|-\)/, '').replaceAll('<br/>', '')),
    )
  );
}

describe('trace → Mermaid text, on any trace', () => {
  let parse: (text: string) => Promise<unknown>;
  beforeAll(async () => {
    const { default: mermaid } = await import('mermaid');
    mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });
    parse = (text) => mermaid.parse(text);
  }, 60_000);

  it(
    `draws ${RUNS} hostile traces without throwing, each line a statement it may emit`,
    () => {
      fc.assert(
        fc.property(trace, options, (events: TraceEvent[], o) => {
          // Every other trace also in the live diagram's layout (grouped client lanes, short labels).
          const layout = events.length % 2 ? { ...o, ...READABLE_DIAGRAM } : o;
          return wellFormed(traceToMermaid(events, layout).text);
        }),
        { numRuns: RUNS, seed: 9301 },
      );
    },
    TIMEOUT_MS,
  );

  it(
    `gives Mermaid's parser text it accepts (${PARSED} hostile traces)`,
    async () => {
      await fc.assert(
        fc.asyncProperty(trace, options, async (events: TraceEvent[], o) => {
          await parse(traceToMermaid(events, o).text);
        }),
        { numRuns: PARSED, seed: 9302 },
      );
      // The parser does reject broken text, so passing means something.
      await expect(parse('sequenceDiagram\n  A->>: broken')).rejects.toThrow();
    },
    TIMEOUT_MS * 2,
  );
});
