import { describe, expect, it } from 'vitest';
import type { RestApiDefinition } from '../gateway';
import { validateRestDefinition } from '../gateway';
import {
  addRestMethod,
  addRestResource,
  methodCacheTtl,
  removeRestMethod,
  removeRestResource,
  resourcePathProblem,
  resourceRows,
  setRestApiKeyRequired,
  setRestIntegrationType,
  setRestMethodAuthorizer,
  setRestMethodCacheTtl,
  setRestRequestValidator,
  setRestSection,
  setRestStage,
} from './rest-edits';

function def(): RestApiDefinition {
  return {
    protocolType: 'REST',
    name: 'shop',
    stage: { name: 'prod' },
    resources: { '/orders/{id}': { methods: { GET: { integration: { type: 'AWS_PROXY', function: 'getOrder' } } } } },
    functions: { getOrder: { handler: 'get-order.handler' } },
  };
}

describe('REST resource edits', () => {
  it('lists the resource tree with implied parents, in path order', () => {
    const d = def();
    addRestResource(d, '/products');
    expect(resourceRows(d).map((r) => [r.path, r.depth, r.declared, r.methods])).toEqual([
      ['/', 0, false, []],
      ['/orders', 1, false, []],
      ['/orders/{id}', 2, true, ['GET']],
      ['/products', 1, true, []],
    ]);
  });

  it('refuses malformed resource paths and a greedy variable before the end', () => {
    const d = def();
    expect(resourcePathProblem(d, 'orders')).toMatch(/starts with "\/"/);
    expect(resourcePathProblem(d, '/{proxy+}/x')).toMatch(/last segment/);
    expect(resourcePathProblem(d, '/a//b')).toMatch(/empty segment/);
    expect(resourcePathProblem(d, '/orders/{id}')).toMatch(/already exists/);
    expect(resourcePathProblem(d, '/{proxy+}')).toBeNull();
  });

  it('adds a proxy method by default and a MOCK one when there is no function, and removes a resource with its children', () => {
    const d = def();
    expect(addRestMethod(d, '/orders', 'POST')).toBeNull();
    expect(d.resources['/orders'].methods.POST?.integration).toEqual({ type: 'AWS_PROXY', function: 'getOrder' });
    expect(addRestMethod(d, '/orders', 'POST')).toMatch(/already exists/);
    removeRestResource(d, '/orders');
    expect(Object.keys(d.resources)).toEqual([]);
    d.functions = {};
    addRestMethod(d, '/health', 'GET');
    expect(d.resources['/health'].methods.GET?.integration.type).toBe('MOCK');
  });

  it('switches integration types between AWS_PROXY, AWS and MOCK, each valid at Deploy', () => {
    const d = def();
    setRestIntegrationType(d, '/orders/{id}', 'GET', 'MOCK');
    expect(validateRestDefinition(d).ok).toBe(true);
    setRestIntegrationType(d, '/orders/{id}', 'GET', 'AWS');
    expect(d.resources['/orders/{id}'].methods.GET?.integration).toMatchObject({ type: 'AWS', function: 'getOrder' });
    expect(validateRestDefinition(d).ok).toBe(true);
    setRestIntegrationType(d, '/orders/{id}', 'GET', 'AWS_PROXY');
    expect(d.resources['/orders/{id}'].methods.GET?.integration).toEqual({ type: 'AWS_PROXY', function: 'getOrder' });
  });

  it('sets API key requirement, a CUSTOM authorizer and a request validator on a method', () => {
    const d = def();
    setRestApiKeyRequired(d, '/orders/{id}', 'GET', true);
    setRestMethodAuthorizer(d, '/orders/{id}', 'GET', 'tokens');
    setRestRequestValidator(d, '/orders/{id}', 'GET', 'params');
    expect(d.resources['/orders/{id}'].methods.GET).toMatchObject({
      apiKeyRequired: true,
      authorizationType: 'CUSTOM',
      authorizer: 'tokens',
      requestValidator: 'params',
    });
    setRestMethodAuthorizer(d, '/orders/{id}', 'GET', '');
    setRestApiKeyRequired(d, '/orders/{id}', 'GET', false);
    expect(d.resources['/orders/{id}'].methods.GET).not.toHaveProperty('authorizationType');
    expect(d.resources['/orders/{id}'].methods.GET).not.toHaveProperty('apiKeyRequired');
  });
});

describe('REST stage, cache and JSON sections (DG api-gateway-caching, api-gateway-api-usage-plans)', () => {
  it('keeps a per-method cache TTL in Stage.methodSettings and removes it again', () => {
    const d = def();
    expect(setRestMethodCacheTtl(d, '/orders/{id}', 'GET', 60)).toBeNull();
    expect(d.stage?.methodSettings).toEqual({ '/orders/{id}/GET': { cacheTtlInSeconds: 60, cachingEnabled: true } });
    expect(methodCacheTtl(d, '/orders/{id}', 'GET')).toBe(60);
    expect(setRestMethodCacheTtl(d, '/orders/{id}', 'GET', 4000)).toMatch(/0 to 3600/);
    setRestMethodCacheTtl(d, '/orders/{id}', 'GET', undefined);
    expect(d.stage).not.toHaveProperty('methodSettings');
    setRestMethodCacheTtl(d, '/orders/{id}', 'GET', 30);
    removeRestMethod(d, '/orders/{id}', 'GET');
    expect(d.stage?.methodSettings?.['/orders/{id}/GET']).toBeUndefined();
  });

  it('patches the stage cache and throttle', () => {
    const d = def();
    setRestStage(d, { cacheClusterEnabled: true, cacheTtlInSeconds: 120, throttle: { rateLimit: 5, burstLimit: 10 } });
    expect(d.stage).toEqual({
      name: 'prod',
      cacheClusterEnabled: true,
      cacheTtlInSeconds: 120,
      throttle: { rateLimit: 5, burstLimit: 10 },
    });
    setRestStage(d, { throttle: null, cacheTtlInSeconds: null });
    expect(d.stage).toEqual({ name: 'prod', cacheClusterEnabled: true });
  });

  it('replaces a JSON-edited section, checking only list versus object (Deploy names the fields)', () => {
    const d = def();
    expect(setRestSection(d, 'apiKeys', [{ id: 'k', name: 'k', value: 'x'.repeat(20) }])).toBeNull();
    expect(setRestSection(d, 'usagePlans', { name: 'p' })).toMatch(/JSON list/);
    expect(setRestSection(d, 'models', [])).toMatch(/JSON object/);
    expect(setRestSection(d, 'usagePlans', [{ name: 'p', apiKeys: ['missing'] }])).toBeNull();
    const checked = validateRestDefinition(d);
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.errors.map((e) => e.path)).toContain('usagePlans[0].apiKeys[0]');
    setRestSection(d, 'usagePlans', undefined);
    expect(d).not.toHaveProperty('usagePlans');
  });
});
