import { describe, expect, it } from 'vitest';
import { isHttpLike, type ApiDefinition, type CloseInfo, type HttpLikeApi, type WebSocketApi } from '../gateway';
import { deploy, deployDefinitionFile, readDefinition, type Deployment, type InvokerFactory } from './deployment';
import { createNodeInvoker } from './node-invoker';

/** The Node runner, counting the invokers it makes and the ones disposed. */
function nodeInvokers() {
  const counts = { created: 0, disposed: 0 };
  const createInvoker: InvokerFactory = (options) => {
    counts.created++;
    const invoker = createNodeInvoker(options);
    return {
      invoke: (req) => invoker.invoke(req),
      dispose() {
        counts.disposed++;
        invoker.dispose();
      },
    };
  };
  return { counts, createInvoker };
}

/** Echoes through @connections and remembers the sender in a table, with the real SDK v3 names. */
const echoFile = `import { ApiGatewayManagementApiClient, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';

const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));

export const handler = async (event) => {
  const { domainName, stage, connectionId } = event.requestContext;
  await db.send(new PutCommand({ TableName: 'seen', Item: { connectionId, body: event.body } }));
  const api = new ApiGatewayManagementApiClient({ endpoint: \`https://\${domainName}/\${stage}\` });
  await api.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: 'echo: ' + event.body }));
  return { statusCode: 200 };
};
`;

/** Answers a request; tries @connections on the API it was called through when asked to. */
const helloFile = `import { ApiGatewayManagementApiClient, GetConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';

export const handler = async (event) => {
  if (event.queryStringParameters?.manage) {
    const { domainName, stage } = event.requestContext;
    const api = new ApiGatewayManagementApiClient({ endpoint: \`https://\${domainName}/\${stage}\` });
    try {
      await api.send(new GetConnectionCommand({ ConnectionId: 'x' }));
    } catch (e) {
      return { statusCode: 200, body: e.name };
    }
  }
  return { statusCode: 200, body: 'hello' };
};
`;

const files = { 'echo.js': echoFile, 'hello.js': helloFile };
const functions = { echo: { handler: 'echo.handler' }, hello: { handler: 'hello.handler' } };
const proxy = (fn: string) => ({ integration: { type: 'AWS_PROXY' as const, function: fn } });

const definitions: Record<'WEBSOCKET' | 'HTTP' | 'REST', ApiDefinition> = {
  WEBSOCKET: {
    protocolType: 'WEBSOCKET',
    name: 'echo',
    routeSelectionExpression: '$request.body.action',
    routes: { $default: proxy('echo') },
    functions,
    tables: { seen: { partitionKey: 'connectionId' } },
  },
  HTTP: {
    protocolType: 'HTTP',
    name: 'hello',
    routes: { 'GET /hello': proxy('hello') },
    functions,
  },
  REST: {
    protocolType: 'REST',
    name: 'hello',
    resources: { '/hello': { methods: { GET: { authorizationType: 'NONE', ...proxy('hello') } } } },
    functions,
  },
};

function wsOf(d: Deployment): WebSocketApi {
  if (isHttpLike(d.api)) throw new Error('expected a WebSocket API');
  return d.api;
}

function httpOf(d: Deployment): HttpLikeApi {
  if (!isHttpLike(d.api)) throw new Error('expected an HTTP or REST API');
  return d.api;
}

describe('deploying a definition', () => {
  it.each(['WEBSOCKET', 'HTTP', 'REST'] as const)(
    'deploys a %s definition through the same call, with its type, trace and tables',
    (type) => {
      const { createInvoker } = nodeInvokers();
      const d = deploy({ definition: definitions[type], files, createInvoker, seed: 'same' });
      expect(d.type).toBe(type);
      expect(d.trace).toBe(d.api.trace);
      expect(Object.keys(d.tables.snapshot())).toEqual(type === 'WEBSOCKET' ? ['seen'] : []);
      d.dispose();
    },
  );

  it("lets a WebSocket handler post to its own @connections and write a table, recording table.op in the API's trace", async () => {
    const d = deploy({ definition: definitions.WEBSOCKET, files, createInvoker: nodeInvokers().createInvoker });
    const ws = wsOf(d);
    const res = await ws.connect({ clientName: 'Alice' });
    if (!res.accepted) throw new Error(`refused with ${res.status}`);
    const received: string[] = [];
    res.connection.onMessage((text) => received.push(text));
    await res.connection.send('hi');
    await ws.whenIdle();

    expect(received).toEqual(['echo: hi']);
    expect(d.tables.items('seen')).toEqual([{ connectionId: { S: res.connection.connectionId }, body: { S: 'hi' } }]);
    const op = d.trace.events.find((e) => e.kind === 'table.op');
    expect(op).toMatchObject({
      from: 'integration:echo',
      to: 'table:seen',
      summary: 'PutItem seen',
      table: 'seen',
      operation: 'PutItem',
      ok: true,
      items: 1,
      invocationId: expect.any(String),
    });
    d.dispose();
  });

  it.each(['HTTP', 'REST'] as const)(
    'answers requests on an %s deployment, whose handlers get 403 from @connections',
    async (type) => {
      const d = deploy({ definition: definitions[type], files, createInvoker: nodeInvokers().createInvoker });
      const api = httpOf(d);
      expect(await api.handle({ method: 'GET', url: `${api.url}/hello` })).toMatchObject({
        status: 200,
        body: 'hello',
      });
      // Only a WebSocket API has an @connections endpoint (docs/aws-behaviour.md §3).
      expect(await api.handle({ method: 'GET', url: `${api.url}/hello?manage=1` })).toMatchObject({
        body: 'ForbiddenException',
      });
      d.dispose();
    },
  );

  it('runs the files as deployed: a later edit of the caller’s object changes nothing', async () => {
    const own = { ...files };
    const d = deploy({ definition: definitions.HTTP, files: own, createInvoker: nodeInvokers().createInvoker });
    own['hello.js'] = `export const handler = async () => ({ statusCode: 200, body: 'edited' });`;
    const api = httpOf(d);
    expect((await api.handle({ method: 'GET', url: `${api.url}/hello` })).body).toBe('hello');
    d.dispose();
  });

  it('stops the engine (connections close with 1001) and the invoker on dispose, once', async () => {
    const { counts, createInvoker } = nodeInvokers();
    const d = deploy({ definition: definitions.WEBSOCKET, files, createInvoker });
    const ws = wsOf(d);
    const res = await ws.connect({ clientName: 'Alice' });
    if (!res.accepted) throw new Error(`refused with ${res.status}`);
    const closed: CloseInfo[] = [];
    res.connection.onClose((info) => closed.push(info));

    d.dispose();
    d.dispose();
    await ws.whenIdle();
    expect(closed.map((c) => c.code)).toEqual([1001]);
    expect(counts).toEqual({ created: 1, disposed: 1 });
    await expect(ws.connect({ clientName: 'Bob' })).rejects.toThrow(/disposed/);
  });

  it('stops the invoker it made when the engine refuses the definition', () => {
    const { counts, createInvoker } = nodeInvokers();
    const unvalidated = { ...definitions.WEBSOCKET, routes: { $default: proxy('missing') } } as ApiDefinition;
    expect(() => deploy({ definition: unvalidated, files, createInvoker })).toThrow(/no function named "missing"/);
    expect(counts).toEqual({ created: 1, disposed: 1 });
  });
});

describe('deploying from a definition file', () => {
  it('names the file in every problem, one line each', () => {
    expect(readDefinition('api.json', '{')).toEqual({
      ok: false,
      message: expect.stringMatching(/^api\.json is not valid JSON: /),
    });
    const bad = { ...definitions.HTTP, routes: { 'GET /a': proxy('nope'), 'GET /b': proxy('nope') } };
    const r = readDefinition('api.json', JSON.stringify(bad));
    expect(r.ok ? [] : r.message.split('\n')).toEqual([
      'api.json: routes["GET /a"].integration.function: no function named "nope" (functions are: echo, hello)',
      'api.json: routes["GET /b"].integration.function: no function named "nope" (functions are: echo, hello)',
    ]);
    expect(readDefinition('other.json', '{}')).toEqual({
      ok: false,
      message: 'other.json: protocolType: must be "WEBSOCKET", "HTTP" or "REST", got nothing',
    });
  });

  it('deploys a valid file like deploy() does, and reports what the engine refuses under the file name', async () => {
    const { counts, createInvoker } = nodeInvokers();
    const ok = deployDefinitionFile('api.json', JSON.stringify(definitions.REST), { files, createInvoker });
    if (!ok.ok) throw new Error(ok.message);
    expect(ok.deployment.type).toBe('REST');
    ok.deployment.dispose();

    const invalid = deployDefinitionFile('api.json', '{"protocolType":"HTTP"}', { files, createInvoker });
    expect(invalid.ok).toBe(false);
    expect(counts).toEqual({ created: 1, disposed: 1 });
  });
});
