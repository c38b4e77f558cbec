import { describe, expect, it } from 'vitest';
import { isHttpLike } from '../gateway';
import { EXAMPLES, chatExample } from '../examples';
import { storageKeys } from './persistence';
import { Clients } from './clients.svelte';
import { Playground, REAL_MODE, type PlaygroundEnvironment } from './playground.svelte';
import {
  fakePlaygroundEnvironment,
  fakeServices,
  manualTimers,
  memoryStore,
  settle,
  type FakeDeployment,
} from './test-environment';
import { TraceState } from './trace.svelte';
import { Workspace } from './workspace.svelte';

function make(opts: { store?: ReturnType<typeof memoryStore>; env?: Partial<PlaygroundEnvironment> } = {}) {
  const store = opts.store ?? memoryStore();
  const ws = new Workspace({
    store,
    basePath: '/p/',
    example: chatExample,
    examples: EXAMPLES,
    timers: manualTimers(),
    now: () => 1_000,
  });
  const trace = new TraceState();
  const fake = fakeServices();
  const { env, ...mocks } = fakePlaygroundEnvironment(fake.services, opts.env);
  const pg = new Playground(ws, trace, env);
  return { ws, trace, pg, env, ...mocks, ...fake };
}

/** Deploys and expects it to go live; returns the deployment the services made. */
async function deployed(pg: Playground, deployments: FakeDeployment[]): Promise<FakeDeployment> {
  expect(await pg.deploy()).toBe(true);
  return deployments.at(-1)!;
}

describe('Playground: deploying', () => {
  it('deploys the workspace, starts the gateway once and keeps the virtual clock display fresh', async () => {
    const { ws, pg, env, ticks, startGateway, gatewayStarted, deployments } = make();
    expect(pg.clientsDisabledReason).toBe('Deploy the API first.');
    const first = await deployed(pg, deployments);
    expect(pg.status).toBe('deployed');
    expect(pg.message).toMatch(/^Deployed at .+\.$/);
    expect(pg.api).toBe(first.api);
    expect(pg.deployedType).toBe('WEBSOCKET');
    expect(pg.clientUrl).toBe(first.api.url);
    expect(pg.clientsDisabledReason).toBeNull();
    expect(pg.tables.map((t) => t.name)).toEqual(['table-1']);
    expect(first.request.clock.now()).toBe(env.now());
    expect(pg.undeployedChanges).toBe(false);
    ws.setFile('default.ts', '// edited');
    expect(pg.undeployedChanges).toBe(true);

    await deployed(pg, deployments);
    expect(first.disposed).toBe(true);
    expect(startGateway).toHaveBeenCalledTimes(1);
    expect(gatewayStarted).toHaveBeenCalledTimes(1);
    // One display refresh at a time: the replaced deployment's stopped with it.
    expect(ticks.size).toBe(1);
    pg.advanceClock(60_000);
    expect(pg.virtualNow).toBe(env.now() + 60_000);
  });

  it('lets a newer deploy win: an older one that finishes later neither replaces it nor shows its status', async () => {
    const { ws, pg, deployments, checks, state } = make();
    state.holdChecks = true;
    const older = pg.deploy();
    await settle();
    expect(checks).toHaveLength(1);
    ws.setFile('default.ts', '// newer');
    const newer = pg.deploy();
    await settle();
    expect(checks).toHaveLength(2);
    checks[1]!.result.resolve([]);
    expect(await newer).toBe(true);
    const message = pg.message;
    checks[0]!.result.resolve([]);
    expect(await older).toBe(false);
    expect(deployments).toHaveLength(1);
    expect(pg.api).toBe(deployments[0]!.api);
    expect(deployments[0]!.request.files['default.ts']).toBe('// newer');
    expect(pg.status).toBe('deployed');
    expect(pg.message).toBe(message);
    expect(pg.undeployedChanges).toBe(false);
  });

  it('shows none of the errors of an older deploy that fails after a newer one went live', async () => {
    const { ws, pg, checks, state } = make();
    state.holdChecks = true;
    const older = pg.deploy();
    await settle();
    ws.setFile('default.ts', '// fixed');
    const newer = pg.deploy();
    await settle();
    checks[1]!.result.resolve([]);
    await newer;
    checks[0]!.result.resolve([{ file: 'default.ts', line: 1, column: 1, message: 'Unexpected token' }]);
    expect(await older).toBe(false);
    expect(pg.status).toBe('deployed');
    expect(pg.errors).toEqual([]);
    expect(pg.markers).toEqual([]);
  });

  it('keeps the previous deployment, and says so, when the definition is invalid', async () => {
    const { ws, pg, trace, deployments } = make();
    const running = await deployed(pg, deployments);
    running.emit();
    await settle();
    ws.editWebSocket((d) => (d.name = 'invalid'));
    expect(await pg.deploy()).toBe(false);
    expect(pg.status).toBe('failed');
    expect(pg.errors).toEqual([{ path: 'name', message: 'is not a name this test accepts' }]);
    expect(pg.message).toBe('Deploy failed: 1 problem. The previous deployment is still running.');
    expect(pg.api).toBe(running.api);
    expect(running.disposed).toBe(false);
    expect(trace.events).toHaveLength(1);
    expect(pg.clientsDisabledReason).toBeNull();
    expect(pg.undeployedChanges).toBe(true);
  });

  it('keeps the previous deployment when a file has a syntax error, and marks the error in the file', async () => {
    const { ws, pg, deployments, checks, state } = make();
    const running = await deployed(pg, deployments);
    state.holdChecks = true;
    ws.setFile('default.ts', 'export const handler = async (event => {');
    const failing = pg.deploy();
    await settle();
    const marker = { file: 'default.ts', line: 1, column: 38, message: "')' expected." };
    checks.at(-1)!.result.resolve([marker]);
    expect(await failing).toBe(false);
    expect(pg.errors).toEqual([{ path: 'default.ts', message: "line 1, column 38: ')' expected." }]);
    expect(pg.markers).toEqual([marker]);
    expect(pg.message).toBe('Deploy failed: 1 problem. The previous deployment is still running.');
    expect(pg.api).toBe(running.api);
    expect(running.disposed).toBe(false);
  });

  it('keeps the previous deployment, its trace and its tables when the engine throws', async () => {
    const { pg, trace, deployments, state } = make();
    const running = await deployed(pg, deployments);
    running.emit();
    await settle();
    state.failDeploy = new Error('the engine refused it');
    expect(await pg.deploy()).toBe(false);
    expect(pg.errors).toEqual([{ path: 'definition', message: 'the engine refused it' }]);
    expect(pg.message).toBe('Deploy failed: 1 problem. The previous deployment is still running.');
    expect(pg.api).toBe(running.api);
    expect(running.disposed).toBe(false);
    expect(trace.events.map((e) => e.seq)).toEqual(running.api.trace.events.map((e) => e.seq));
    expect(pg.tables.map((t) => t.name)).toEqual(['table-1']);
    // The running deployment's trace still reaches the view.
    running.emit();
    await settle();
    expect(trace.events).toHaveLength(2);
  });

  it('says there is nothing running when the first deploy fails, and what the learner can do', async () => {
    const { ws, pg } = make();
    ws.editWebSocket((d) => (d.name = 'invalid'));
    expect(await pg.deploy()).toBe(false);
    expect(pg.message).toBe('Deploy failed: 1 problem.');
    expect(pg.api).toBeNull();
    expect(pg.clientsDisabledReason).toBe('Fix the errors and deploy.');
  });

  it('reports a gateway that could not load as a problem of the site', async () => {
    const { pg } = make({ env: { loadServices: async () => Promise.reject(new Error('offline')) } });
    expect(await pg.deploy()).toBe(false);
    expect(pg.errors).toEqual([{ path: 'site', message: 'Could not load the gateway: offline' }]);
  });

  it('clears the "not run yet" state of restored edits once they are deployed', async () => {
    const store = memoryStore();
    const first = make({ store });
    first.ws.setFile('default.ts', '// saved');
    first.ws.flush();
    expect(store.data.has(storageKeys('/p/').workspace)).toBe(true);
    const { ws, pg, deployments } = make({ store });
    expect(pg.clientsDisabledReason).toBe('Your restored edits have not run yet. Deploy them first.');
    await deployed(pg, deployments);
    expect(ws.restoredAt).toBeNull();
    expect(pg.clientsDisabledReason).toBeNull();
  });
});

describe('Playground: fake and real', () => {
  it("shows the engine's trace in fake mode and what the clients observed in real mode", async () => {
    const { pg, trace, deployments } = make();
    const running = await deployed(pg, deployments);
    running.emit({ summary: 'fake 1' });
    await settle();
    expect(trace.events.map((e) => e.summary)).toEqual(['fake 1']);

    pg.setMode('real');
    expect(trace.observedFromClient).toBe(true);
    expect(trace.events).toEqual([]);
    pg.observe({ client: 'Alice', type: 'connecting', url: 'wss://real.example/dev', protocols: [] });
    // The engine keeps running, but its events wait for fake mode.
    running.emit({ summary: 'fake 2' });
    await settle();
    expect(trace.events.map((e) => e.summary)).toEqual(['Alice opens real.example/dev']);

    pg.setMode('fake');
    expect(trace.observedFromClient).toBe(false);
    expect(trace.events.map((e) => e.summary)).toEqual(['fake 1', 'fake 2']);
    // Observations made in fake mode are recorded, but the view shows the engine's trace.
    pg.observe({ client: 'Alice', type: 'open', protocol: '' });
    await settle();
    expect(trace.events.map((e) => e.summary)).toEqual(['fake 1', 'fake 2']);
    pg.setMode('real');
    expect(trace.events.map((e) => e.summary)).toEqual(['Alice opens real.example/dev', 'Alice connected']);
  });

  it('points the clients at the real endpoint in real mode, and says why they cannot connect', async () => {
    const { ws, pg, deployments } = make();
    const running = await deployed(pg, deployments);
    pg.setMode('real');
    expect(pg.clientUrl).toBe('');
    expect(pg.clientsDisabledReason).toBe('Enter the real endpoint URL in the header first.');
    ws.setRealUrl(' wss://abcdefghij.execute-api.us-east-1.amazonaws.com/dev ');
    expect(pg.clientUrl).toBe('wss://abcdefghij.execute-api.us-east-1.amazonaws.com/dev');
    expect(pg.clientsDisabledReason).toBeNull();
    pg.setMode('fake');
    expect(pg.clientUrl).toBe(running.api.url);
    expect(pg.clientsDisabledReason).toBeNull();
    ws.switchApiType('HTTP');
    expect(pg.clientsDisabledReason).toBe('The running API is of another type. Deploy this one first.');
    expect(pg.deployedType).toBe('WEBSOCKET');
    expect(await pg.deploy({ trusted: true })).toBe(true);
    expect(pg.deployedType).toBe('HTTP');
    expect(pg.clientsDisabledReason).toBeNull();
  });

  it('says "Deploying…" to the clients while a deploy runs', async () => {
    const { pg, checks, state } = make();
    state.holdChecks = true;
    const pending = pg.deploy();
    expect(pg.status).toBe('deploying');
    expect(pg.clientsDisabledReason).toBe('Deploying…');
    await settle();
    checks[0]!.result.resolve([]);
    await pending;
    expect(pg.clientsDisabledReason).toBeNull();
  });

  it("sends real-mode requests with the page's fetch and records both sides on the observed trace", async () => {
    const { ws, pg, trace, fetch } = make();
    ws.switchApiType('HTTP');
    pg.setMode('real');
    const url = 'https://abcdefghij.execute-api.us-east-1.amazonaws.com/orders/1';
    const outcome = await pg.sendHttp({ caller: 'Browser app', kind: 'browser', method: 'GET', url, headers: [] });
    expect(outcome).toMatchObject({ kind: 'response', status: 200, body: '{"ok":true}' });
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(String(fetch.mock.calls[0]![0])).toBe(url);
    await settle();
    expect(trace.observedFromClient).toBe(true);
    expect(trace.events.map((e) => [e.kind, e.from, e.to])).toEqual([
      ['http.request', 'client:Browser app', 'gateway'],
      ['http.response', 'gateway', 'client:Browser app'],
    ]);
  });
});

describe('Playground: a redeploy keeps the history', () => {
  /** A deployment of the chat example without $connect (the fake invoker has no functions), with Alice and Bob connected. */
  async function withTwoConnections() {
    const made = make();
    made.ws.editWebSocket((d) => {
      delete d.routes['$connect'];
      delete d.routes['$disconnect'];
    });
    const running = await deployed(made.pg, made.deployments);
    if (isHttpLike(running.api)) throw new Error('expected a WebSocket API');
    for (const clientName of ['Alice', 'Bob']) expect((await running.api.connect({ clientName })).accepted).toBe(true);
    await settle();
    return { ...made, running };
  }

  it('appends a "redeployed — 2 connections closed (1001)" step after the earlier steps instead of wiping them', async () => {
    const { pg, trace, deployments, running } = await withTwoConnections();
    const before = trace.events.map((e) => [e.seq, e.kind]);
    expect(before.length).toBeGreaterThan(0);
    await deployed(pg, deployments);
    expect(running.disposed).toBe(true);
    const step = trace.events[before.length]!;
    expect(trace.events.slice(0, before.length).map((e) => [e.seq, e.kind])).toEqual(before);
    expect(step).toMatchObject({
      kind: 'deployment.replaced',
      closedConnections: 2,
      code: 1001,
      summary: 'redeployed — 2 connections closed (1001)',
      seq: before.length + 1,
    });
    // The new deployment's steps follow, numbered after it; the checks see only those.
    deployments.at(-1)!.emit();
    await settle();
    expect(trace.events.at(-1)!.seq).toBe(before.length + 2);
    expect(trace.current.map((e) => e.seq)).toEqual([before.length + 2]);
    expect(trace.segments.map((s) => s.redeploy?.closedConnections ?? null)).toEqual([null, 2]);
  });

  it('tells the clients connected to it why they are about to close', async () => {
    const { ws, trace, env } = make();
    const pg = new Playground(ws, trace, env);
    const told: string[] = [];
    const clients = new Clients({ defaultUrl: () => pg.clientUrl, disabledReason: () => null });
    clients.redeploying = (url) => void told.push(url);
    pg.attachClients(clients);
    const first = await pg.deploy();
    expect(first).toBe(true);
    const url = pg.clientUrl;
    await pg.deploy();
    expect(told).toEqual([url]);
  });

  it('starts a fresh trace when the deployment is of another workspace or API type', async () => {
    const { ws, pg, trace, deployments } = make();
    const running = await deployed(pg, deployments);
    running.emit();
    await settle();
    ws.switchApiType('HTTP');
    expect(await pg.deploy({ trusted: true })).toBe(true);
    expect(trace.events.some((e) => e.kind === 'deployment.replaced')).toBe(false);
    expect(trace.events).toEqual([]);
  });

  it('keeps the history through a visit to real mode, and a deploy there leaves the observed trace alone', async () => {
    const { pg, trace, deployments } = make();
    (await deployed(pg, deployments)).emit({ summary: 'first' });
    await settle();
    await deployed(pg, deployments);
    pg.setMode('real');
    pg.observe({ client: 'Alice', type: 'connecting', url: 'wss://real.example/dev', protocols: [] });
    await settle();
    // A type switch deploys the fake gateway even in real mode: the view stays on what the clients saw.
    expect(await pg.deploy({ trusted: true })).toBe(true);
    expect(trace.observedFromClient).toBe(true);
    expect(trace.events.map((e) => e.summary)).toEqual(['Alice opens real.example/dev']);
    pg.setMode('fake');
    expect(trace.events.map((e) => e.summary)).toEqual(['first', 'redeployed', 'redeployed']);
  });
});

describe('Playground: the status and what real mode switches off', () => {
  it('names the state first: not deployed, up to date, undeployed changes, failed with N problems', async () => {
    const { ws, pg, deployments } = make();
    expect(pg.statusView).toMatchObject({ state: 'none', label: 'Not deployed' });
    await deployed(pg, deployments);
    expect(pg.statusView).toMatchObject({ state: 'current', label: 'Up to date' });
    expect(pg.statusView.detail).toMatch(/^Deployed at .+\.$/);
    ws.setFile('default.ts', '// edited');
    expect(pg.statusView).toMatchObject({ state: 'changes', label: 'Undeployed changes' });
    expect(pg.statusView.detail).toMatch(/^Running: deployed at .+\.$/);
    ws.editWebSocket((d) => (d.name = 'invalid'));
    await pg.deploy();
    expect(pg.statusView).toEqual({
      state: 'failed',
      label: 'Deploy failed: 1 problem',
      detail: 'The previous deployment is still running.',
    });
  });

  it('switches off Deploy and the virtual clock in real mode, and says why', async () => {
    const { ws, pg, deployments } = make();
    expect(pg.clockBlocked).toMatch(/Deploy first/);
    await deployed(pg, deployments);
    expect([pg.deployBlocked, pg.clockBlocked, pg.editBlocked]).toEqual([null, null, null]);
    pg.setMode('real');
    expect(pg.deployBlocked).toBe(REAL_MODE.deploy);
    expect(pg.clockBlocked).toBe(REAL_MODE.clock);
    expect(pg.editBlocked).toBe(REAL_MODE.edit);
    expect(pg.statusView).toEqual({ state: 'real', label: 'Real endpoint', detail: REAL_MODE.deploy });
    const now = pg.virtualNow;
    pg.advanceClock(10 * 60_000);
    expect(pg.virtualNow).toBe(now);
    ws.setMode('fake');
    expect(pg.deployBlocked).toBeNull();
  });
});
