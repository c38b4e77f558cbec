/**
 * The runner's additions for lessons 12–19: `compare` steps with `figures` expectations (the
 * REST vs HTTP vs WebSocket comparison run with the learner's inputs), tokens minted at run time
 * for `http` steps, `cost` expectations, and checks that deploy another definition file.
 */
import { describe, expect, it } from 'vitest';
import { createInProcessInvoker } from '../gateway';
import { parseChecks } from './checks-format';
import { runScenarioCheck, type InvokerFactory } from './runner';
import type { Check, Files } from './types';

const noHandlers: InvokerFactory = () => createInProcessInvoker({});
const whoami: InvokerFactory = () =>
  createInProcessInvoker({
    whoami: async (event) => ({ sub: event.requestContext.authorizer?.jwt?.claims?.sub ?? null }),
  });

const compareCheck = (inputs?: Record<string, number>): Check => ({
  id: 'within-a-second',
  title: 'Polling delivers within 1 s',
  kind: 'scenario',
  steps: [{ compare: { workload: 'order-status', ...(inputs ? { inputs } : {}) } }],
  expect: [{ figures: { approach: 'http-polling', match: { latency: { maxMs: { $lte: 1000 } } } } }],
  hints: [],
});

const httpApi = (extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    protocolType: 'HTTP',
    name: 'me',
    stage: { name: '$default' },
    routes: {
      'GET /me': {
        integration: { type: 'AWS_PROXY', function: 'whoami', payloadFormatVersion: '2.0' },
        authorizer: 'users',
        authorizationScopes: ['me:read'],
      },
    },
    authorizers: {
      users: {
        type: 'JWT',
        identitySource: ['$request.header.Authorization'],
        jwtConfiguration: { issuer: 'https://auth.playground.example/', audience: ['playground-client'] },
      },
    },
    functions: { whoami: { handler: 'whoami.handler' } },
    ...extra,
  });

describe('compare steps', () => {
  it("runs the comparison with the learner's comparison.json and passes when the figures match", async () => {
    const files: Files = { 'comparison.json': JSON.stringify({ pollIntervalS: 0.9 }) };
    const r = await runScenarioCheck(compareCheck({ rttMs: 100 }), files, { createInvoker: noHandlers });
    expect(r.status).toBe('pass');
  });

  it('fails naming the figure and its value when the inputs miss the requirement', async () => {
    const files: Files = { 'comparison.json': JSON.stringify({ pollIntervalS: 5 }) };
    const r = await runScenarioCheck(compareCheck({ rttMs: 100 }), files, { createInvoker: noHandlers });
    expect(r.status).toBe('fail');
    expect(r.message).toMatch(/^After all the actions .*latency\.maxMs was \d+ \(expected ≤ 1000\)/);
  });

  it("lets the check's own inputs override the learner's (the lesson fixes the network)", async () => {
    const files: Files = { 'comparison.json': JSON.stringify({ pollIntervalS: 0.9 }) };
    const r = await runScenarioCheck(compareCheck({ pollIntervalS: 5 }), files, { createInvoker: noHandlers });
    expect(r.status).toBe('fail');
  });

  it('fails naming the file when its inputs are not valid', async () => {
    const bad = await runScenarioCheck(compareCheck(), { 'comparison.json': '{"pollIntervalS": 0}' }, { createInvoker: noHandlers });
    expect(bad).toMatchObject({ status: 'fail' });
    expect(bad.message).toContain('comparison.json: pollIntervalS must be a number from 0.1');
    const unknown = await runScenarioCheck(compareCheck(), { 'comparison.json': '{"pollEvery": 1}' }, { createInvoker: noHandlers });
    expect(unknown.message).toContain('unknown input "pollEvery"');
  });
});

describe('http steps with a jwt', () => {
  const check = (steps: Check['steps'], expectations: Check['expect']): Check => ({
    id: 'tokens',
    title: 'tokens',
    kind: 'scenario',
    steps,
    expect: expectations,
    hints: [],
  });

  it('mints a token the JWT authorizer accepts, with the claims and scopes asked for (DG http-api-jwt-authorizer)', async () => {
    const r = await runScenarioCheck(
      check(
        [{ http: { client: 'Alice', method: 'GET', path: '/me', jwt: { sub: 'alice', scope: 'me:read' } } }],
        [{ response: { client: 'Alice', status: 200, json: { sub: 'alice' } } }],
      ),
      { 'api.json': httpApi() },
      { createInvoker: whoami },
    );
    expect(r).toMatchObject({ status: 'pass' });
  });

  it('mints expired tokens, tokens without the scope and tokens from another issuer, which are refused', async () => {
    const r = await runScenarioCheck(
      check(
        [
          { http: { client: 'Late', method: 'GET', path: '/me', jwt: { expiresIn: -60, scope: 'me:read' } } },
          { http: { client: 'Reader', method: 'GET', path: '/me', jwt: { scope: 'other' } } },
          { http: { client: 'Stranger', method: 'GET', path: '/me', jwt: { key: 'other', scope: 'me:read' } } },
        ],
        [
          { response: { client: 'Late', status: 401, headers: { 'www-authenticate': { $contains: 'invalid_token' } } } },
          { response: { client: 'Reader', status: 403 } },
          { response: { client: 'Stranger', status: 401 } },
        ],
      ),
      { 'api.json': httpApi() },
      { createInvoker: whoami },
    );
    expect(r).toMatchObject({ status: 'pass' });
    expect(r.actions[0].description).toBe('Late sent GET /me with a token (scope "me:read", expired)');
  });
});

describe('cost expectations and other definition files', () => {
  const costCheck: Check = {
    id: 'cheap',
    title: 'cheap',
    kind: 'scenario',
    api: 'shop/api.json',
    steps: [{ http: { client: 'Shopper', method: 'GET', path: '/me', jwt: { scope: 'me:read' } } }],
    expect: [{ cost: { requests: 1_000_000, usd: { $lte: 1.5 } } }],
    hints: [],
  };

  it('deploys the file the check names and prices an HTTP API at $1.00 per million requests', async () => {
    const r = await runScenarioCheck(costCheck, { 'shop/api.json': httpApi() }, { createInvoker: whoami });
    expect(r).toMatchObject({ status: 'pass' });
  });

  it('fails with the price of the type deployed (REST: $3.50 per million)', async () => {
    const rest = JSON.stringify({
      protocolType: 'REST',
      name: 'shop',
      stage: { name: 'prod' },
      resources: { '/me': { methods: { GET: { integration: { type: 'AWS_PROXY', function: 'whoami' } } } } },
      functions: { whoami: { handler: 'whoami.handler' } },
    });
    const r = await runScenarioCheck(costCheck, { 'shop/api.json': rest }, { createInvoker: whoami });
    expect(r.status).toBe('fail');
    expect(r.message).toContain('this is a REST API at $3.50 per million, so the cost was 3.5 (expected ≤ 1.5)');
  });

  it('reports a missing definition file by its name', async () => {
    const r = await runScenarioCheck(costCheck, { 'api.json': httpApi() }, { createInvoker: whoami });
    expect(r).toMatchObject({ status: 'error', message: 'shop/api.json is missing: the check needs the API definition' });
  });
});

describe('checks.json for the additions', () => {
  const parse = (check: Record<string, unknown>) =>
    parseChecks(JSON.stringify({ checks: [{ id: 'c', title: 't', kind: 'scenario', hints: [], ...check }] }), 'checks.json');
  const problems = (check: Record<string, unknown>) => {
    const r = parse(check);
    return r.ok ? [] : r.problems.map((p) => `${p.field}: ${p.message}`);
  };

  it('accepts compare steps, figures, jwt, cost and api', () => {
    expect(
      problems({
        steps: [{ compare: { workload: 'chat', file: 'inputs/c.json', inputs: { rttMs: 50 } } }],
        expect: [{ figures: { approach: 'websocket-push', match: { polls: { total: 0 } } } }],
      }),
    ).toEqual([]);
    expect(
      problems({
        api: 'shop/api.json',
        steps: [{ http: { client: 'A', method: 'GET', path: '/', jwt: { sub: 'a', scope: 'x y', expiresIn: -5, key: 'other' } } }],
        expect: [{ cost: { requests: 1000, usd: { $lt: 1 } } }],
      }),
    ).toEqual([]);
  });

  it('names the field of every mistake', () => {
    expect(
      problems({
        api: '../secret.json',
        steps: [
          { compare: { workload: 'poker' } },
          { http: { client: 'A', method: 'GET', path: '/', jwt: { key: 'mine', ttl: 5 } } },
        ],
        expect: [{ figures: { approach: 'carrier-pigeon', match: 3 } }, { cost: { requests: 0 } }],
      }),
    ).toEqual([
      'checks[0].steps[0].compare.workload: must be one of order-status, chat; got string "poker"',
      'checks[0].steps[1].http.jwt.ttl: unknown key "ttl" (allowed: sub, scope, expiresIn, key, audience)',
      'checks[0].steps[1].http.jwt.key: must be "playground" or "other"; got string "mine"',
      'checks[0].expect[0].figures.approach: must be one of rest-polling, http-polling, websocket-push; got string "carrier-pigeon"',
      "checks[0].expect[0].figures.match: must be a pattern over the approach's figures; got number 3",
      'checks[0].expect[1].cost.requests: must be a whole number of requests ≥ 1; got number 0',
      'checks[0].expect[1].cost.usd: required: a number or a pattern such as {"$lte": 1.5}',
      'checks[0].api: must be a lesson file holding an API definition, such as "banking/api.json"; got string "../secret.json"',
    ]);
  });

  it('rejects figures in a check without a compare step', () => {
    expect(
      problems({
        steps: [{ http: { client: 'A', method: 'GET', path: '/' } }],
        expect: [{ figures: { approach: 'http-polling', match: { polls: { total: 0 } } } }],
      }),
    ).toEqual(['checks[0].expect[0].figures: needs a "compare" step in this check']);
  });
});
