import { describe, expect, it } from 'vitest';
import { TableStore } from './dynamodb/table-store';
import { buggyChatFiles, chatFiles } from './fixtures/chat';
import { fakeManagement } from './fixtures/fake-management';
import { ENDPOINT, request, wsEvent } from './fixtures/requests';
import { createNodeInvoker } from './node-invoker';
import { createRuntimeServices, type TableOpInfo } from './services';

function setup(files: Record<string, string>, connected: string[]) {
  const tables = new TableStore({ Connections: { partitionKey: 'connectionId' } });
  const management = fakeManagement(connected);
  const ops: TableOpInfo[] = [];
  const services = createRuntimeServices({
    tables,
    resolveManagement: (endpoint) => (endpoint === ENDPOINT ? management : undefined),
    onTableOp: (info) => ops.push(info),
  });
  const invoker = createNodeInvoker({ getFiles: () => files, services });
  const environment = { TABLE_NAME: 'Connections' };
  const fn = (name: string, handler: string) => (event: unknown) =>
    invoker.invoke(request(name, { handler, environment }, event));
  return {
    tables,
    management,
    ops,
    onconnect: fn('onconnect', 'onconnect.handler'),
    sendmessage: fn('sendmessage', 'sendmessage.handler'),
    ondisconnect: fn('ondisconnect', 'ondisconnect.handler'),
  };
}

const ids = (tables: TableStore) => tables.items('Connections').map((i) => (i.connectionId as { S: string }).S);

describe('serverless chat handlers in the Node runner', () => {
  it('stores the connection id on $connect with PutItemCommand into process.env.TABLE_NAME', async () => {
    const chat = setup(chatFiles, ['A=']);
    const result = await chat.onconnect(wsEvent('$connect', 'A='));
    expect(result).toMatchObject({ status: 'ok', value: { statusCode: 200 } });
    expect(ids(chat.tables)).toEqual(['A=']);
    expect(chat.ops).toEqual([
      expect.objectContaining({ table: 'Connections', operation: 'PutItem', ok: true, functionName: 'onconnect' }),
    ]);
  });

  it('broadcasts to every stored connection via PostToConnectionCommand', async () => {
    const chat = setup(chatFiles, ['A=', 'B=']);
    await chat.onconnect(wsEvent('$connect', 'A='));
    await chat.onconnect(wsEvent('$connect', 'B='));
    const result = await chat.sendmessage(
      wsEvent('sendmessage', 'A=', JSON.stringify({ action: 'sendmessage', data: 'hi' })),
    );
    expect(result.status).toBe('ok');
    expect(chat.management.posts.map((p) => [p.connectionId, JSON.parse(p.data)])).toEqual([
      ['A=', { from: 'A=', text: 'hi' }],
      ['B=', { from: 'A=', text: 'hi' }],
    ]);
    expect(chat.management.posts[0].caller).toMatchObject({
      functionName: 'sendmessage',
      invocationId: expect.any(String),
    });
    expect(result.logs.some((l) => l.text.endsWith('\tINFO\t{ delivered: 2, removed: 0 }'))).toBe(true);
  });

  it('deletes a stale connection when PostToConnection fails with GoneException, recognised by e.name (docs/aws-behaviour.md §3)', async () => {
    const chat = setup(chatFiles, ['A=', 'B=']);
    await chat.onconnect(wsEvent('$connect', 'A='));
    await chat.onconnect(wsEvent('$connect', 'B='));
    chat.management.connected.delete('B=');
    const result = await chat.sendmessage(wsEvent('sendmessage', 'A=', JSON.stringify({ data: 'hi' })));
    expect(result.status).toBe('ok');
    expect(ids(chat.tables)).toEqual(['A=']);
    expect(result.logs.some((l) => l.text.endsWith('{ delivered: 1, removed: 1 }'))).toBe(true);
  });

  it('leaves a stale connection when the handler checks err.statusCode === 410, which SDK v3 errors never carry', async () => {
    const chat = setup(buggyChatFiles, ['A=', 'B=']);
    await chat.onconnect(wsEvent('$connect', 'A='));
    await chat.onconnect(wsEvent('$connect', 'B='));
    chat.management.connected.delete('B=');
    const result = await chat.sendmessage(wsEvent('sendmessage', 'A=', JSON.stringify({ data: 'hi' })));
    expect(ids(chat.tables)).toEqual(['A=', 'B=']);
    // The check never matches, so the handler rethrows the GoneException and the invocation fails.
    expect(result).toMatchObject({ status: 'error', error: { errorType: 'GoneException' } });
  });

  it('removes the connection on $disconnect', async () => {
    const chat = setup(chatFiles, ['A=']);
    await chat.onconnect(wsEvent('$connect', 'A='));
    const result = await chat.ondisconnect(wsEvent('$disconnect', 'A='));
    expect(result.status).toBe('ok');
    expect(ids(chat.tables)).toEqual([]);
  });
});
