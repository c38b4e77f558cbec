/**
 * The one place the UI state meets the engine, the sandbox runtime and the MSW gateway.
 * Everything here is loaded on the first Deploy (`loadServices()` is a dynamic import), so
 * the page paints before msw and the runtime arrive.
 */
import type { ApiDefinition, ApiRegistry, Clock, DefinitionResult, GatewayApi, TraceEvent } from '../gateway';
import type { Deployment as RuntimeDeployment } from '../runtime';
import type { HttpObservation } from '../adapters/msw';
import type { AdapterEvent } from './clients.svelte';
import type { Mode } from './persistence';
import type { CodeMarker } from './playground.svelte';

/** A table as the Tables panel shows it (items are DynamoDB attribute-value maps). */
export interface TableView {
  name: string;
  partitionKey: string;
  sortKey?: string;
  items: Record<string, unknown>[];
}

/** A deployed stage of any API type: WebSocket, or HTTP/REST (one request in, one response out). */
export type DeployedApi = GatewayApi;

export interface DeployRequest {
  definition: ApiDefinition;
  /** The deployed files: a frozen copy, so later edits don't change running code. */
  files: Record<string, string>;
  clock: Clock;
  /** Where the MSW gateway finds the API; the deployment registers itself and unregisters on dispose. */
  registry: ApiRegistry<DeployedApi>;
  onTrace(event: TraceEvent): void;
  onTables(tables: TableView[]): void;
}

/** One live deployment (src/runtime's: engine + sandbox runtime + tables), registered with the MSW gateway. */
export interface Deployment extends RuntimeDeployment {
  /** Unregisters, closes every connection (1001), stops the workers. */
  dispose(): void;
}

export interface GatewayOptions {
  registry: ApiRegistry<DeployedApi>;
  mode(): Mode;
  realUrl(fakeUrl: string): string;
  onClientEvent(e: AdapterEvent): void;
  /** Every execute-api fetch of the page: what was sent, what came back, what the browser hid. */
  onHttpEvent(e: HttpObservation): void;
  /** The diagram lane for a socket (`client:Alice`). */
  clientName(socket: WebSocket, url: string): string | undefined;
}

export interface LoadedServices {
  /** Validates with the validator of the definition's `protocolType` (messages name the field). */
  validate(input: unknown): DefinitionResult;
  /** Syntax errors per file (the same transpiler the sandbox uses), for markers and the error list. */
  checkFiles(files: Record<string, string>): Promise<CodeMarker[]>;
  deploy(req: DeployRequest): Deployment;
}

export async function loadServices(): Promise<LoadedServices> {
  const mod = await import('./services-impl');
  return mod.createServices();
}

/**
 * Starts MSW's interception of the page's `WebSocket` and execute-api `fetch` (its own chunk,
 * loaded in parallel with the engine and runtime, so the page is interactive with MSW started
 * sooner).
 */
export async function startGateway(opts: GatewayOptions): Promise<{ stop(): Promise<void> }> {
  const { startMockGateway } = await import('../adapters/msw');
  return startMockGateway({
    registry: opts.registry,
    mode: opts.mode,
    realUrl: opts.realUrl,
    onClientEvent: opts.onClientEvent,
    onHttpEvent: opts.onHttpEvent,
    clientName: opts.clientName,
  });
}
