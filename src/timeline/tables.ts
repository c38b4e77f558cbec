/**
 * The tables as they were at a step, rebuilt from the trace alone: every deployment starts with
 * empty tables (a deployment's tables are made from its definition, src/runtime/deployment.ts),
 * and each `table.op` that wrote carries its `change` (a put of the whole item, or a delete by
 * key). Replaying them in order up to the cursor gives the tables as the handlers saw them, with
 * no handler run again.
 */
import type { TraceEvent, TraceEventOf } from '../gateway';

/** A table's keys (from the deployed definition, when known). */
export interface TableSchema {
  name: string;
  partitionKey: string;
  sortKey?: string;
}

/** A table at a step, in the Tables panel's shape (src/state/services.ts `TableView`). */
export interface TableAt {
  name: string;
  partitionKey: string;
  sortKey?: string;
  items: Record<string, unknown>[];
}

export interface TablesAt {
  tables: TableAt[];
  /**
   * Some writes are not known: the deployment's first steps are no longer kept, a write was
   * recorded without its change (a trace from before changes were recorded), or an item was
   * larger than the trace keeps. The tables shown may then miss items.
   */
  partial: boolean;
}

/** A key as one string: its attributes in name order (the same item, whatever order they came in). */
function keyString(key: Record<string, unknown>): string {
  return JSON.stringify(
    Object.keys(key)
      .sort()
      .map((k) => [k, key[k]]),
  );
}

/** The scalar inside an attribute value ({S: "a"} → "a", {N: "1"} → 1), for ordering. */
function scalar(v: unknown): string | number {
  if (!v || typeof v !== 'object') return '';
  const o = v as Record<string, unknown>;
  if ('N' in o) return Number(o.N);
  if ('S' in o) return String(o.S);
  return JSON.stringify(v);
}

function compare(a: unknown, b: unknown): number {
  const x = scalar(a);
  const y = scalar(b);
  if (typeof x === 'number' && typeof y === 'number') return x - y;
  return String(x) < String(y) ? -1 : String(x) > String(y) ? 1 : 0;
}

/**
 * Scan order as the table store keeps it (src/runtime/dynamodb/table-store.ts): partitions in the
 * order they first appeared, items within a partition by sort key.
 */
function scanOrder(items: Record<string, unknown>[], schema: TableSchema | undefined): Record<string, unknown>[] {
  if (!schema?.sortKey) return items;
  const { partitionKey, sortKey } = schema;
  const groups = new Map<string, Record<string, unknown>[]>();
  for (const item of items) {
    const pk = JSON.stringify(item[partitionKey]);
    const g = groups.get(pk);
    if (g) g.push(item);
    else groups.set(pk, [item]);
  }
  return [...groups.values()].flatMap((g) => g.sort((a, b) => compare(a[sortKey], b[sortKey])));
}

const WRITES = new Set(['PutItem', 'DeleteItem', 'UpdateItem', 'BatchWriteItem', 'TransactWriteItems']);

/**
 * The tables at the end of `events` (the trace up to the cursor). `schemas` name the tables and
 * their keys (the deployed definition's); a table the trace writes to but no schema names is
 * shown too, keyed by what its changes carry. `complete`: the trace holds the deployment's first
 * steps (none were dropped to bound memory).
 */
export function tablesAt(events: readonly TraceEvent[], schemas: readonly TableSchema[], complete = true): TablesAt {
  // The running deployment at the cursor: everything after its `deployment.replaced` step.
  let from = 0;
  for (let i = events.length - 1; i >= 0; i--) {
    if (events[i]!.kind === 'deployment.replaced') {
      from = i + 1;
      break;
    }
  }
  let partial = from === 0 && !complete;
  const contents = new Map<string, Map<string, Record<string, unknown>>>();
  const keyNames = new Map<string, string[]>();
  const table = (name: string) => {
    let t = contents.get(name);
    if (!t) contents.set(name, (t = new Map()));
    return t;
  };
  for (const s of schemas) table(s.name);
  for (let i = from; i < events.length; i++) {
    const e = events[i]!;
    if (e.kind !== 'table.op' || !e.ok) continue;
    const op = e as TraceEventOf<'table.op'>;
    const change = op.change;
    if (!change || typeof change !== 'object' || !change.key || typeof change.key !== 'object') {
      // A write without its change (PutItem always changes; a DeleteItem of nothing has none).
      if (WRITES.has(op.operation) && op.operation !== 'DeleteItem') partial = true;
      continue;
    }
    const name = String(op.table);
    const t = table(name);
    if (!keyNames.has(name)) keyNames.set(name, Object.keys(change.key));
    const k = keyString(change.key);
    if (change.type === 'delete') t.delete(k);
    else if (change.item && typeof change.item === 'object') t.set(k, change.item);
    else {
      // Too large to keep in the trace: the key is shown, its other attributes are not known.
      t.set(k, { ...change.key });
      partial = true;
    }
  }
  const bySchema = new Map(schemas.map((s) => [s.name, s]));
  const tables = [...contents].map(([name, items]): TableAt => {
    const schema = bySchema.get(name);
    const keys = keyNames.get(name) ?? [];
    return {
      name,
      partitionKey: schema?.partitionKey ?? keys[0] ?? '',
      ...(schema?.sortKey ? { sortKey: schema.sortKey } : !schema && keys[1] ? { sortKey: keys[1] } : {}),
      items: scanOrder([...items.values()], schema),
    };
  });
  return { tables, partial };
}
