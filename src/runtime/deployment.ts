/**
 * One path from an API definition to a running API, for every API type and every host: the
 * page's Deploy, the lesson runner's isolated gateways and (later) a Node host all deploy here.
 * A deployment is the tables the definition names, the services the SDK shims reach (those
 * tables and, for a WebSocket API, its own `@connections`), whatever runs the handlers, and the
 * engine of the definition's type, with one `dispose()` that stops them.
 *
 * No DOM, Svelte or MSW: what runs the handlers is injected (`createInvoker`), the browser
 * sandbox on the page, the in-process runner in Node and CI. What is host-specific (the MSW
 * registry, the page's trace and table views) stays with the host.
 */
import {
  apiTypeOf,
  createApi,
  isHttpLike,
  validateDefinition,
  type ApiDefinition,
  type ApiEnvironment,
  type ApiOf,
  type ApiType,
  type GatewayApi,
  type Invoker,
  type TraceInput,
  type TraceLog,
} from '../gateway';
import { TableStore } from './dynamodb/table-store';
import { createRuntimeServices, type RuntimeServices, type TableOpInfo } from './services';

export interface InvokerFactoryOptions {
  /** The deployed handler files (the definition file excluded). */
  getFiles(): Record<string, string>;
  /** This deployment's tables and `@connections`, which the SDK shims reach by message passing. */
  services: RuntimeServices;
}

/** Makes what runs the handlers: `createSandboxRuntime` (page) and `createNodeInvoker` (Node, CI) fit as is. */
export type InvokerFactory = (options: InvokerFactoryOptions) => Invoker & { dispose?(): void };

/** A validated definition, the files it runs, who runs them, and the engine's clock, id seed and trace limit. */
export type DeployOptions<D extends ApiDefinition = ApiDefinition> = Omit<ApiEnvironment, 'invoker'> & {
  /** Validated (`validateDefinition`, or `readDefinition` from text). */
  definition: D;
  /** The deployed handler files. Copied and frozen: later edits don't change running code, as on Lambda. */
  files: Readonly<Record<string, string>>;
  createInvoker: InvokerFactory;
};

/** A running API with its tables and trace. */
export interface Deployment<A extends GatewayApi = GatewayApi> {
  api: A;
  type: ApiType;
  /** The engine's trace, with the handlers' `table.op` events in it. */
  trace: TraceLog;
  tables: TableStore;
  /** Stops the engine (open connections close with 1001) and the invoker. Safe to call twice. */
  dispose(): void;
}

/** A handler's table call as a trace step: from the function's lane to the table's. */
function tableOpEvent(info: TableOpInfo): TraceInput {
  return {
    from: `integration:${info.functionName}`,
    to: `table:${info.table}`,
    invocationId: info.invocationId,
    summary: `${info.operation} ${info.table}${info.ok ? '' : ` failed: ${info.error ?? ''}`}`,
    kind: 'table.op',
    table: info.table,
    operation: info.operation,
    ok: info.ok,
    ...(info.items !== undefined ? { items: info.items } : {}),
    ...(info.error ? { error: info.error } : {}),
    ...(info.change ? { change: info.change } : {}),
  };
}

/**
 * Deploys a validated definition: tables, runtime services, invoker, engine (`createApi`).
 * Throws what the engine throws for a definition it cannot build, after stopping the invoker.
 */
export function deploy<D extends ApiDefinition>(options: DeployOptions<D>): Deployment<ApiOf<D>>;
export function deploy(options: DeployOptions): Deployment {
  const { definition, files, createInvoker, ...engine } = options;
  const tables = new TableStore(definition.tables ?? {});
  // Set right below; the services are only called once a handler runs.
  let api: GatewayApi | undefined;
  const services = createRuntimeServices({
    tables,
    // Only a WebSocket API has an @connections endpoint: from an HTTP or REST API's handlers the
    // call gets 403 ForbiddenException, as a wrong endpoint does on AWS (docs/aws-behaviour.md §3).
    resolveManagement: (endpoint) =>
      api && !isHttpLike(api) && endpoint === api.managementEndpoint ? api.management : undefined,
    onTableOp: (info) => api?.trace.append(tableOpEvent(info)),
  });
  const deployed = Object.freeze({ ...files });
  const invoker = createInvoker({ getFiles: () => deployed, services });
  try {
    api = createApi(definition, { ...engine, invoker });
  } catch (e) {
    invoker.dispose?.();
    throw e;
  }
  const created = api;
  let disposed = false;
  return {
    api: created,
    type: apiTypeOf(created),
    trace: created.trace,
    tables,
    dispose() {
      if (disposed) return;
      disposed = true;
      created.dispose();
      invoker.dispose?.();
    },
  };
}

export type ReadDefinitionResult = { ok: true; definition: ApiDefinition } | { ok: false; message: string };

/**
 * Parses and validates a definition file. The message names the file, one line per problem:
 * `api.json is not valid JSON: …`, `api.json: routes["$default"].integration.function: …`.
 */
export function readDefinition(file: string, text: string): ReadDefinitionResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return { ok: false, message: `${file} is not valid JSON: ${(e as Error).message}` };
  }
  const validated = validateDefinition(data);
  if (validated.ok) return validated;
  const lines = validated.errors.map((e) => `${file}: ${e.path ? e.path + ': ' : ''}${e.message}`);
  return { ok: false, message: lines.join('\n') };
}

export type DeployResult = { ok: true; deployment: Deployment } | { ok: false; message: string };

/**
 * `readDefinition` then `deploy`, for hosts that start from files (the lesson runner, a Node
 * host): every problem, including one the engine finds, comes back as a message naming `file`.
 */
export function deployDefinitionFile(
  file: string,
  text: string,
  options: Omit<DeployOptions, 'definition'>,
): DeployResult {
  const read = readDefinition(file, text);
  if (!read.ok) return read;
  try {
    return { ok: true, deployment: deploy({ ...options, definition: read.definition }) };
  } catch (e) {
    return { ok: false, message: `${file}: ${(e as Error).message}` };
  }
}
