import { describe, expect, it } from 'vitest';
import { ResourceTree } from './resources';
import { eventsOf, makeRestApi, proxy, restDefinition, send } from './test-support';

const ok = () => ({ statusCode: 200, body: 'ok' });

function tree(resources: Record<string, string[]>) {
  let n = 0;
  const defs = Object.fromEntries(
    Object.entries(resources).map(([path, methods]) => [
      path,
      { methods: Object.fromEntries(methods.map((m) => [m, proxy('f')])) },
    ]),
  );
  return new ResourceTree(defs, () => `id${n++}`);
}

describe('REST resource tree (docs/aws-behaviour.md §5.5)', () => {
  it('prefers a static segment over {param}, and {param} over {proxy+}, at each level', () => {
    const t = tree({ '/pets/dog': ['GET'], '/pets/{id}': ['GET'], '/pets/{proxy+}': ['GET'] });
    expect(t.match('GET', '/pets/dog')).toMatchObject({ resourcePath: '/pets/dog', match: 'exact' });
    expect(t.match('GET', '/pets/7')).toMatchObject({
      resourcePath: '/pets/{id}',
      pathParameters: { id: '7' },
      match: 'param',
    });
    expect(t.match('GET', '/pets/7/toys')).toMatchObject({
      resourcePath: '/pets/{proxy+}',
      pathParameters: { proxy: '7/toys' },
      match: 'greedy',
    });
  });

  it('prefers an explicit method over ANY on the same resource', () => {
    const t = tree({ '/items': ['GET', 'ANY'] });
    expect(t.match('GET', '/items')?.methodKey).toBe('GET');
    expect(t.match('POST', '/items')).toMatchObject({ methodKey: 'ANY', match: 'any' });
  });

  it('falls through to a sibling {proxy+} that has the method when the matching resource lacks it', () => {
    const t = tree({ '/pets/{id}': ['GET'], '/pets/{proxy+}': ['DELETE'] });
    expect(t.match('DELETE', '/pets/7')).toMatchObject({
      resourcePath: '/pets/{proxy+}',
      pathParameters: { proxy: '7' },
    });
    expect(t.match('PUT', '/pets/7')).toBeUndefined();
  });

  it('falls back to a {proxy+} further up the tree', () => {
    const t = tree({ '/pets/{id}': ['GET'], '/{proxy+}': ['ANY'] });
    expect(t.match('POST', '/pets/7')).toMatchObject({
      resourcePath: '/{proxy+}',
      pathParameters: { proxy: 'pets/7' },
    });
  });

  it('ignores a trailing slash for matching', () => {
    const t = tree({ '/pets': ['GET'], '/': ['GET'] });
    expect(t.match('GET', '/pets/')?.resourcePath).toBe('/pets');
    expect(t.match('GET', '/')?.resourcePath).toBe('/');
  });

  it('lets ANY cover DELETE GET HEAD OPTIONS PATCH POST PUT', () => {
    const t = tree({ '/a': ['ANY'] });
    for (const m of ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'])
      expect(t.match(m, '/a')?.methodKey).toBe('ANY');
  });

  it('does not let GET answer HEAD', () => {
    expect(tree({ '/a': ['GET'] }).match('HEAD', '/a')).toBeUndefined();
  });

  it('needs at least one segment for a greedy variable', () => {
    expect(tree({ '/{proxy+}': ['ANY'] }).match('GET', '/')).toBeUndefined();
  });

  it('matches paths case-sensitively', () => {
    expect(tree({ '/Pets': ['GET'] }).match('GET', '/pets')).toBeUndefined();
  });

  it('implies parent resources without methods', () => {
    const t = tree({ '/a/b/c': ['GET'] });
    expect(t.list().map((r) => r.path)).toEqual(['/', '/a', '/a/b', '/a/b/c']);
    expect(t.match('GET', '/a/b')).toBeUndefined();
  });
});

describe('REST routing through the engine (docs/aws-behaviour.md §5.5, §5.11)', () => {
  const definition = restDefinition({ '/pets/{id}': { methods: { GET: proxy('getPet') } } });

  it('answers an unknown path with 403 Missing Authentication Token and x-amzn-ErrorType MissingAuthenticationTokenException (LS test_routing_not_found)', async () => {
    const api = makeRestApi(definition, { getPet: ok });
    const res = await send(api, 'GET', '/nothing');
    expect(res.status).toBe(403);
    expect(res.body).toBe('{"message":"Missing Authentication Token"}');
    expect(res.headers['x-amzn-ErrorType']).toBe('MissingAuthenticationTokenException');
    expect(eventsOf(api, 'getPet')).toHaveLength(0);
    expect(api.trace.ofKind('http.route')[0]).toMatchObject({ routeKey: null, match: 'none' });
  });

  it('answers a method the resource lacks with the same 403 (DG gateway response MISSING_AUTHENTICATION_TOKEN: "an unsupported API method")', async () => {
    const api = makeRestApi(definition, { getPet: ok });
    const res = await send(api, 'DELETE', '/pets/1');
    expect(res).toMatchObject({ status: 403, body: '{"message":"Missing Authentication Token"}' });
  });

  it('answers an unknown stage with the same 403: the stage is the first path segment (§5.10)', async () => {
    const api = makeRestApi(definition, { getPet: ok });
    const res = await api.handle({
      method: 'GET',
      url: 'https://abcdef1234.execute-api.us-east-1.amazonaws.com/prod/pets/1',
    });
    expect(res.status).toBe(403);
    expect(api.trace.ofKind('http.route')[0].summary).toContain('no stage "prod"');
  });

  it('routes a known method and traces the route key and path parameters', async () => {
    const api = makeRestApi(definition, { getPet: ok });
    const res = await send(api, 'GET', '/pets/42');
    expect(res).toMatchObject({ status: 200, body: 'ok' });
    expect(api.trace.ofKind('http.route')[0]).toMatchObject({
      routeKey: 'GET /pets/{id}',
      match: 'param',
      pathParameters: { id: '42' },
    });
  });

  it('answers HEAD without a body', async () => {
    const api = makeRestApi(restDefinition({ '/a': { methods: { ANY: proxy('f') } } }), { f: ok });
    const res = await send(api, 'HEAD', '/a');
    expect(res).toMatchObject({ status: 200, body: '' });
  });
});
