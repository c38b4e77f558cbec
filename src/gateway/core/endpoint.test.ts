import { describe, expect, it } from 'vitest';
import { ApiRegistry, connectionUrl, parseExecuteApiUrl, webSocketUrl } from '..';

describe('parseExecuteApiUrl', () => {
  it('reads apiId, region and stage from a wss:// client URL with a query', () => {
    expect(parseExecuteApiUrl('wss://abc123defg.execute-api.eu-west-1.amazonaws.com/prod?token=abc')).toEqual({
      scheme: 'wss',
      apiId: 'abc123defg',
      region: 'eu-west-1',
      stage: 'prod',
      path: '',
      query: 'token=abc',
    });
  });

  it('decodes %40connections and the connection id of a management URL (DG apigateway-how-to-call-websocket-api-connections)', () => {
    expect(
      parseExecuteApiUrl(
        'https://abc123defg.execute-api.us-east-1.amazonaws.com/dev/%40connections/R0oXAdfD0kwCH6w%3D',
      ),
    ).toEqual({
      scheme: 'https',
      apiId: 'abc123defg',
      region: 'us-east-1',
      stage: 'dev',
      path: '/@connections/R0oXAdfD0kwCH6w=',
      query: '',
      connectionId: 'R0oXAdfD0kwCH6w=',
    });
    expect(
      parseExecuteApiUrl('https://abc123defg.execute-api.us-east-1.amazonaws.com/dev/@connections/R0oXAdfD0kwCH6w=')
        ?.connectionId,
    ).toBe('R0oXAdfD0kwCH6w=');
  });

  it('rejects other hosts, other schemes and URLs without a stage', () => {
    expect(parseExecuteApiUrl('wss://example.com/dev')).toBeUndefined();
    expect(parseExecuteApiUrl('http://abc123defg.execute-api.us-east-1.amazonaws.com/dev')).toBeUndefined();
    expect(parseExecuteApiUrl('wss://abc123defg.execute-api.us-east-1.amazonaws.com/')).toBeUndefined();
    expect(parseExecuteApiUrl('wss://abc123defg.execute-api.us-east-1.amazonaws.com')).toBeUndefined();
  });

  it('builds the URLs it parses', () => {
    const ws = webSocketUrl('abc123defg', 'us-east-1', 'dev');
    expect(ws).toBe('wss://abc123defg.execute-api.us-east-1.amazonaws.com/dev');
    const mgmt = connectionUrl('abc123defg', 'us-east-1', 'dev', 'R0oXAdfD0kwCH6w=');
    expect(mgmt).toBe('https://abc123defg.execute-api.us-east-1.amazonaws.com/dev/%40connections/R0oXAdfD0kwCH6w%3D');
    expect(parseExecuteApiUrl(mgmt)?.connectionId).toBe('R0oXAdfD0kwCH6w=');
  });
});

describe('ApiRegistry', () => {
  it('resolves a URL to the API registered for its apiId and stage, and forgets it when unregistered', () => {
    const registry = new ApiRegistry();
    const api = { apiId: 'abc123defg', stage: 'dev' };
    const unregister = registry.register(api);
    expect(registry.resolve('abc123defg', 'dev')).toBe(api);
    expect(registry.resolve('abc123defg', 'prod')).toBeUndefined();
    expect(registry.resolveUrl('wss://abc123defg.execute-api.us-east-1.amazonaws.com/dev?x=1')).toMatchObject({
      api,
      endpoint: { query: 'x=1' },
    });
    unregister();
    expect(registry.resolve('abc123defg', 'dev')).toBeUndefined();
  });

  it('replaces an instance on redeploy, and the old unregister function leaves the new one alone', () => {
    const registry = new ApiRegistry();
    const old = { apiId: 'abc123defg', stage: 'dev' };
    const fresh = { apiId: 'abc123defg', stage: 'dev' };
    const unregisterOld = registry.register(old);
    registry.register(fresh);
    unregisterOld();
    expect(registry.resolve('abc123defg', 'dev')).toBe(fresh);
    expect(registry.list()).toEqual([fresh]);
    expect(registry.unregister('abc123defg', 'dev')).toBe(true);
    expect(registry.list()).toEqual([]);
  });

  it('keeps separate registries apart (no module state)', () => {
    const a = new ApiRegistry();
    const b = new ApiRegistry();
    a.register({ apiId: 'abc123defg', stage: 'dev' });
    expect(b.resolve('abc123defg', 'dev')).toBeUndefined();
  });
});
