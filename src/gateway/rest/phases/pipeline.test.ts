import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../core/trace';
import { ARN_PREFIX, makeRestApi, policy, proxy, restDefinition, send } from '../test-support';
import type { Flow, Outgoing, Phase, RestContext } from './flow';
import { REST_PHASES, runPhases } from './pipeline';

const flow = {} as Flow;
const ctx = {} as RestContext;
const answer = (body: string): Outgoing => ({ status: 200, headers: [], body, source: 'integration' });

/** Phases that log their name and answer as told. */
function recording(log: string[], plan: Record<string, 'pass' | 'answer' | 'wait-pass' | 'wait-answer'>): Phase[] {
  return Object.entries(plan).map(([name, what]) => {
    const phase: Phase = () => {
      log.push(name);
      const out = what.endsWith('answer') ? answer(name) : undefined;
      return what.startsWith('wait') ? Promise.resolve(out) : out;
    };
    return phase;
  });
}

describe('the REST pipeline (DG api-gateway-request-throttling, apigateway-use-lambda-authorizer, api-gateway-api-key-source)', () => {
  it('lists its phases in the order API Gateway runs them, the authorizer before the API key it may supply', () => {
    expect(REST_PHASES.map((p) => p.name)).toEqual([
      'matchResource',
      'throttle',
      'authorize',
      'checkApiKey',
      'meterUsagePlan',
      'validateRequest',
      'lookupCache',
      'mapRequest',
      'integrate',
      'mapResponse',
    ]);
  });

  it('stops at the first phase that answers: the later ones never run', () => {
    const log: string[] = [];
    const out = runPhases(flow, ctx, recording(log, { a: 'pass', b: 'answer', c: 'answer' }));
    expect(out).toEqual(answer('b'));
    expect(log).toEqual(['a', 'b']);
  });

  it('answers synchronously while every phase so far answered synchronously', () => {
    const out = runPhases(flow, ctx, recording([], { a: 'pass', b: 'answer', c: 'wait-answer' }));
    expect(out).not.toBeInstanceOf(Promise);
  });

  it('waits for a phase that has to wait, then runs the rest in order', async () => {
    const log: string[] = [];
    const out = runPhases(
      flow,
      ctx,
      recording(log, { a: 'pass', b: 'wait-pass', c: 'pass', d: 'wait-answer', e: 'answer' }),
    );
    expect(out).toBeInstanceOf(Promise);
    expect(log).toEqual(['a', 'b']);
    expect(await out).toEqual(answer('d'));
    expect(log).toEqual(['a', 'b', 'c', 'd']);
  });

  it('fails loudly when no phase answers (the last phase always does)', async () => {
    expect(() => runPhases(flow, ctx, recording([], { a: 'pass' }))).toThrow(/without a response/);
    await expect(runPhases(flow, ctx, recording([], { a: 'wait-pass' }))).rejects.toThrow(/without a response/);
  });
});

const KEY = 'abcdefghijklmnopqrstuvwxyz0123';

/** A method with every phase switched on: authorizer, API key, usage plan, validator, stage cache. */
function everything() {
  return makeRestApi(
    restDefinition(
      {
        '/pets/{id}': {
          methods: {
            GET: proxy('fn', {
              authorizationType: 'CUSTOM',
              authorizer: 'tok',
              apiKeyRequired: true,
              requestValidator: 'params',
              requestParameters: { 'method.request.querystring.q': true },
            }),
          },
        },
      },
      {
        stage: { name: 'dev', throttle: { rateLimit: 100, burstLimit: 100 }, cacheClusterEnabled: true },
        authorizers: { tok: { type: 'TOKEN', function: 'auth' } },
        apiKeys: [{ id: 'k1', name: 'alice', value: KEY }],
        usagePlans: [
          {
            name: 'basic',
            apiKeys: ['k1'],
            throttle: { rateLimit: 10, burstLimit: 10 },
            quota: { limit: 100, period: 'DAY' },
          },
        ],
        requestValidators: { params: { validateRequestParameters: true } },
      },
    ),
    { auth: () => policy('Allow', `${ARN_PREFIX}/*`), fn: () => ({ statusCode: 200, body: 'ok' }) },
  );
}

/** The gateway's steps, one word each (throttle and cache with their scope or outcome). */
function steps(events: readonly TraceEvent[]): string[] {
  const out: string[] = [];
  for (const e of events) {
    if (e.kind === 'throttle') out.push(`throttle:${e.scope}`);
    else if (e.kind === 'cache') out.push(`cache:${e.outcome}`);
    else if (e.kind === 'lambda.invoke' || e.kind === 'authorizer.invoke') out.push(`invoke:${e.functionName}`);
    else if (
      ['http.request', 'http.route', 'authorizer.result', 'apikey.check', 'validation', 'mapping'].includes(e.kind)
    )
      out.push(e.kind);
    else if (e.kind === 'http.response') out.push(`http.response:${e.status}`);
  }
  return out;
}

const headers = { Authorization: 'token', 'x-api-key': KEY };

describe('a REST request through the engine', () => {
  it('walks the phases in order: resource, throttle, authorizer, API key, usage plan, validation, cache, integration', async () => {
    const api = everything();
    expect(await send(api, 'GET', '/pets/1?q=x', { headers })).toMatchObject({ status: 200, body: 'ok' });
    expect(steps(api.trace.events)).toEqual([
      'http.request',
      'http.route',
      'throttle:stage',
      'invoke:auth',
      'authorizer.result',
      'apikey.check',
      'throttle:usage-plan',
      'validation',
      'cache:MISS',
      'invoke:fn',
      'cache:STORE',
      'http.response:200',
    ]);
  });

  it('ends the request at the phase that answers: a missing API key is 403 before validation, cache and integration', async () => {
    const api = everything();
    const res = await send(api, 'GET', '/pets/1', { headers: { Authorization: 'token' } });
    expect(res).toMatchObject({ status: 403, body: '{"message":"Forbidden"}' });
    expect(steps(api.trace.events)).toEqual([
      'http.request',
      'http.route',
      'throttle:stage',
      'invoke:auth',
      'authorizer.result',
      'apikey.check',
      'http.response:403',
    ]);
  });

  it('answers a cache hit before the integration, after every check in front of it', async () => {
    const api = everything();
    await send(api, 'GET', '/pets/1?q=x', { headers });
    const before = api.trace.events.length;
    expect(await send(api, 'GET', '/pets/1?q=x', { headers })).toMatchObject({ status: 200, body: 'ok' });
    // The authorizer's policy is cached too (TTL 300 s), so only the gateway's own steps remain.
    expect(steps(api.trace.events.slice(before))).toEqual([
      'http.request',
      'http.route',
      'throttle:stage',
      'authorizer.result',
      'apikey.check',
      'throttle:usage-plan',
      'validation',
      'cache:HIT',
      'http.response:200',
    ]);
  });

  it('maps a non-proxy request before the integration and its response after it', async () => {
    const api = makeRestApi(
      restDefinition({
        '/echo': {
          methods: {
            POST: {
              integration: {
                type: 'AWS',
                function: 'fn',
                requestTemplates: { 'application/json': '{"said": $input.json(\'$\')}' },
                integrationResponses: [
                  { statusCode: '200', responseTemplates: { 'application/json': "$input.path('$.said')" } },
                ],
              },
            },
          },
        },
      }),
      { fn: (event: unknown) => event },
    );
    const res = await send(api, 'POST', '/echo', { body: '"hi"' });
    expect(res).toMatchObject({ status: 200, body: 'hi' });
    expect(steps(api.trace.events)).toEqual([
      'http.request',
      'http.route',
      'mapping',
      'invoke:fn',
      'mapping',
      'http.response:200',
    ]);
    expect(api.trace.ofKind('mapping').map((e) => e.direction)).toEqual(['request', 'response']);
  });

  it('answers a request refused before any wait synchronously, so concurrent requests do not interleave in the trace', async () => {
    const api = everything();
    await Promise.all([send(api, 'GET', '/nowhere'), send(api, 'DELETE', '/pets/1')]);
    expect(steps(api.trace.events)).toEqual([
      'http.request',
      'http.route',
      'http.response:403',
      'http.request',
      'http.route',
      'http.response:403',
    ]);
  });
});
