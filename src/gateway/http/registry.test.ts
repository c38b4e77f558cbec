import { describe, expect, it } from 'vitest';
import { ApiRegistry, httpApiUrl, parseExecuteApiHttpsUrl } from '../index';
import { httpDefinition, makeHttpApi } from './test-support';

describe('resolving HTTP API URLs to stages (DG http-api-develop-routes: stage selection comes first)', () => {
  it('builds base URLs: $default at the root, other stages as the first segment', () => {
    expect(httpApiUrl('abcdef1234', 'us-east-1', '$default')).toBe(
      'https://abcdef1234.execute-api.us-east-1.amazonaws.com',
    );
    expect(httpApiUrl('abcdef1234', 'us-east-1', 'dev')).toBe(
      'https://abcdef1234.execute-api.us-east-1.amazonaws.com/dev',
    );
  });

  it('parses the first path segment, decoded, and accepts the bare root', () => {
    expect(parseExecuteApiHttpsUrl('https://abcdef1234.execute-api.us-east-1.amazonaws.com/de%76/x?y=1')).toEqual({
      apiId: 'abcdef1234',
      region: 'us-east-1',
      firstSegment: 'dev',
    });
    expect(parseExecuteApiHttpsUrl('https://abcdef1234.execute-api.us-east-1.amazonaws.com')?.firstSegment).toBe('');
    expect(parseExecuteApiHttpsUrl('wss://abcdef1234.execute-api.us-east-1.amazonaws.com/dev')).toBeUndefined();
  });

  it('prefers a stage named by the first segment, then the $default stage, then any stage of the API (which answers Not Found)', async () => {
    const registry = new ApiRegistry();
    const root = makeHttpApi(httpDefinition({ 'GET /dev/x': { fn: 'x' } }), { x: () => 'root' });
    const dev = makeHttpApi(httpDefinition({ 'GET /x': { fn: 'x' } }, { stage: { name: 'dev' } }), { x: () => 'dev' });
    registry.register(root);
    registry.register(dev);
    expect(registry.resolveHttpUrl(`${root.url}/dev/x`)).toBe(dev);
    expect(registry.resolveHttpUrl(`${root.url}/prod/x`)).toBe(root);
    expect(registry.resolveHttpUrl(root.url)).toBe(root);
    registry.unregister(root.apiId, '$default');
    const onlyDev = registry.resolveHttpUrl(`${root.url}/prod/x`);
    expect(onlyDev).toBe(dev);
    const res = await dev.handle({ method: 'GET', url: `${root.url}/prod/x` });
    expect(res.status).toBe(404);
    expect(registry.resolveHttpUrl('https://zzzzzzzzzz.execute-api.us-east-1.amazonaws.com/dev')).toBeUndefined();
  });
});
