/**
 * The DynamoDB-style tables a definition declares for its functions (`tables` in api.json; kept
 * by the runtime, shown in the UI). Checked with the rest of the definition so every definition
 * error comes from one place, the same on every API type.
 */
import { describe, isObj, join, key, type DefinitionReport, type Obj } from './definition-errors';

export interface TableDefinition {
  partitionKey: string;
  sortKey?: string;
}

const TABLE_KEYS = ['partitionKey', 'sortKey'];

/** Checks `tables` (optional) and returns the valid ones. */
export function validateTables(input: unknown, report: DefinitionReport): Record<string, TableDefinition> {
  const { err } = report;
  const tables: Record<string, TableDefinition> = {};
  if (input !== undefined && !isObj(input)) {
    err('tables', `must be an object keyed by table name; got ${describe(input)}`);
    return tables;
  }
  for (const [name, t] of Object.entries((input as Obj | undefined) ?? {})) {
    const p = key('tables', name);
    // DynamoDB table names: 3–255 of [a-zA-Z0-9_.-].
    if (!/^[A-Za-z0-9_.-]{3,255}$/.test(name))
      err(p, 'table names are 3–255 letters, digits, underscores, hyphens or dots');
    if (!isObj(t)) {
      err(p, `must be an object like {"partitionKey": "connectionId"}; got ${describe(t)}`);
      continue;
    }
    report.unknownKeys(t, TABLE_KEYS, p);
    if (typeof t.partitionKey !== 'string' || t.partitionKey === '')
      err(join(p, 'partitionKey'), 'required: the partition key attribute name');
    if (t.sortKey !== undefined && (typeof t.sortKey !== 'string' || t.sortKey === ''))
      err(join(p, 'sortKey'), `must be an attribute name; got ${describe(t.sortKey)}`);
    tables[name] = { partitionKey: t.partitionKey as string };
    if (t.sortKey !== undefined) tables[name].sortKey = t.sortKey as string;
  }
  return tables;
}
