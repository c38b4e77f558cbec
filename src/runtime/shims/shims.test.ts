import { describe, expect, it } from 'vitest';
import { TableStore } from '../dynamodb/table-store';
import { fakeManagement } from '../fixtures/fake-management';
import { ENDPOINT } from '../fixtures/requests';
import { createRuntimeServices } from '../services';
import { createShimModules, type ShimHost } from './index';

/* eslint-disable @typescript-eslint/no-explicit-any -- the shims are untyped learner-facing modules */

function setup() {
  const tables = new TableStore({
    Connections: { partitionKey: 'connectionId' },
    Rooms: { partitionKey: 'room', sortKey: 'at', sortKeyType: 'N' },
  });
  const management = fakeManagement(['A=']);
  const services = createRuntimeServices({
    tables,
    resolveManagement: (e) => (e === ENDPOINT ? management : undefined),
  });
  const ids = { invocationId: 'inv-1', functionName: 'fn' };
  const host: ShimHost = {
    region: 'eu-west-1',
    management: (req) => services.management({ ...req, ...ids }),
    dynamodb: (req) => services.dynamodb({ ...req, ...ids }),
  };
  const modules = createShimModules(host);
  return {
    tables,
    management,
    mgmt: modules['@aws-sdk/client-apigatewaymanagementapi']() as any,
    ddb: modules['@aws-sdk/client-dynamodb']() as any,
    lib: modules['@aws-sdk/lib-dynamodb']() as any,
    util: modules['@aws-sdk/util-dynamodb']() as any,
  };
}

async function rejection(p: Promise<unknown>): Promise<any> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection');
}

describe('@aws-sdk/client-apigatewaymanagementapi shim', () => {
  it('posts to a connection and answers with SDK-shaped $metadata', async () => {
    const { mgmt, management } = setup();
    const client = new mgmt.ApiGatewayManagementApiClient({ endpoint: ENDPOINT });
    const out = await client.send(
      new mgmt.PostToConnectionCommand({ ConnectionId: 'A=', Data: new TextEncoder().encode('hi') }),
    );
    expect(out).toEqual({
      $metadata: {
        httpStatusCode: 200,
        requestId: expect.any(String),
        extendedRequestId: undefined,
        cfId: undefined,
        attempts: 1,
        totalRetryDelay: 0,
      },
    });
    expect(management.posts).toEqual([
      { connectionId: 'A=', data: 'hi', caller: { invocationId: 'inv-1', functionName: 'fn' } },
    ]);
  });

  it('throws GoneException with name, $fault and $metadata.httpStatusCode 410, and no top-level statusCode (SDK v3)', async () => {
    const { mgmt } = setup();
    const client = new mgmt.ApiGatewayManagementApiClient({ endpoint: `${ENDPOINT}/` });
    const err = await rejection(client.send(new mgmt.PostToConnectionCommand({ ConnectionId: 'gone=', Data: 'x' })));
    expect(err).toBeInstanceOf(Error);
    expect(err).toBeInstanceOf(mgmt.GoneException);
    expect(err).toBeInstanceOf(mgmt.ApiGatewayManagementApiServiceException);
    expect(err.name).toBe('GoneException');
    expect(err.$fault).toBe('client');
    expect(err.$metadata.httpStatusCode).toBe(410);
    // The bug in many samples: `err.statusCode === 410` never matches on Lambda with SDK v3.
    expect('statusCode' in err).toBe(false);
    expect(err.statusCode === 410).toBe(false);
  });

  it('answers ForbiddenException 403 for an endpoint no deployed API serves (docs/aws-behaviour.md §3)', async () => {
    const { mgmt } = setup();
    const client = new mgmt.ApiGatewayManagementApiClient({
      endpoint: 'https://wrong.execute-api.us-east-1.amazonaws.com/dev',
    });
    const err = await rejection(client.send(new mgmt.PostToConnectionCommand({ ConnectionId: 'A=', Data: 'x' })));
    expect(err).toMatchObject({ name: 'ForbiddenException', $fault: 'client', $metadata: { httpStatusCode: 403 } });
  });

  it('returns GetConnection dates as Date objects and DeleteConnection as 204', async () => {
    const { mgmt } = setup();
    const client = new mgmt.ApiGatewayManagementApi({ endpoint: ENDPOINT });
    const info = await client.getConnection({ ConnectionId: 'A=' });
    expect(info.ConnectedAt).toBeInstanceOf(Date);
    expect(info.Identity).toEqual({ SourceIp: '203.0.113.7', UserAgent: 'test' });
    const del = await client.send(new mgmt.DeleteConnectionCommand({ ConnectionId: 'A=' }));
    expect(del.$metadata.httpStatusCode).toBe(204);
  });

  it('fails before any request when ConnectionId is missing, as the SDK serializer does', async () => {
    const { mgmt } = setup();
    const client = new mgmt.ApiGatewayManagementApiClient({ endpoint: ENDPOINT });
    const err = await rejection(client.send(new mgmt.PostToConnectionCommand({ Data: 'x' })));
    expect(err.message).toBe('No value provided for input HTTP label: ConnectionId.');
  });
});

describe('@aws-sdk/client-dynamodb shim', () => {
  it('runs PutItem, GetItem, Scan and DeleteItem on attribute values with SDK-shaped outputs', async () => {
    const { ddb } = setup();
    const client = new ddb.DynamoDBClient({});
    expect(
      await client.send(
        new ddb.PutItemCommand({
          TableName: 'Connections',
          Item: {
            connectionId: { S: 'A=' },
            n: { N: '1' },
            ok: { BOOL: true },
            tags: { L: [{ S: 'x' }] },
            m: { M: { z: { NULL: true } } },
          },
        }),
      ),
    ).toEqual({
      $metadata: expect.objectContaining({ httpStatusCode: 200, attempts: 1, totalRetryDelay: 0 }),
    });
    const got = await client.send(
      new ddb.GetItemCommand({ TableName: 'Connections', Key: { connectionId: { S: 'A=' } } }),
    );
    expect(got.Item.ok).toEqual({ BOOL: true });
    const scan = await client.send(
      new ddb.ScanCommand({ TableName: 'Connections', ProjectionExpression: 'connectionId' }),
    );
    expect(scan).toMatchObject({ Count: 1, ScannedCount: 1, Items: [{ connectionId: { S: 'A=' } }] });
    await client.send(new ddb.DeleteItemCommand({ TableName: 'Connections', Key: { connectionId: { S: 'A=' } } }));
    expect(
      (await client.send(new ddb.GetItemCommand({ TableName: 'Connections', Key: { connectionId: { S: 'A=' } } })))
        .Item,
    ).toBeUndefined();
  });

  it('throws ResourceNotFoundException (400) for an unknown table as a DynamoDBServiceException', async () => {
    const { ddb } = setup();
    const err = await rejection(new ddb.DynamoDBClient({}).send(new ddb.ScanCommand({ TableName: 'Typo' })));
    expect(err).toBeInstanceOf(ddb.ResourceNotFoundException);
    expect(err).toBeInstanceOf(ddb.DynamoDBServiceException);
    expect(err).toMatchObject({
      name: 'ResourceNotFoundException',
      $fault: 'client',
      $metadata: { httpStatusCode: 400 },
    });
    expect('statusCode' in err).toBe(false);
  });

  it('throws ValidationException (400) for a missing key attribute', async () => {
    const { ddb } = setup();
    const err = await rejection(
      new ddb.DynamoDBClient({}).send(new ddb.PutItemCommand({ TableName: 'Connections', Item: { id: { S: 'x' } } })),
    );
    expect(err).toMatchObject({
      name: 'ValidationException',
      $metadata: { httpStatusCode: 400 },
      message: 'One or more parameter values were invalid: Missing the key connectionId in the item',
    });
  });

  it('names the supported commands when a learner sends one the playground lacks', async () => {
    const { ddb } = setup();
    const err = await rejection(
      new ddb.DynamoDBClient({}).send(new ddb.UpdateItemCommand({ TableName: 'Connections' })),
    );
    expect(err.message).toContain('UpdateItemCommand is not supported');
    expect(err.message).toContain('QueryCommand');
  });
});

describe('@aws-sdk/lib-dynamodb shim', () => {
  it('marshals plain JS values in and out with DynamoDBDocumentClient.from(client)', async () => {
    const { ddb, lib, tables } = setup();
    const doc = lib.DynamoDBDocumentClient.from(new ddb.DynamoDBClient({}));
    await doc.send(
      new lib.PutCommand({
        TableName: 'Rooms',
        Item: { room: 'r1', at: 2, text: 'b', tags: ['x'], seen: true, none: null },
      }),
    );
    await doc.send(new lib.PutCommand({ TableName: 'Rooms', Item: { room: 'r1', at: 1, text: 'a' } }));
    expect(tables.items('Rooms')[1]).toEqual({
      room: { S: 'r1' },
      at: { N: '2' },
      text: { S: 'b' },
      tags: { L: [{ S: 'x' }] },
      seen: { BOOL: true },
      none: { NULL: true },
    });
    const got = await doc.send(new lib.GetCommand({ TableName: 'Rooms', Key: { room: 'r1', at: 2 } }));
    expect(got.Item).toEqual({ room: 'r1', at: 2, text: 'b', tags: ['x'], seen: true, none: null });
    const q = await doc.send(
      new lib.QueryCommand({
        TableName: 'Rooms',
        KeyConditionExpression: 'room = :r AND #at > :min',
        ExpressionAttributeNames: { '#at': 'at' },
        ExpressionAttributeValues: { ':r': 'r1', ':min': 0 },
      }),
    );
    expect(q.Items.map((i: { text: string }) => i.text)).toEqual(['a', 'b']);
    expect(q.$metadata.httpStatusCode).toBe(200);
    const scan = await lib.DynamoDBDocument.from(new ddb.DynamoDBClient({})).scan({ TableName: 'Rooms', Limit: 1 });
    expect(scan.LastEvaluatedKey).toEqual({ room: 'r1', at: 1 });
    await doc.send(new lib.DeleteCommand({ TableName: 'Rooms', Key: { room: 'r1', at: 1 } }));
    expect(tables.items('Rooms')).toHaveLength(1);
  });

  it('refuses undefined values unless removeUndefinedValues is set, like util-dynamodb', async () => {
    const { ddb, lib } = setup();
    const doc = lib.DynamoDBDocumentClient.from(new ddb.DynamoDBClient({}));
    const err = await rejection(
      doc.send(new lib.PutCommand({ TableName: 'Rooms', Item: { room: 'r', at: 1, x: undefined } })),
    );
    expect(err.message).toContain('removeUndefinedValues');
    const lenient = lib.DynamoDBDocumentClient.from(new ddb.DynamoDBClient({}), {
      marshallOptions: { removeUndefinedValues: true },
    });
    await expect(
      lenient.send(new lib.PutCommand({ TableName: 'Rooms', Item: { room: 'r', at: 1, x: undefined } })),
    ).resolves.toBeDefined();
  });

  it('exports marshall and unmarshall from @aws-sdk/util-dynamodb', () => {
    const { util } = setup();
    expect(util.marshall({ a: 1, b: 'x', c: [true] })).toEqual({
      a: { N: '1' },
      b: { S: 'x' },
      c: { L: [{ BOOL: true }] },
    });
    expect(util.unmarshall({ a: { N: '1' }, s: { SS: ['x'] } })).toEqual({ a: 1, s: new Set(['x']) });
  });
});
