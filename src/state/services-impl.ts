/**
 * Wiring of engine + sandbox runtime + tables + MSW gateway for the page (see ./services.ts).
 * Only reached through `loadServices()`'s dynamic import.
 */
import { createHttpApi, createRestApi, createWebSocketApi, type WebSocketApi } from '../gateway';
import { validateAnyDefinition } from './validators';
import { TableStore, createRuntimeServices, createSandboxRuntime, transpile } from '../runtime';
import type { CodeMarker } from './playground.svelte';
import {
  isHttpLike,
  type DeployedApi,
  type Deployment,
  type DeployRequest,
  type LoadedServices,
  type TableView,
} from './services';

/** Same seed every deploy: the API id (and so its URL) stays put while the learner iterates. */
const SEED = 'playground';

function tableViews(tables: TableStore): TableView[] {
  return Object.entries(tables.snapshot()).map(([name, t]) => ({
    name,
    partitionKey: t.partitionKey,
    ...(t.sortKey ? { sortKey: t.sortKey } : {}),
    items: t.items as Record<string, unknown>[],
  }));
}

export function createServices(): LoadedServices {
  return {
    // The definition's own protocolType picks the validator, so its messages name the fields
    // of that API type (a missing or unknown protocolType is reported by the WebSocket one).
    validate: (input) => validateAnyDefinition(input),

    async checkFiles(files) {
      // The sandbox's own transpiler, so what is flagged here is exactly what would fail there.
      const markers: CodeMarker[] = [];
      for (const [file, text] of Object.entries(files)) {
        const r = transpile(text, file);
        if (!r.ok) markers.push({ file, line: r.error.line, column: r.error.column, message: r.error.message });
      }
      return markers;
    },

    deploy(req: DeployRequest): Deployment {
      const tables = new TableStore(req.definition.tables ?? {});
      // Filled right below; the services only call it once a handler runs.
      let api: DeployedApi | undefined;
      const services = createRuntimeServices({
        tables,
        // Only a WebSocket API has an @connections endpoint; from HTTP/REST handlers the call
        // gets 403 ForbiddenException, as a wrong endpoint does on AWS.
        resolveManagement: (endpoint) => {
          const ws = api && !isHttpLike(api) ? (api as WebSocketApi) : undefined;
          return ws && endpoint === ws.managementEndpoint ? ws.management : undefined;
        },
        onTableOp: (info) => {
          api?.trace.append({
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
          });
        },
      });
      const files = req.files;
      const runtime = createSandboxRuntime({ getFiles: () => files, services });
      try {
        const common = { invoker: runtime, clock: req.clock, seed: SEED };
        const d = req.definition;
        api =
          d.protocolType === 'HTTP'
            ? createHttpApi({ ...common, definition: d })
            : d.protocolType === 'REST'
              ? createRestApi({ ...common, definition: d })
              : createWebSocketApi({ ...common, definition: d });
      } catch (e) {
        runtime.dispose();
        throw e;
      }
      const created = api;
      const unsubscribeTrace = created.trace.subscribe(req.onTrace);
      const unsubscribeTables = tables.subscribe(() => req.onTables(tableViews(tables)));
      req.onTables(tableViews(tables));
      // Replacing: an older deployment at the same apiId/stage is unregistered by its own dispose().
      const unregister = req.registry.register(created);
      return {
        api: created,
        dispose() {
          unsubscribeTrace();
          unsubscribeTables();
          // Only removes it if it is still the registered instance (a newer deploy replaced it otherwise).
          unregister();
          created.dispose();
          runtime.dispose();
        },
      };
    },
  };
}
