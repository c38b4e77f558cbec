/**
 * The page's side of a deployment (see ./services.ts): the src/runtime deployment runs the
 * definition on the sandbox runtime; here it is registered where the MSW gateway finds it and
 * its trace and tables are fed to the page. Only reached through `loadServices()`'s dynamic
 * import.
 */
import { validateDefinition } from '../gateway';
import { createSandboxRuntime, deploy, transpile, type TableStore } from '../runtime';
import type { CodeMarker } from './playground.svelte';
import { TRACE_KEEP } from './trace.svelte';
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
    // The definition's own protocolType picks the validator, so its messages name the fields
    // of that API type (a missing or unknown protocolType is the one error reported).
    validate: validateDefinition,

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
      const deployment = deploy({
        definition: req.definition,
        files: req.files,
        createInvoker: createSandboxRuntime,
        clock: req.clock,
        seed: SEED,
        // The engine's own log is bounded like the page's view of it (src/state/trace.svelte.ts).
        traceLimit: TRACE_KEEP,
      });
      const { api, tables } = deployment;
      const unsubscribeTrace = api.trace.subscribe(req.onTrace);
      const unsubscribeTables = tables.subscribe(() => req.onTables(tableViews(tables)));
      req.onTables(tableViews(tables));
      // Replacing: an older deployment at the same apiId/stage is unregistered by its own dispose().
      const unregister = req.registry.register(api);
      return {
        ...deployment,
        dispose() {
          // The page stops listening first, so the 1001 closes of the teardown don't reach its trace.
          unsubscribeTrace();
          unsubscribeTables();
          // Only removes it if it is still the registered instance (a newer deploy replaced it otherwise).
          unregister();
          deployment.dispose();
        },
      };
    },
  };
}
