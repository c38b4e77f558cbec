/**
 * In-memory DynamoDB tables. They live in the page (or the Node process), outside the
 * sandbox workers, so their contents survive a watchdog kill just as a real table outlives a
 * timed-out Lambda. Handlers reach them through RuntimeServices (../services.ts) by message
 * passing; the UI reads them through `subscribe` and `snapshot`.
 *
 * Semantics follow the DynamoDB API reference for PutItem, GetItem, DeleteItem, Scan and Query
 * (low-level attribute-value inputs and outputs, errors by name and message). Not modelled:
 * capacity, item size limits, secondary indexes, reserved-word checks, transactions.
 */
import {
  DynamoDbError,
  avCompare,
  avType,
  validateItem,
  validation,
  type AttributeMap,
  type AttributeValue,
} from './attribute-value';
import {
  ExpressionContext,
  evaluate,
  parseCondition,
  parseProjection,
  project,
  type Condition,
  type Operand,
} from './expression';

export type KeyType = 'S' | 'N' | 'B';

/** A table's primary key: a partition key and an optional sort key (their types default to S). */
export interface KeySchema {
  partitionKey: string;
  sortKey?: string;
  partitionKeyType?: KeyType;
  sortKeyType?: KeyType;
}

export type TableDefinitions = Readonly<Record<string, KeySchema>>;

export type TableChange =
  | { table: string; type: 'put'; key: AttributeMap; item: AttributeMap; oldItem?: AttributeMap }
  | { table: string; type: 'delete'; key: AttributeMap; oldItem: AttributeMap }
  | { table: string; type: 'create' | 'drop' | 'clear' };

export type TableListener = (change: TableChange) => void;

export interface TableSnapshot {
  [table: string]: KeySchema & { items: AttributeMap[] };
}

/** Operations TableStore executes, by their DynamoDB API names. */
export type TableOperation = 'PutItem' | 'GetItem' | 'DeleteItem' | 'Scan' | 'Query';
export const TABLE_OPERATIONS: readonly TableOperation[] = ['PutItem', 'GetItem', 'DeleteItem', 'Scan', 'Query'];

type Names = Record<string, string>;
type Values = Record<string, AttributeValue>;

export interface PutItemInput {
  TableName: string;
  Item: AttributeMap;
  ConditionExpression?: string;
  ExpressionAttributeNames?: Names;
  ExpressionAttributeValues?: Values;
  ReturnValues?: 'NONE' | 'ALL_OLD';
}
export interface GetItemInput {
  TableName: string;
  Key: AttributeMap;
  ProjectionExpression?: string;
  ExpressionAttributeNames?: Names;
  ConsistentRead?: boolean;
}
export interface DeleteItemInput {
  TableName: string;
  Key: AttributeMap;
  ConditionExpression?: string;
  ExpressionAttributeNames?: Names;
  ExpressionAttributeValues?: Values;
  ReturnValues?: 'NONE' | 'ALL_OLD';
}
export interface ScanInput {
  TableName: string;
  FilterExpression?: string;
  ProjectionExpression?: string;
  ExpressionAttributeNames?: Names;
  ExpressionAttributeValues?: Values;
  Limit?: number;
  ExclusiveStartKey?: AttributeMap;
  Select?: 'ALL_ATTRIBUTES' | 'SPECIFIC_ATTRIBUTES' | 'COUNT';
  IndexName?: string;
  ConsistentRead?: boolean;
}
export interface QueryInput extends ScanInput {
  KeyConditionExpression: string;
  ScanIndexForward?: boolean;
}
export interface ItemsOutput {
  Items?: AttributeMap[];
  Count: number;
  ScannedCount: number;
  LastEvaluatedKey?: AttributeMap;
}

interface Table {
  schema: Required<Pick<KeySchema, 'partitionKey' | 'partitionKeyType'>> & KeySchema;
  /** Items by their canonical key, in insertion order. */
  items: Map<string, AttributeMap>;
}

const clone = <T>(v: T): T => structuredClone(v);

export class TableStore {
  readonly #tables = new Map<string, Table>();
  readonly #listeners = new Set<TableListener>();

  constructor(definitions: TableDefinitions = {}) {
    for (const [name, schema] of Object.entries(definitions)) this.createTable(name, schema);
  }

  createTable(name: string, schema: KeySchema): void {
    if (this.#tables.has(name)) throw new DynamoDbError('ResourceInUseException', `Table already exists: ${name}`);
    this.#tables.set(name, {
      schema: {
        ...schema,
        partitionKeyType: schema.partitionKeyType ?? 'S',
        sortKeyType: schema.sortKey ? (schema.sortKeyType ?? 'S') : undefined,
      },
      items: new Map(),
    });
    this.#emit({ table: name, type: 'create' });
  }

  deleteTable(name: string): void {
    this.#table(name);
    this.#tables.delete(name);
    this.#emit({ table: name, type: 'drop' });
  }

  /** Empties one table, or every table. */
  clear(name?: string): void {
    for (const [n, t] of this.#tables) {
      if (name !== undefined && n !== name) continue;
      t.items.clear();
      this.#emit({ table: n, type: 'clear' });
    }
  }

  tableNames(): string[] {
    return [...this.#tables.keys()];
  }

  keySchema(name: string): KeySchema | undefined {
    const t = this.#tables.get(name);
    return t && { ...t.schema };
  }

  /** A table's items (copies), in scan order. */
  items(name: string): AttributeMap[] {
    return this.#ordered(this.#table(name)).map(clone);
  }

  /** Calls `listener` after every change; returns the unsubscribe function. */
  subscribe(listener: TableListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Every table with its key schema and items (a deep copy, safe to serialise). */
  snapshot(): TableSnapshot {
    const out: TableSnapshot = {};
    for (const [name, t] of this.#tables) out[name] = { ...clone(t.schema), items: this.#ordered(t).map(clone) };
    return out;
  }

  /** Replaces all tables with a snapshot's. */
  restore(snapshot: TableSnapshot): void {
    for (const name of this.tableNames()) this.deleteTable(name);
    for (const [name, { items, ...schema }] of Object.entries(snapshot)) {
      this.createTable(name, schema);
      const t = this.#table(name);
      for (const item of items) t.items.set(this.#keyString(t, item, 'item'), clone(item));
    }
  }

  /** Runs one DynamoDB operation by name (the services layer's entry point). */
  execute(operation: string, input: unknown): unknown {
    if (!input || typeof input !== 'object') throw validation('1 validation error detected: input must not be null');
    switch (operation) {
      case 'PutItem':
        return this.putItem(input as PutItemInput);
      case 'GetItem':
        return this.getItem(input as GetItemInput);
      case 'DeleteItem':
        return this.deleteItem(input as DeleteItemInput);
      case 'Scan':
        return this.scan(input as ScanInput);
      case 'Query':
        return this.query(input as QueryInput);
      default:
        throw new DynamoDbError('UnknownOperationException', `The playground does not support ${operation}`);
    }
  }

  /** PutItem: creates or replaces the whole item with this key. */
  putItem(input: PutItemInput): { Attributes?: AttributeMap } {
    const t = this.#table(input.TableName);
    const item = validateItem(input.Item, 'Item');
    const key = this.#keyString(t, item, 'item');
    const old = t.items.get(key);
    this.#checkCondition(input, old);
    t.items.set(key, clone(item));
    this.#emit({
      table: input.TableName,
      type: 'put',
      key: this.#keyOf(t, item),
      item: clone(item),
      oldItem: old && clone(old),
    });
    return input.ReturnValues === 'ALL_OLD' && old ? { Attributes: clone(old) } : {};
  }

  /** GetItem: the item with exactly this key, or no `Item`. */
  getItem(input: GetItemInput): { Item?: AttributeMap } {
    const t = this.#table(input.TableName);
    const key = this.#keyString(t, input.Key, 'key');
    const ctx = new ExpressionContext(input.ExpressionAttributeNames, undefined);
    const paths =
      input.ProjectionExpression !== undefined ? parseProjection(input.ProjectionExpression, ctx) : undefined;
    ctx.assertAllUsed();
    const item = t.items.get(key);
    if (!item) return {};
    return { Item: paths ? project(item, paths) : clone(item) };
  }

  /** DeleteItem: idempotent; a missing item is not an error. */
  deleteItem(input: DeleteItemInput): { Attributes?: AttributeMap } {
    const t = this.#table(input.TableName);
    const key = this.#keyString(t, input.Key, 'key');
    const old = t.items.get(key);
    this.#checkCondition(input, old);
    if (old) {
      t.items.delete(key);
      this.#emit({ table: input.TableName, type: 'delete', key: this.#keyOf(t, old), oldItem: clone(old) });
    }
    return input.ReturnValues === 'ALL_OLD' && old ? { Attributes: clone(old) } : {};
  }

  /** Scan: every item, in partition order, with optional filter, projection and paging. */
  scan(input: ScanInput): ItemsOutput {
    const t = this.#table(input.TableName);
    this.#noIndex(input);
    return this.#read(t, this.#ordered(t), input, undefined);
  }

  /** Query: the items of one partition, by sort key (KeyConditionExpression with = and begins_with etc.). */
  query(input: QueryInput): ItemsOutput {
    const t = this.#table(input.TableName);
    this.#noIndex(input);
    if (!input.KeyConditionExpression) {
      throw validation(
        'Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.',
      );
    }
    const ctx = new ExpressionContext(input.ExpressionAttributeNames, input.ExpressionAttributeValues);
    const keyCondition = parseCondition(input.KeyConditionExpression, ctx, 'KeyConditionExpression');
    this.#checkKeyCondition(t, keyCondition);
    let items = this.#ordered(t).filter((item) => evaluate(keyCondition, item, ctx));
    if (input.ScanIndexForward === false) items = items.reverse();
    return this.#read(t, items, input, ctx);
  }

  #read(t: Table, candidates: AttributeMap[], input: ScanInput, ctx0: ExpressionContext | undefined): ItemsOutput {
    const ctx = ctx0 ?? new ExpressionContext(input.ExpressionAttributeNames, input.ExpressionAttributeValues);
    const filter =
      input.FilterExpression !== undefined
        ? parseCondition(input.FilterExpression, ctx, 'FilterExpression')
        : undefined;
    const paths =
      input.ProjectionExpression !== undefined ? parseProjection(input.ProjectionExpression, ctx) : undefined;
    ctx.assertAllUsed();
    if (input.Select === 'COUNT' && paths) {
      throw validation(
        'Cannot specify the AttributesToGet, ProjectionExpression or ExpressionAttributeNames when choosing to get only the COUNT',
      );
    }
    if (input.Limit !== undefined && (!Number.isInteger(input.Limit) || input.Limit < 1)) {
      throw validation(
        `1 validation error detected: Value '${input.Limit}' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1`,
      );
    }
    let start = 0;
    if (input.ExclusiveStartKey) {
      const startKey = this.#keyString(t, input.ExclusiveStartKey, 'key');
      start = candidates.findIndex((i) => this.#keyString(t, i, 'item') === startKey) + 1;
      if (start === 0)
        throw validation('The provided starting key is invalid: The provided key element does not match the schema');
    }
    const end = input.Limit !== undefined ? Math.min(candidates.length, start + input.Limit) : candidates.length;
    const scanned = candidates.slice(start, end);
    const matched = filter ? scanned.filter((i) => evaluate(filter, i, ctx)) : scanned;
    const out: ItemsOutput = { Count: matched.length, ScannedCount: scanned.length };
    if (input.Select !== 'COUNT') out.Items = matched.map((i) => (paths ? project(i, paths) : clone(i)));
    if (end < candidates.length) out.LastEvaluatedKey = this.#keyOf(t, candidates[end - 1]);
    return out;
  }

  #checkCondition(
    input: { ConditionExpression?: string; ExpressionAttributeNames?: Names; ExpressionAttributeValues?: Values },
    old: AttributeMap | undefined,
  ): void {
    const ctx = new ExpressionContext(input.ExpressionAttributeNames, input.ExpressionAttributeValues);
    const cond = input.ConditionExpression !== undefined ? parseCondition(input.ConditionExpression, ctx) : undefined;
    ctx.assertAllUsed();
    if (cond && !evaluate(cond, old ?? {}, ctx)) {
      throw new DynamoDbError('ConditionalCheckFailedException', 'The conditional request failed');
    }
  }

  /** A key condition is `pk = :v`, optionally AND one condition on the sort key (DynamoDB DG: Query.KeyConditionExpressions). */
  #checkKeyCondition(t: Table, c: Condition): void {
    const parts: Condition[] = [];
    const flatten = (x: Condition): void => {
      if (x.kind === 'and') {
        flatten(x.left);
        flatten(x.right);
      } else parts.push(x);
    };
    flatten(c);
    const { partitionKey: pk, sortKey: sk } = t.schema;
    const pathName = (o: Operand) =>
      o.kind === 'path' && o.path.length === 1 && o.path[0].kind === 'name' ? o.path[0].name : undefined;
    let hasPk = false;
    let skConditions = 0;
    for (const p of parts) {
      const attr =
        p.kind === 'compare'
          ? (pathName(p.left) ?? pathName(p.right))
          : p.kind === 'between'
            ? pathName(p.value)
            : p.kind === 'function' && p.name === 'begins_with'
              ? p.path.length === 1 && p.path[0].kind === 'name'
                ? p.path[0].name
                : undefined
              : undefined;
      if (attr === undefined || (p.kind === 'compare' && p.op === '<>'))
        throw validation(
          'Invalid operator used in KeyConditionExpression: ' + (p.kind === 'compare' ? p.op : p.kind.toUpperCase()),
        );
      if (attr === pk && p.kind === 'compare' && p.op === '=') hasPk = true;
      else if (attr === pk) throw validation(`Query key condition not supported`);
      else if (attr === sk) skConditions++;
      else throw validation(`Query condition missed key schema element: ${pk}`);
    }
    if (!hasPk) throw validation(`Query condition missed key schema element: ${pk}`);
    if (skConditions > 1) throw validation('KeyConditionExpressions must only contain one condition per key');
  }

  #noIndex(input: ScanInput): void {
    if (input.IndexName !== undefined) {
      throw validation(`The table does not have the specified index: ${input.IndexName}`);
    }
  }

  #table(name: string): Table {
    const t = typeof name === 'string' ? this.#tables.get(name) : undefined;
    if (!t) throw new DynamoDbError('ResourceNotFoundException', 'Requested resource not found');
    return t;
  }

  #keyOf(t: Table, item: AttributeMap): AttributeMap {
    const key: AttributeMap = { [t.schema.partitionKey]: clone(item[t.schema.partitionKey]) };
    if (t.schema.sortKey) key[t.schema.sortKey] = clone(item[t.schema.sortKey]);
    return key;
  }

  /** The canonical key of an item or a Key argument, validating it against the schema. */
  #keyString(t: Table, item: AttributeMap, what: 'item' | 'key'): string {
    if (!item || typeof item !== 'object') throw validation('The provided key element does not match the schema');
    const names = [t.schema.partitionKey, ...(t.schema.sortKey ? [t.schema.sortKey] : [])];
    const types = [t.schema.partitionKeyType, ...(t.schema.sortKeyType ? [t.schema.sortKeyType] : [])];
    if (what === 'key' && (Object.keys(item).length !== names.length || names.some((n) => !(n in item)))) {
      throw validation('The provided key element does not match the schema');
    }
    const parts = names.map((name, i) => {
      const v = item[name];
      if (v === undefined)
        throw validation(`One or more parameter values were invalid: Missing the key ${name} in the item`);
      const type = avType(v);
      if (type !== types[i]) {
        throw validation(
          what === 'key'
            ? 'The provided key element does not match the schema'
            : `One or more parameter values were invalid: Type mismatch for key ${name} expected: ${types[i]} actual: ${type}`,
        );
      }
      const raw = (v as Record<string, unknown>)[type];
      if (type !== 'N' && (raw as string | Uint8Array).length === 0) {
        throw validation(
          `One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty ${type === 'S' ? 'string' : 'binary'} value. Key: ${name}`,
        );
      }
      return type === 'N'
        ? String(Number(raw))
        : type === 'B'
          ? Array.from(raw as Uint8Array).join(',')
          : (raw as string);
    });
    return JSON.stringify(parts);
  }

  /** Scan order: partitions in the order they first appeared, items within by sort key. */
  #ordered(t: Table): AttributeMap[] {
    const groups = new Map<string, AttributeMap[]>();
    for (const [k, item] of t.items) {
      const pk = (JSON.parse(k) as string[])[0];
      const g = groups.get(pk);
      if (g) g.push(item);
      else groups.set(pk, [item]);
    }
    const sk = t.schema.sortKey;
    const out: AttributeMap[] = [];
    for (const g of groups.values()) {
      if (sk) g.sort((a, b) => avCompare(a[sk], b[sk]) ?? 0);
      out.push(...g);
    }
    return out;
  }

  #emit(change: TableChange): void {
    for (const l of this.#listeners) l(change);
  }
}
