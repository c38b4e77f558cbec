import { describe, expect, it } from 'vitest';
import { DynamoDbError, type AttributeMap } from './attribute-value';
import { TableStore, type TableChange } from './table-store';

const S = (s: string) => ({ S: s });
const N = (n: number) => ({ N: String(n) });

function messages() {
  const t = new TableStore({ Messages: { partitionKey: 'room', sortKey: 'ts', sortKeyType: 'N' } });
  for (const [room, ts, text] of [
    ['r1', 3, 'c'],
    ['r1', 1, 'a'],
    ['r2', 1, 'x'],
    ['r1', 2, 'b'],
  ] as const) {
    t.putItem({
      TableName: 'Messages',
      Item: { room: S(room), ts: N(ts), text: S(text), meta: { M: { by: S('u'), n: N(ts) } } },
    });
  }
  return t;
}

function error(fn: () => unknown): DynamoDbError {
  try {
    fn();
  } catch (e) {
    return e as DynamoDbError;
  }
  throw new Error('expected an error');
}

describe('TableStore', () => {
  it('puts, gets and deletes items by key (PutItem replaces the whole item)', () => {
    const t = new TableStore({ Connections: { partitionKey: 'connectionId' } });
    t.putItem({ TableName: 'Connections', Item: { connectionId: S('A='), name: S('Ada'), n: N(1) } });
    t.putItem({ TableName: 'Connections', Item: { connectionId: S('A='), n: N(2) } });
    expect(t.getItem({ TableName: 'Connections', Key: { connectionId: S('A=') } })).toEqual({
      Item: { connectionId: S('A='), n: N(2) },
    });
    t.deleteItem({ TableName: 'Connections', Key: { connectionId: S('A=') } });
    expect(t.getItem({ TableName: 'Connections', Key: { connectionId: S('A=') } })).toEqual({});
    // DeleteItem of a missing item is not an error.
    expect(t.deleteItem({ TableName: 'Connections', Key: { connectionId: S('A=') } })).toEqual({});
  });

  it('returns copies, so callers cannot change stored items', () => {
    const t = new TableStore({ T: { partitionKey: 'id' } });
    const item: AttributeMap = { id: S('1'), v: S('a') };
    t.putItem({ TableName: 'T', Item: item });
    (item.v as { S: string }).S = 'changed';
    const got = t.getItem({ TableName: 'T', Key: { id: S('1') } }).Item!;
    (got.v as { S: string }).S = 'changed too';
    expect(t.items('T')).toEqual([{ id: S('1'), v: S('a') }]);
  });

  it('answers ResourceNotFoundException (400) for an unknown table', () => {
    const e = error(() => new TableStore().scan({ TableName: 'Nope' }));
    expect(e).toMatchObject({
      name: 'ResourceNotFoundException',
      statusCode: 400,
      message: 'Requested resource not found',
    });
  });

  it('answers ValidationException (400) for a missing, mistyped or extra key attribute', () => {
    const t = new TableStore({ T: { partitionKey: 'id' } });
    expect(error(() => t.putItem({ TableName: 'T', Item: { other: S('x') } }))).toMatchObject({
      name: 'ValidationException',
      statusCode: 400,
      message: 'One or more parameter values were invalid: Missing the key id in the item',
    });
    expect(error(() => t.putItem({ TableName: 'T', Item: { id: N(1) } })).message).toBe(
      'One or more parameter values were invalid: Type mismatch for key id expected: S actual: N',
    );
    expect(error(() => t.getItem({ TableName: 'T', Key: { id: S('1'), x: S('2') } })).message).toBe(
      'The provided key element does not match the schema',
    );
    expect(error(() => t.putItem({ TableName: 'T', Item: { id: S('') } })).name).toBe('ValidationException');
    expect(error(() => t.putItem({ TableName: 'T', Item: { id: S('1'), bad: { X: 1 } as never } })).name).toBe(
      'ValidationException',
    );
  });

  it('scans every item with ProjectionExpression and ExpressionAttributeNames', () => {
    const t = messages();
    const out = t.scan({
      TableName: 'Messages',
      ProjectionExpression: '#r, #t, meta.by',
      ExpressionAttributeNames: { '#r': 'room', '#t': 'text' },
    });
    expect(out.Count).toBe(4);
    expect(out.ScannedCount).toBe(4);
    // Items of one partition come together, ordered by sort key.
    expect(out.Items).toEqual([
      { room: S('r1'), text: S('a'), meta: { M: { by: S('u') } } },
      { room: S('r1'), text: S('b'), meta: { M: { by: S('u') } } },
      { room: S('r1'), text: S('c'), meta: { M: { by: S('u') } } },
      { room: S('r2'), text: S('x'), meta: { M: { by: S('u') } } },
    ]);
  });

  it('filters a scan after reading (Count counts matches, ScannedCount what was read)', () => {
    const out = messages().scan({
      TableName: 'Messages',
      FilterExpression: 'ts >= :min AND room <> :r',
      ExpressionAttributeValues: { ':min': N(2), ':r': S('r2') },
    });
    expect(out.Items?.map((i) => i.text)).toEqual([S('b'), S('c')]);
    expect(out).toMatchObject({ Count: 2, ScannedCount: 4 });
  });

  it('queries one partition with = on the partition key, sorted by sort key, and backwards with ScanIndexForward false', () => {
    const t = messages();
    const q = {
      TableName: 'Messages',
      KeyConditionExpression: 'room = :r',
      ExpressionAttributeValues: { ':r': S('r1') },
    };
    expect(t.query(q).Items?.map((i) => i.ts)).toEqual([N(1), N(2), N(3)]);
    expect(t.query({ ...q, ScanIndexForward: false }).Items?.map((i) => i.ts)).toEqual([N(3), N(2), N(1)]);
  });

  it('queries with begins_with and BETWEEN on the sort key', () => {
    const t = new TableStore({ Rooms: { partitionKey: 'pk', sortKey: 'sk' } });
    for (const sk of ['MSG#1', 'MSG#2', 'USER#ada', 'USER#bob'])
      t.putItem({ TableName: 'Rooms', Item: { pk: S('room'), sk: S(sk) } });
    const users = t.query({
      TableName: 'Rooms',
      KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
      ExpressionAttributeNames: { '#pk': 'pk', '#sk': 'sk' },
      ExpressionAttributeValues: { ':pk': S('room'), ':prefix': S('USER#') },
    });
    expect(users.Items?.map((i) => i.sk)).toEqual([S('USER#ada'), S('USER#bob')]);
    const between = t.query({
      TableName: 'Rooms',
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :a AND :b',
      ExpressionAttributeValues: { ':pk': S('room'), ':a': S('MSG#2'), ':b': S('USER#ada') },
    });
    expect(between.Count).toBe(2);
  });

  it('rejects key conditions that skip the partition key or use a non-key attribute', () => {
    const t = messages();
    expect(
      error(() =>
        t.query({
          TableName: 'Messages',
          KeyConditionExpression: 'ts = :t',
          ExpressionAttributeValues: { ':t': N(1) },
        }),
      ).message,
    ).toBe('Query condition missed key schema element: room');
    expect(
      error(() =>
        t.query({
          TableName: 'Messages',
          KeyConditionExpression: 'room = :r AND #x = :x',
          ExpressionAttributeNames: { '#x': 'text' },
          ExpressionAttributeValues: { ':r': S('r1'), ':x': S('a') },
        }),
      ).name,
    ).toBe('ValidationException');
  });

  it('rejects unused and undefined placeholders, as DynamoDB does', () => {
    const t = messages();
    expect(
      error(() => t.scan({ TableName: 'Messages', ExpressionAttributeValues: { ':unused': S('x') } })).message,
    ).toBe('Value provided in ExpressionAttributeValues unused in expressions: keys: {:unused}');
    expect(error(() => t.scan({ TableName: 'Messages', FilterExpression: 'room = :missing' })).message).toContain(
      'An expression attribute value used in expression is not defined; attribute value: :missing',
    );
    expect(
      error(() =>
        t.scan({ TableName: 'Messages', FilterExpression: 'room = = :r', ExpressionAttributeValues: { ':r': S('a') } }),
      ).message,
    ).toMatch(/^Invalid FilterExpression: Syntax error/);
  });

  it('pages with Limit, LastEvaluatedKey and ExclusiveStartKey', () => {
    const t = messages();
    const first = t.scan({ TableName: 'Messages', Limit: 3 });
    expect(first.Count).toBe(3);
    expect(first.LastEvaluatedKey).toEqual({ room: S('r1'), ts: N(3) });
    const rest = t.scan({ TableName: 'Messages', Limit: 3, ExclusiveStartKey: first.LastEvaluatedKey });
    expect(rest.Items?.map((i) => i.text)).toEqual([S('x')]);
    expect(rest.LastEvaluatedKey).toBeUndefined();
  });

  it('fails a put whose ConditionExpression is false with ConditionalCheckFailedException', () => {
    const t = new TableStore({ T: { partitionKey: 'id' } });
    const put = { TableName: 'T', Item: { id: S('1') }, ConditionExpression: 'attribute_not_exists(id)' };
    t.putItem(put);
    expect(error(() => t.putItem(put))).toMatchObject({
      name: 'ConditionalCheckFailedException',
      message: 'The conditional request failed',
    });
  });

  it('tells subscribers about every change and snapshots all tables', () => {
    const t = new TableStore({ T: { partitionKey: 'id' } });
    const changes: TableChange[] = [];
    const off = t.subscribe((c) => changes.push(c));
    t.putItem({ TableName: 'T', Item: { id: S('1') } });
    t.deleteItem({ TableName: 'T', Key: { id: S('1') } });
    t.putItem({ TableName: 'T', Item: { id: S('2') } });
    off();
    t.putItem({ TableName: 'T', Item: { id: S('3') } });
    expect(changes.map((c) => c.type)).toEqual(['put', 'delete', 'put']);
    const snap = t.snapshot();
    expect(snap).toEqual({ T: { partitionKey: 'id', partitionKeyType: 'S', items: [{ id: S('2') }, { id: S('3') }] } });
    const copy = new TableStore();
    copy.restore(snap);
    expect(copy.items('T')).toHaveLength(2);
  });
});
