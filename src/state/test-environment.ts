/**
 * Stand-ins for what the page provides to the state (storage, timers, time, fetch, location,
 * history, the services and the MSW gateway), for the unit tests of Playground and AppState.
 * Nothing here waits on real time: timers fire when a test says so, and the services' slow
 * steps are deferred promises the test settles in the order it wants.
 */
import { vi } from 'vitest';
import {
  apiTypeOf,
  createApi,
  createInProcessInvoker,
  validateDefinition,
  type ApiDefinition,
  type TraceEvent,
  type TraceInput,
} from '../gateway';
import { TableStore } from '../runtime';
import type { KeyValueStore } from './persistence';
import type { CodeMarker, PlaygroundEnvironment } from './playground.svelte';
import type { RouterEnvironment } from './router.svelte';
import type { DeployRequest, DeployedApi, LoadedServices } from './services';

export function memoryStore(): KeyValueStore & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, v),
    removeItem: (k) => void data.delete(k),
    keys: () => [...data.keys()],
  };
}

/** Timers that fire only when the test calls `runAll()`. */
export function manualTimers() {
  const pending = new Map<number, () => void>();
  let next = 1;
  return {
    pending,
    set: (f: () => void) => (pending.set(next, f), next++),
    clear: (h: unknown) => void pending.delete(h as number),
    runAll: () => {
      const fns = [...pending.values()];
      pending.clear();
      for (const f of fns) f();
    },
  };
}

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

/** Lets every promise callback already queued run (no timers involved). */
export async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

/** One deployment the fake services made: its request, its (real, in-process) API, and whether it was disposed. */
export interface FakeDeployment {
  request: DeployRequest;
  api: DeployedApi;
  disposed: boolean;
  /** Appends an event to the API's trace, as the engine does while it runs. */
  emit(input?: Partial<TraceInput>): TraceEvent;
}

/**
 * A LoadedServices whose slow step (the syntax check) the test controls: `holdChecks` leaves
 * each check pending until the test resolves it. The gateway's own validator runs, and a
 * definition named `invalid` fails too; `failDeploy` makes the next engine throw. Deployments
 * are real engines on an in-process invoker with no functions: real URL, clock and trace.
 */
export function fakeServices() {
  const deployments: FakeDeployment[] = [];
  const checks: { files: Record<string, string>; result: Deferred<CodeMarker[]> }[] = [];
  const state = { holdChecks: false, failDeploy: null as Error | null };
  const services: LoadedServices = {
    validate(input) {
      if ((input as ApiDefinition | null)?.name === 'invalid')
        return { ok: false, errors: [{ path: 'name', message: 'is not a name this test accepts' }] };
      return validateDefinition(input);
    },
    checkFiles(files) {
      const result = deferred<CodeMarker[]>();
      checks.push({ files, result });
      if (!state.holdChecks) result.resolve([]);
      return result.promise;
    },
    deploy(request) {
      if (state.failDeploy) {
        const e = state.failDeploy;
        state.failDeploy = null;
        throw e;
      }
      const api = createApi(request.definition, {
        invoker: createInProcessInvoker({}),
        clock: request.clock,
        seed: 'test',
      });
      const unsubscribe = api.trace.subscribe(request.onTrace);
      request.onTables([{ name: `table-${deployments.length + 1}`, partitionKey: 'id', items: [] }]);
      const d: FakeDeployment = {
        request,
        api,
        disposed: false,
        emit: (input) =>
          api.trace.append({
            from: 'gateway',
            to: 'client:Alice',
            summary: 'rejected',
            kind: 'gateway.reject',
            status: 403,
            reason: 'test',
            ...input,
          } as TraceInput),
      };
      deployments.push(d);
      // Everything a deployment of src/runtime carries, so the stand-in fits where the real one goes.
      const deployment = {
        api,
        type: apiTypeOf(api),
        trace: api.trace,
        tables: new TableStore({}),
        dispose() {
          unsubscribe();
          d.disposed = true;
          api.dispose();
        },
      };
      return deployment;
    },
  };
  return { services, deployments, checks, state };
}

/** The playground's environment with fake time, timers, fetch and services. */
export function fakePlaygroundEnvironment(services: LoadedServices, over: Partial<PlaygroundEnvironment> = {}) {
  const ticks = new Set<() => void>();
  const fetch = vi.fn<typeof globalThis.fetch>(async () => new Response('{"ok":true}', { status: 200 }));
  const startGateway = vi.fn(async () => ({ stop: async () => {} }));
  const gatewayStarted = vi.fn();
  const env: PlaygroundEnvironment = {
    now: () => Date.UTC(2026, 0, 1, 12),
    scheduler: { monotonic: () => 0, schedule: () => 0, cancel: () => {} },
    every: (_ms, fn) => {
      ticks.add(fn);
      return () => void ticks.delete(fn);
    },
    fetch,
    origin: 'https://playground.test',
    loadServices: async () => services,
    startGateway,
    gatewayStarted,
    ...over,
  };
  return { env, ticks, fetch, startGateway, gatewayStarted };
}

/** `location` and `history` for the router: pushState moves the fragment, as a browser does. */
export function fakeLocation(hash = '') {
  const location = { hash, pathname: '/p/', search: '' };
  const pushed: string[] = [];
  const history = {
    pushState: (_data: unknown, _unused: string, url?: string | URL | null) => {
      const u = String(url ?? '');
      pushed.push(u);
      location.hash = u.startsWith('#') ? u : '';
    },
  };
  return { env: { location, history } satisfies RouterEnvironment, location, pushed };
}
