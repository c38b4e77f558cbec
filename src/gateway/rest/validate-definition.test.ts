import { describe, expect, it } from 'vitest';
import { createRestApi } from './engine';
import { createInProcessInvoker } from '../core/inprocess-invoker';
import { formatRestDefinitionErrors, validateRestDefinition } from './validate-definition';

const base = {
  protocolType: 'REST',
  name: 'pets',
  resources: { '/pets': { methods: { GET: { integration: { type: 'AWS_PROXY', function: 'list' } } } } },
  functions: { list: { handler: 'list.handler' } },
};

function errorsOf(input: unknown) {
  const r = validateRestDefinition(input);
  return r.ok ? [] : r.errors;
}

function messageAt(input: unknown, path: string): string | undefined {
  return errorsOf(input).find((e) => e.path === path)?.message;
}

describe('validateRestDefinition', () => {
  it("accepts a minimal definition and applies AWS's defaults", () => {
    const r = validateRestDefinition(base);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.definition).toMatchObject({
      region: 'us-east-1',
      endpointConfiguration: { types: ['EDGE'] },
      apiKeySource: 'HEADER',
      stage: { name: 'dev', cacheTtlInSeconds: 300 },
    });
    expect(r.definition.resources['/pets'].methods.GET).toMatchObject({
      authorizationType: 'NONE',
      apiKeyRequired: false,
    });
  });

  it('names a missing function, listing the defined ones', () => {
    const def = {
      ...base,
      resources: { '/pets': { methods: { GET: { integration: { type: 'AWS_PROXY', function: 'lst' } } } } },
    };
    expect(messageAt(def, 'resources["/pets"].methods.GET.integration.function')).toBe(
      'no function named "lst" (functions are: list)',
    );
  });

  it('rejects an integration timeout outside 50–29000 ms (docs/aws-behaviour.md §4)', () => {
    const def = {
      ...base,
      resources: {
        '/pets': { methods: { GET: { integration: { type: 'AWS_PROXY', function: 'list', timeoutInMillis: 30000 } } } },
      },
    };
    expect(messageAt(def, 'resources["/pets"].methods.GET.integration.timeoutInMillis')).toContain('50–29000');
  });

  it('rejects a greedy variable that is not the last path part, and two variable names at one level', () => {
    const def = {
      ...base,
      resources: {
        '/{proxy+}/x': { methods: { GET: { integration: { type: 'MOCK' } } } },
        '/pets/{id}': { methods: { GET: { integration: { type: 'MOCK' } } } },
        '/pets/{petId}/toys': { methods: { GET: { integration: { type: 'MOCK' } } } },
      },
    };
    expect(messageAt(def, 'resources["/{proxy+}/x"]')).toContain('must be the last part');
    expect(messageAt(def, 'resources["/pets/{petId}/toys"]')).toContain('already has the variable {id}');
  });

  it('rejects an unknown method and a trailing slash', () => {
    const def = { ...base, resources: { '/pets/': { methods: { FETCH: { integration: { type: 'MOCK' } } } } } };
    expect(messageAt(def, 'resources["/pets/"]')).toContain('no trailing "/"');
    expect(messageAt(def, 'resources["/pets/"].methods.FETCH')).toContain('unknown method "FETCH"');
  });

  it('requires CUSTOM methods to name a defined authorizer', () => {
    const def = {
      ...base,
      resources: { '/pets': { methods: { GET: { authorizationType: 'CUSTOM', integration: { type: 'MOCK' } } } } },
    };
    expect(messageAt(def, 'resources["/pets"].methods.GET.authorizer')).toContain('authorizers are: none defined');
  });

  it('checks authorizer identity sources and TTLs', () => {
    const def = {
      ...base,
      authorizers: {
        t: { type: 'TOKEN', function: 'list', identitySource: 'method.request.querystring.token' },
        r: {
          type: 'REQUEST',
          function: 'list',
          identitySource: 'method.request.header.A, route.request.header.B',
          authorizerResultTtlInSeconds: 4000,
        },
      },
    };
    expect(messageAt(def, 'authorizers["t"].identitySource')).toContain('method.request.header.{name}');
    expect(messageAt(def, 'authorizers["r"].identitySource')).toContain(
      '"route.request.header.B" is not an identity source',
    );
    expect(messageAt(def, 'authorizers["r"].authorizerResultTtlInSeconds')).toContain('0 to 3600');
  });

  it('checks API key lengths (20–128) and usage plan key references', () => {
    const def = {
      ...base,
      apiKeys: [{ id: 'k', name: 'k', value: 'short' }],
      usagePlans: [{ name: 'p', apiKeys: ['k', 'zz'], quota: { limit: 5, period: 'YEAR' } }],
    };
    expect(messageAt(def, 'apiKeys[0].value')).toContain('20–128 characters');
    expect(messageAt(def, 'usagePlans[0].apiKeys[1]')).toBe('no API key with id "zz" (keys are: k)');
    expect(messageAt(def, 'usagePlans[0].quota.period')).toContain('"DAY", "WEEK" or "MONTH"');
  });

  it('checks the stage: name, cache TTL 0–3600, variables', () => {
    const def = { ...base, stage: { name: 'my stage', cacheTtlInSeconds: 5000, variables: { 'bad-name': 'x' } } };
    expect(messageAt(def, 'stage.name')).toContain('letters, digits');
    expect(messageAt(def, 'stage.cacheTtlInSeconds')).toContain('0 to 3600');
    expect(messageAt(def, 'stage.variables["bad-name"]')).toContain('stage variable name');
  });

  it('refuses mapping templates on a proxy integration and checks selection patterns', () => {
    const def = {
      ...base,
      resources: {
        '/pets': {
          methods: {
            GET: {
              integration: { type: 'AWS_PROXY', function: 'list', requestTemplates: { 'application/json': '{}' } },
            },
          },
        },
        '/m': {
          methods: {
            GET: {
              integration: {
                type: 'MOCK',
                integrationResponses: [{ statusCode: '200', selectionPattern: '(' }, { statusCode: 'OK' }],
              },
            },
          },
        },
      },
    };
    expect(messageAt(def, 'resources["/pets"].methods.GET.integration.requestTemplates')).toContain(
      'need type "AWS" or "MOCK"',
    );
    expect(
      messageAt(def, 'resources["/m"].methods.GET.integration.integrationResponses[0].selectionPattern'),
    ).toContain('regular expression');
    expect(messageAt(def, 'resources["/m"].methods.GET.integration.integrationResponses[1].statusCode')).toContain(
      '"200"',
    );
  });

  it('refuses a selection pattern that could backtrack catastrophically (definitions may come from a shared link)', () => {
    const def = {
      ...base,
      resources: {
        '/m': {
          methods: {
            GET: {
              integration: { type: 'MOCK', integrationResponses: [{ statusCode: '200', selectionPattern: '(a+)+$' }] },
            },
          },
        },
      },
    };
    expect(
      messageAt(def, 'resources["/m"].methods.GET.integration.integrationResponses[0].selectionPattern'),
    ).toContain('must be a regular expression');
  });

  it('names unknown keys and the wrong protocol type', () => {
    const errors = errorsOf({ ...base, protocolType: 'HTTP', cors: {} });
    expect(errors.map((e) => e.path)).toEqual(expect.arrayContaining(['protocolType', 'cors']));
  });

  it('makes createRestApi throw with every message', () => {
    expect(() =>
      createRestApi({ definition: { ...base, functions: {} } as never, invoker: createInProcessInvoker({}) }),
    ).toThrow(
      'Invalid REST API definition:\nresources["/pets"].methods.GET.integration.function: no function named "list" (functions are: none defined)',
    );
    expect(formatRestDefinitionErrors([{ path: 'a', message: 'b' }])).toBe('a: b');
  });
});
