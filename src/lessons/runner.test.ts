import { describe, expect, it } from 'vitest';
import { createInProcessInvoker, type InProcessFunction, type InProcessHandler } from '../gateway';
import type { RuntimeServices } from '../runtime/services';
import { evaluateLearnerTrace, runChecks, runScenarioCheck, type InvokerFactory } from './runner';
import type { Check, Files } from './types';

type Handlers = (services: RuntimeServices) => Record<string, InProcessHandler | InProcessFunction>;

/** Handlers as plain functions (what the browser sandbox or the Node runtime would run from files). */
const factory = (handlers: Handlers): InvokerFactory => ({ services }) => createInProcessInvoker(handlers(services));

const endpoint = (event: { requestContext: { domainName: string; stage: string } }) =>
  `https://${event.requestContext.domainName}/${event.requestContext.stage}`;

const echo: Handlers = (services) => ({
  echo: async (event, context) => {
    await services.management({
      endpoint: endpoint(event),
      operation: 'PostToConnection',
      connectionId: event.requestContext.connectionId,
      data: `echo: ${event.body}`,
      invocationId: context.awsRequestId,
      functionName: context.functionName,
    });
    return { statusCode: 200 };
  },
  remember: async (event, context) => {
    await services.dynamodb({
      operation: 'PutItem',
      input: { TableName: 'members', Item: { connectionId: { S: event.requestContext.connectionId } } },
      invocationId: context.awsRequestId,
      functionName: context.functionName,
    });
    return { statusCode: 200 };
  },
  slow: { handler: async () => ({ statusCode: 200, body: 'done' }), durationMs: 2_000 },
});

function api(routes: Record<string, unknown>, extra: Record<string, unknown> = {}): Files {
  return {
    'api.json': JSON.stringify({
      protocolType: 'WEBSOCKET',
      name: 'test',
      routeSelectionExpression: '$request.body.action',
      routes,
      functions: { echo: { handler: 'echo.handler' }, remember: { handler: 'remember.handler' }, slow: { handler: 'slow.handler' } },
      tables: { members: { partitionKey: 'connectionId' } },
      ...extra,
    }),
  };
}
const route = (fn: string, more: Record<string, unknown> = {}) => ({ integration: { type: 'AWS_PROXY', function: fn, ...more } });

const echoCheck: Check = {
  id: 'echo',
  title: 'A message comes back',
  kind: 'scenario',
  steps: [{ connect: { client: 'Alice' } }, { id: 'hi', send: { client: 'Alice', json: { action: 'hi' } } }],
  expect: [{ received: { client: 'Alice', text: 'echo: {"action":"hi"}' }, during: 'hi' }],
  hints: [],
};
const options = { createInvoker: factory(echo) };

describe('runScenarioCheck', () => {
  it('passes when the learner files behave, with its own trace and the actions it ran', async () => {
    const r = await runScenarioCheck(echoCheck, api({ $default: route('echo') }), options);
    expect(r).toMatchObject({ checkId: 'echo', status: 'pass', expectations: [{ ok: true }] });
    expect(r.actions.map((a) => a.description)).toEqual(['Alice opened a connection', 'Alice sent {"action":"hi"}']);
    expect(r.trace.some((e) => e.kind === 'ws.frame.out')).toBe(true);
  });

  it('fails naming the action and the trace step where it went wrong (no $default: Forbidden)', async () => {
    const r = await runScenarioCheck(echoCheck, api({ other: route('echo') }), options);
    expect(r.status).toBe('fail');
    expect(r.message).toMatch(
      /^Alice sent \{"action":"hi"\}: expected Alice receives a frame "echo: \{\\"action\\":\\"hi\\"\}" during that action; but trace step \d+: \{"message": "Forbidden"/,
    );
    expect(r.seq).toBeGreaterThan(0);
  });

  it('builds a fresh, isolated gateway each run: ids replay and nothing leaks between runs', async () => {
    const remember: Check = {
      ...echoCheck,
      id: 'remember',
      steps: [{ connect: { client: 'Alice' } }],
      expect: [{ table: { name: 'members', count: 1, contains: [{ connectionId: { $connectionId: 'Alice' } }] } }],
    };
    const files = api({ $connect: route('remember') });
    const [a, b] = [await runScenarioCheck(remember, files, options), await runScenarioCheck(remember, files, options)];
    expect([a.status, b.status]).toEqual(['pass', 'pass']);
    expect(a.trace.map((e) => e.connectionId)).toEqual(b.trace.map((e) => e.connectionId));
  });

  it('reports an api.json the gateway rejects as an error naming the field', async () => {
    const r = await runScenarioCheck(echoCheck, api({ $default: route('nope') }), options);
    expect(r).toMatchObject({ status: 'error', message: `api.json: routes["$default"].integration.function: no function named "nope" (functions are: echo, remember, slow)` });
    expect((await runScenarioCheck(echoCheck, { 'api.json': '{' }, options)).message).toMatch(/^api\.json is not valid JSON/);
  });

  it('stops at an action that cannot run, saying why: the handshake was refused', async () => {
    const refuse: Handlers = () => ({ echo: async () => ({ statusCode: 403 }) });
    const r = await runScenarioCheck(echoCheck, api({ $connect: route('echo') }), { createInvoker: factory(refuse) });
    expect(r).toMatchObject({ status: 'fail', message: expect.stringMatching(/^Alice sent \{"action":"hi"\}: Alice is not connected: the handshake was refused with 403 \(trace step \d+\)$/) });
  });

  it('seeds tables and substitutes connection ids into what a step sends', async () => {
    const check: Check = {
      id: 'seeded',
      title: 'Seeded',
      kind: 'scenario',
      tables: { members: [{ connectionId: 'R2hvc3RDb25uMDE=' }] },
      steps: [
        { connect: { client: 'Alice' } },
        { connect: { client: 'Bob' } },
        { send: { client: 'Alice', json: { action: 'kick', target: { $connectionId: 'Bob' } } } },
      ],
      expect: [
        { table: { name: 'members', count: 3, contains: [{ connectionId: 'R2hvc3RDb25uMDE=' }] } },
        { received: { client: 'Alice', json: { $json: { target: { $connectionId: 'Bob' } } } } },
      ],
      hints: [],
    };
    const files = api({ $connect: route('remember'), $default: route('echo') });
    const r = await runScenarioCheck(check, files, options);
    expect(r.expectations.map((e) => e.ok)).toEqual([true, false]);
    // The echo is "echo: {…}": not JSON, but the substituted id is in it.
    const sent = r.trace.find((e) => e.kind === 'ws.frame.in');
    expect(sent && sent.kind === 'ws.frame.in' && JSON.parse(sent.text).target).toMatch(/=$/);
    const missing = await runScenarioCheck({ ...check, tables: { rooms: [{ id: 'x' }] } }, files, options);
    expect(missing).toMatchObject({ status: 'error', message: 'the check puts items into table "rooms", which api.json does not define' });
    const keyless = await runScenarioCheck({ ...check, tables: { members: [{ name: 'no key' }] } }, files, options);
    expect(keyless).toMatchObject({ status: 'error', message: expect.stringMatching(/^the playground failed: /) });
  });

  it('tells the function timeout from the integration timeout on simulated durations', async () => {
    const check: Check = {
      id: 'slow',
      title: 'Slow',
      kind: 'scenario',
      steps: [{ connect: { client: 'Alice' } }, { id: 'go', send: { client: 'Alice', json: { action: 'slow' } } }],
      expect: [{ none: { kind: 'integration.timeout' }, during: 'go' }, { received: { client: 'Alice', text: 'done' } }],
      hints: [],
    };
    const twoWay = { routeResponseSelectionExpression: '$default' };
    const gatewayGivesUp = api({ slow: { ...route('slow', { timeoutInMillis: 1000 }), ...twoWay } }, {
      functions: { echo: { handler: 'echo.handler' }, remember: { handler: 'remember.handler' }, slow: { handler: 'slow.handler', timeout: 5 } },
    });
    const r = await runScenarioCheck(check, gatewayGivesUp, options);
    expect(r.message).toMatch(/^Alice sent \{"action":"slow"\}: trace step \d+: integration timeout after 1000 ms — expected no integration timeout during that action$/);
    const patient = api({ slow: { ...route('slow', { timeoutInMillis: 5000 }), ...twoWay } }, {
      functions: { echo: { handler: 'echo.handler' }, remember: { handler: 'remember.handler' }, slow: { handler: 'slow.handler', timeout: 5 } },
    });
    expect((await runScenarioCheck(check, patient, options)).status).toBe('pass');
  });

  it('rejects an http action on a WebSocket API', async () => {
    const check: Check = { ...echoCheck, steps: [{ http: { client: 'Alice', method: 'GET', path: '/' } }], expect: [{ event: { kind: 'http.response' } }] };
    const r = await runScenarioCheck(check, api({ $default: route('echo') }), options);
    expect(r).toMatchObject({ status: 'fail', message: 'Alice sent GET /: this is a WebSocket API: http actions need an HTTP or REST API' });
  });

  it('drives an HTTP API with http actions', async () => {
    const files: Files = {
      'api.json': JSON.stringify({
        protocolType: 'HTTP',
        name: 'items',
        routes: { 'GET /items/{id}': { integration: { type: 'AWS_PROXY', function: 'item' } } },
        functions: { item: { handler: 'item.handler' } },
      }),
    };
    const items: Handlers = () => ({ item: async (event) => ({ statusCode: 200, body: JSON.stringify({ id: event.pathParameters.id }) }) });
    const check: Check = {
      id: 'get',
      title: 'GET an item',
      kind: 'scenario',
      steps: [{ http: { client: 'Alice', method: 'GET', path: '/items/7' } }, { http: { client: 'Alice', method: 'GET', path: '/nothing' } }],
      expect: [{ response: { client: 'Alice', status: 200, json: { id: '7' } } }, { response: { status: 404 } }],
      hints: [],
    };
    const r = await runScenarioCheck(check, files, { createInvoker: factory(items) });
    expect(r.status === 'pass' ? [] : [r.message]).toEqual([]);
  });
});

describe('learner-trace checks', () => {
  const mine: Check = {
    id: 'mine',
    title: 'You saw a Forbidden frame',
    kind: 'learner-trace',
    steps: [],
    expect: [{ event: { kind: 'ws.frame.out', cause: 'forbidden' } }],
    hints: [],
  };

  it('evaluates the same expectations against the learner session', async () => {
    const session = await runScenarioCheck(echoCheck, api({ other: route('echo') }), options);
    expect(evaluateLearnerTrace(mine, { trace: session.trace }).status).toBe('pass');
    expect(evaluateLearnerTrace(mine, { trace: [] })).toMatchObject({ status: 'fail', message: expect.stringContaining('In your session') });
  });

  it('runChecks runs scenarios and reads learner-trace checks from the session, or says they are not done', async () => {
    const files = api({ $default: route('echo') });
    const without = await runChecks([echoCheck, mine], files, options);
    expect(without.map((r) => [r.checkId, r.status, r.message])).toEqual([
      ['echo', 'pass', undefined],
      ['mine', 'fail', 'not done yet: this check looks at your own session'],
    ]);
    const session = await runScenarioCheck(echoCheck, api({ other: route('echo') }), options);
    const withSession = await runChecks([mine], files, { ...options, session: { trace: session.trace } });
    expect(withSession[0].status).toBe('pass');
  });
});
