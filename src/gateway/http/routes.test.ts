import { describe, expect, it } from 'vitest';
import { parseRouteKey, RouteTable } from './routes';
import { httpDefinition, makeHttpApi, send } from './test-support';

const DG_ROUTES = ['GET /pets/dog/1', 'GET /pets/dog/{id}', 'GET /pets/{proxy+}', 'ANY /{proxy+}', '$default'];

describe('HTTP API route keys (DG http-api-develop-routes)', () => {
  it('parses METHOD /path with {param} and a trailing greedy {proxy+}', () => {
    const r = parseRouteKey('GET /pets/{id}/{rest+}');
    expect(r.ok && 'method' in r.route && r.route.segments).toEqual([
      { kind: 'literal', value: 'pets' },
      { kind: 'param', name: 'id' },
      { kind: 'greedy', name: 'rest' },
    ]);
  });

  it('refuses a greedy variable that is not the last segment ("must be at the end of the resource path")', () => {
    const r = parseRouteKey('GET /{proxy+}/x');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toMatch(/must be the last segment/);
  });

  it('refuses an unknown method and a key without a path', () => {
    expect(parseRouteKey('FETCH /x').ok).toBe(false);
    expect(parseRouteKey('GET').ok).toBe(false);
    expect(parseRouteKey('sendmessage').ok).toBe(false);
  });
});

describe('HTTP API route selection (DG http-api-develop-routes; docs/aws-behaviour.md §5.5)', () => {
  const table = new RouteTable(DG_ROUTES);

  it('selects GET /pets/dog/1 for GET /pets/dog/1 (a full match of route and method wins)', () => {
    expect(table.match('GET', '/pets/dog/1')).toMatchObject({ routeKey: 'GET /pets/dog/1', match: 'exact' });
  });

  it('selects GET /pets/dog/{id} for GET /pets/dog/2, with id=2', () => {
    expect(table.match('GET', '/pets/dog/2')).toMatchObject({
      routeKey: 'GET /pets/dog/{id}',
      match: 'param',
      pathParameters: { id: '2' },
    });
  });

  it('selects GET /pets/{proxy+} for GET /pets/cat/1 (the greedy route with the method)', () => {
    expect(table.match('GET', '/pets/cat/1')).toMatchObject({
      routeKey: 'GET /pets/{proxy+}',
      match: 'greedy',
      pathParameters: { proxy: 'cat/1' },
    });
  });

  it('selects ANY /{proxy+} for POST /test/5', () => {
    expect(table.match('POST', '/test/5')).toMatchObject({
      routeKey: 'ANY /{proxy+}',
      pathParameters: { proxy: 'test/5' },
    });
  });

  it('falls back to $default when nothing else matches (the root path here)', () => {
    expect(table.match('GET', '/')).toMatchObject({ routeKey: '$default', match: 'default' });
  });

  it('prefers a route with the request method over ANY on the same path ("ANY matches all methods that you haven\'t defined")', () => {
    const t = new RouteTable(['ANY /items', 'GET /items']);
    expect(t.match('GET', '/items')?.routeKey).toBe('GET /items');
    expect(t.match('DELETE', '/items')).toMatchObject({ routeKey: 'ANY /items', match: 'any' });
  });

  it('does not let a greedy variable match its bare prefix, labelled (UNCONFIRMED http-route-greedy-empty)', () => {
    const t = new RouteTable(['GET /pets/{proxy+}', '$default']);
    expect(t.match('GET', '/pets')).toMatchObject({ routeKey: '$default', unconfirmed: 'http-route-greedy-empty' });
    expect(new RouteTable(['GET /pets/{proxy+}']).match('GET', '/pets')).toBeUndefined();
  });

  it('matches paths case-sensitively, labelled when only the case differs (UNCONFIRMED http-route-case-sensitive)', () => {
    const t = new RouteTable(['GET /pets', '$default']);
    expect(t.match('GET', '/Pets')).toMatchObject({ routeKey: '$default', unconfirmed: 'http-route-case-sensitive' });
  });

  it('prefers the literal segment in a mixed tie, labelled (UNCONFIRMED http-route-priority)', () => {
    const t = new RouteTable(['GET /{kind}/dog', 'GET /pets/{name}']);
    expect(t.match('GET', '/pets/dog')).toMatchObject({
      routeKey: 'GET /pets/{name}',
      unconfirmed: 'http-route-priority',
    });
  });

  it('ignores a trailing slash for matching, labelled (UNCONFIRMED http-route-trailing-slash)', () => {
    const t = new RouteTable(['GET /pets']);
    expect(t.match('GET', '/pets/')).toMatchObject({ routeKey: 'GET /pets', unconfirmed: 'http-route-trailing-slash' });
  });

  it('URL-decodes path parameters ("API Gateway decodes URL-encoded request parameters")', () => {
    const t = new RouteTable(['GET /users/{name}', 'GET /files/{path+}']);
    expect(t.match('GET', '/users/Ada%20Lovelace')?.pathParameters).toEqual({ name: 'Ada Lovelace' });
    expect(t.match('GET', '/files/a%2Fb/c%20d')?.pathParameters).toEqual({ path: 'a/b/c d' });
  });

  it('does not match HEAD to a GET route', () => {
    expect(new RouteTable(['GET /x']).match('HEAD', '/x')).toBeUndefined();
  });
});

describe('stages and unmatched requests through the engine', () => {
  it('answers 404 {"message":"Not Found"} when no route matches and there is no $default (§5.11)', async () => {
    const api = makeHttpApi(httpDefinition({ 'GET /pets': {} }), { get_pets: () => 'ok' });
    const res = await send(api, 'GET', '/cats');
    expect(res.status).toBe(404);
    expect(res.body).toBe('{"message":"Not Found"}');
    expect(res.headers['content-type']).toBe('application/json');
    expect(api.trace.ofKind('http.route')[0]).toMatchObject({ routeKey: null, match: 'none' });
    expect(api.trace.ofKind('lambda.invoke')).toEqual([]);
  });

  it('serves the $default stage at the root URL and a named stage under its name (DG http-api-stages)', async () => {
    const root = makeHttpApi(httpDefinition({ 'GET /pets': {} }), { get_pets: () => 'ok' });
    expect(root.url).toBe('https://abcdef1234.execute-api.us-east-1.amazonaws.com');
    expect((await send(root, 'GET', '/pets')).status).toBe(200);
    const dev = makeHttpApi(httpDefinition({ 'GET /pets': {} }, { stage: { name: 'dev' } }), { get_pets: () => 'ok' });
    expect(dev.url).toBe('https://abcdef1234.execute-api.us-east-1.amazonaws.com/dev');
    expect((await send(dev, 'GET', '/pets')).status).toBe(200);
  });

  it('answers 404 Not Found for a path outside the named stage: stage selection comes first', async () => {
    const api = makeHttpApi(httpDefinition({ $default: { fn: 'any' } }, { stage: { name: 'dev' } }), {
      any: () => 'ok',
    });
    const res = await api.handle({ method: 'GET', url: `https://${api.domainName}/prod/pets` });
    expect(res.status).toBe(404);
    expect(res.body).toBe('{"message":"Not Found"}');
    expect(api.trace.ofKind('lambda.invoke')).toEqual([]);
  });
});
