/**
 * The serverless chat of the AWS tutorial (DG websocket-api-chat-app; aws-samples
 * simple-websockets-chat-app): $connect stores the connection, sendmessage posts to everyone
 * through @connections, $disconnect removes it.
 */
import { expect, it } from 'vitest';
import type { WebSocketApi, WebSocketApiDefinition } from '../index';
import { makeApi, open } from './test-support';

const definition: WebSocketApiDefinition = {
  protocolType: 'WEBSOCKET',
  name: 'serverless-chat',
  routeSelectionExpression: '$request.body.action',
  routes: {
    $connect: { integration: { type: 'AWS_PROXY', function: 'onconnect' } },
    $disconnect: { integration: { type: 'AWS_PROXY', function: 'ondisconnect' } },
    sendmessage: { integration: { type: 'AWS_PROXY', function: 'sendmessage' } },
  },
  functions: {
    onconnect: { handler: 'onconnect.handler' },
    ondisconnect: { handler: 'ondisconnect.handler' },
    sendmessage: { handler: 'sendmessage.handler' },
  },
  tables: { connections: { partitionKey: 'connectionId' } },
};

it('delivers a chat message to every connected client through PostToConnection (serverless chat tutorial)', async () => {
  const table = new Set<string>();
  const api: WebSocketApi = makeApi(definition, {
    onconnect: (event) => (table.add(event.requestContext.connectionId), { statusCode: 200 }),
    ondisconnect: (event) => (table.delete(event.requestContext.connectionId), { statusCode: 200 }),
    sendmessage: async (event, context) => {
      const data = JSON.parse(event.body).data;
      for (const id of table) {
        const res = await api.management.postToConnection(id, data, {
          functionName: context.functionName,
          invocationId: context.awsRequestId,
        });
        if (res.statusCode === 410) table.delete(id);
      }
      return { statusCode: 200 };
    },
  });
  const alice = await open(api, { clientName: 'Alice' });
  const bob = await open(api, { clientName: 'Bob' });
  const bobHeard: string[] = [];
  bob.onMessage((t) => bobHeard.push(t));

  await alice.send(JSON.stringify({ action: 'sendmessage', data: 'hello everyone' }));

  expect(alice.received).toEqual(['hello everyone']);
  expect(bob.received).toEqual(['hello everyone']);
  expect(bobHeard).toEqual(['hello everyone']);
  const posts = api.trace.ofKind('mgmt.request');
  expect(posts.map((p) => [p.from, p.target])).toEqual([
    ['integration:sendmessage', alice.connectionId],
    ['integration:sendmessage', bob.connectionId],
  ]);
  expect(api.trace.ofKind('ws.frame.out').map((f) => f.to)).toEqual(['client:Alice', 'client:Bob']);

  await bob.close(1001, 'tab closed');
  expect(table).toEqual(new Set([alice.connectionId]));
  await alice.send(JSON.stringify({ action: 'sendmessage', data: 'anyone?' }));
  expect(alice.received).toEqual(['hello everyone', 'anyone?']);
  expect(bob.received).toEqual(['hello everyone']);
});
