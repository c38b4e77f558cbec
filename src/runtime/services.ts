/**
 * What the SDK shims inside a sandbox worker reach by message passing: the gateway's
 * `@connections` API and the in-memory tables. Both live in the page (or the Node process), so
 * they outlive any worker the watchdog kills, as a real table and a real API outlive a
 * timed-out Lambda.
 */
import type { ManagementApi, ManagementResponse, TableChangeRecord } from '../gateway';
import { DynamoDbError } from './dynamodb/attribute-value';
import type { TableChange, TableStore } from './dynamodb/table-store';

export type ManagementOperation = 'PostToConnection' | 'GetConnection' | 'DeleteConnection';

/** One `@connections` call from a handler (PostToConnectionCommand etc.). */
export interface ManagementCall {
  /** The client's `endpoint`, e.g. `https://abc123.execute-api.us-east-1.amazonaws.com/dev`. */
  endpoint: string;
  operation: ManagementOperation;
  connectionId: string;
  data?: string | Uint8Array;
  invocationId: string;
  functionName: string;
}

/** The HTTP answer of `@connections` (docs/aws-behaviour.md §3). */
export interface ManagementCallResult {
  statusCode: number;
  body: string;
  errorName?: string;
}

/** One DynamoDB call from a handler, by API operation name, with low-level (attribute-value) input. */
export interface DynamoDbCall {
  operation: string;
  input: unknown;
  invocationId: string;
  functionName: string;
}

export type DynamoDbCallResult =
  | { ok: true; output: Record<string, unknown> }
  | { ok: false; error: { name: string; message: string; statusCode: number } };

export interface RuntimeServices {
  management(req: ManagementCall): Promise<ManagementCallResult>;
  dynamodb(req: DynamoDbCall): Promise<DynamoDbCallResult>;
}

/** A table operation as the app records it (a `table.op` TraceEvent). */
export interface TableOpInfo {
  table: string;
  operation: string;
  ok: boolean;
  /** Items returned (Scan/Query/GetItem) or written (PutItem/DeleteItem). */
  items?: number;
  /** The error name when the operation failed, e.g. `ResourceNotFoundException`. */
  error?: string;
  /** What a write changed (none for reads, failures, or a delete of a missing item). */
  change?: TableChangeRecord;
  invocationId: string;
  functionName: string;
}

export interface CreateRuntimeServicesOptions {
  tables: TableStore;
  /**
   * The `@connections` API behind an endpoint URL (without trailing slash), or undefined when
   * no deployed API answers there.
   */
  resolveManagement(endpoint: string): ManagementApi | undefined;
  onTableOp?(info: TableOpInfo): void;
}

/** An item kept in a trace's table change up to this many characters of JSON (a trace stays small). */
export const CHANGE_ITEM_CHARS = 4096;

/** A table's change as a trace records it (src/gateway/core/trace.ts `TableChangeRecord`). */
function changeRecord(change: TableChange): TableChangeRecord | undefined {
  if (change.type === 'delete') return { type: 'delete', key: change.key };
  if (change.type !== 'put') return undefined;
  const small = JSON.stringify(change.item).length <= CHANGE_ITEM_CHARS;
  return small ? { type: 'put', key: change.key, item: change.item } : { type: 'put', key: change.key, cut: true };
}

/** Trailing slashes do not change which API an endpoint names. */
export function normalizeEndpoint(endpoint: string): string {
  return endpoint.trim().replace(/\/+$/, '');
}

/**
 * The page-side services: `@connections` calls go to the ManagementApi that `resolveManagement`
 * returns (an unknown endpoint gets `403 ForbiddenException`, as AWS answers a misconfigured
 * endpoint: docs/aws-behaviour.md §3), table calls to the TableStore.
 */
export function createRuntimeServices(options: CreateRuntimeServicesOptions): RuntimeServices {
  const { tables, resolveManagement, onTableOp } = options;
  return {
    async management(req) {
      const api = resolveManagement(normalizeEndpoint(req.endpoint ?? ''));
      if (!api) {
        return { statusCode: 403, body: JSON.stringify({ message: 'Forbidden' }), errorName: 'ForbiddenException' };
      }
      const caller = { invocationId: req.invocationId, functionName: req.functionName };
      let res: ManagementResponse;
      switch (req.operation) {
        case 'PostToConnection':
          res = await api.postToConnection(req.connectionId, req.data ?? '', caller);
          break;
        case 'GetConnection':
          res = await api.getConnection(req.connectionId, caller);
          break;
        case 'DeleteConnection':
          res = await api.deleteConnection(req.connectionId, caller);
          break;
        default:
          return { statusCode: 404, body: JSON.stringify({ message: 'Not Found' }), errorName: 'NotFoundException' };
      }
      return { statusCode: res.statusCode, body: res.body, ...(res.errorName ? { errorName: res.errorName } : {}) };
    },

    async dynamodb(req) {
      const table = String((req.input as { TableName?: unknown } | null)?.TableName ?? '');
      const base = { table, operation: req.operation, invocationId: req.invocationId, functionName: req.functionName };
      // The store reports its change synchronously, inside `execute`: recorded with the step.
      let change: TableChangeRecord | undefined;
      const stop = tables.subscribe((c) => (change = changeRecord(c)));
      try {
        const output = tables.execute(req.operation, req.input) as Record<string, unknown>;
        const items =
          typeof output.Count === 'number'
            ? output.Count
            : req.operation === 'GetItem'
              ? output.Item
                ? 1
                : 0
              : req.operation === 'PutItem'
                ? 1
                : undefined;
        onTableOp?.({ ...base, ok: true, ...(items !== undefined ? { items } : {}), ...(change ? { change } : {}) });
        return { ok: true, output };
      } catch (e) {
        const err =
          e instanceof DynamoDbError
            ? e
            : new DynamoDbError('InternalServerError', String((e as Error)?.message ?? e), 500);
        onTableOp?.({ ...base, ok: false, error: err.name });
        return { ok: false, error: { name: err.name, message: err.message, statusCode: err.statusCode } };
      } finally {
        stop();
      }
    },
  };
}
