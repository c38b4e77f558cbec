/**
 * Wiring of engine + sandbox runtime + tables + MSW gateway for the page (see ./services.ts).
 * Only reached through `loadServices()`'s dynamic import.
 */
import { createWebSocketApi, validateWebSocketDefinition } from '../gateway';
import { TableStore, createRuntimeServices, createSandboxRuntime, transpile } from '../runtime';
import type { CodeMarker } from './playground.svelte';
import type { Deployment, DeployRequest, LoadedServices, TableView } from './services';

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
    validate: (input) => validateWebSocketDefinition(input),

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
      let api: ReturnType<typeof createWebSocketApi> | undefined;
      const services = createRuntimeServices({
        tables,
        resolveManagement: (endpoint) => (api && endpoint === api.managementEndpoint ? api.management : undefined),
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
        api = createWebSocketApi({ definition: req.definition, invoker: runtime, clock: req.clock, seed: SEED });
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
