import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateDefinition, type ApiDefinition } from '../gateway';
import { exampleProject } from './project';
import { startGateway, type GatewayServer } from './server';
import { buildHost, connectClient, refusedUpgrade, workerInvokers } from './test-support';

// The local gateway end to end: real sockets on an ephemeral loopback port, handlers in worker
// threads built from the same bundle `npm run gateway` runs. Heavy (a Vite build, thread
// start-ups on 2 busy cores): generous timeouts.

let out: string;
beforeAll(async () => {
  out = await buildHost();
}, 180_000);
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('the chat example over real sockets', () => {
  let server: GatewayServer;
  beforeAll(async () => {
    const project = await exampleProject('chat');
    server = await startGateway({ ...project, createInvoker: workerInvokers(out) });
  }, 60_000);
  afterAll(() => server?.close());

  it('broadcasts a sendmessage to both clients (handshake checked by ws, Sec-WebSocket-Accept included)', async () => {
    const alice = await connectClient(server.urls.client);
    const bob = await connectClient(server.urls.client);
    alice.ws.send(JSON.stringify({ action: 'sendmessage', data: 'hello room' }));
    expect(await bob.message(1)).toBe('hello room');
    expect(await alice.message(1)).toBe('hello room');
    alice.ws.close();
    bob.ws.close();
    await Promise.all([alice.closed, bob.closed]);
  }, 60_000);

  it('serves @connections over HTTP at the stage path: 200 to a live id, 410 to a gone one', async () => {
    const alice = await connectClient(server.urls.client);
    const ids = () => (server.api as { connections(): { connectionId: string }[] }).connections();
    const id = ids().at(-1)!.connectionId;
    const post = await fetch(`${server.urls.connections}/${encodeURIComponent(id)}`, { method: 'POST', body: 'psst' });
    expect(post.status).toBe(200);
    expect(await alice.message(1)).toBe('psst');
    alice.ws.close();
    await alice.closed;
    const gone = await fetch(`${server.origin}/dev/%40connections/${encodeURIComponent(id)}`, {
      method: 'POST',
      body: 'late',
    });
    expect(gone.status).toBe(410);
    expect(gone.headers.get('x-amzn-errortype')).toBe('GoneException');
  }, 60_000);

  it('answers a plain GET to the WebSocket URL with 426', async () => {
    const res = await fetch(`${server.origin}/dev`);
    expect(res.status).toBe(426);
    expect(res.headers.get('upgrade')).toBe('websocket');
  });

  it('accepts 100 KB in four 25 KB fragments and closes a single 40 KB frame with 1009', async () => {
    const alice = await connectClient(server.urls.client);
    const text = JSON.stringify({ action: 'sendmessage', data: 'x'.repeat(100 * 1024 - 40) });
    const bytes = Buffer.from(text);
    const quarter = Math.ceil(bytes.length / 4);
    for (let i = 0; i < 4; i++)
      alice.ws.send(bytes.subarray(i * quarter, (i + 1) * quarter), { binary: false, fin: i === 3 });
    expect((await alice.message(1)).length).toBe(100 * 1024 - 40);
    alice.ws.send('y'.repeat(40_000));
    expect((await alice.closed).code).toBe(1009);
  }, 60_000);
});

describe('shutdown', () => {
  it('runs $disconnect for each open connection and closes the sockets with 1001', async () => {
    const project = await exampleProject('chat');
    const server = await startGateway({ ...project, createInvoker: workerInvokers(out) });
    const alice = await connectClient(server.urls.client);
    const bob = await connectClient(server.urls.client);
    await server.close();
    expect((await alice.closed).code).toBe(1001);
    expect((await bob.closed).code).toBe(1001);
    const disconnects = server.api.trace.ofKind('lambda.invoke').filter((e) => e.routeKey === '$disconnect');
    expect(disconnects).toHaveLength(2);
    expect(server.deployment.tables.execute('Scan', { TableName: 'connections' })).toMatchObject({ Count: 0 });
  }, 60_000);
});

describe('function timeouts in worker threads', () => {
  it("ends a synchronous for(;;){} at the function's timeout with Lambda's timeout error, and the next call runs", async () => {
    const checked = validateDefinition({
      protocolType: 'WEBSOCKET',
      name: 'loop',
      stage: { name: 'dev' },
      routeSelectionExpression: '$request.body.action',
      routes: {
        loop: { integration: { type: 'AWS_PROXY', function: 'loop' } },
        $default: {
          integration: { type: 'AWS_PROXY', function: 'echo' },
          routeResponseSelectionExpression: '$default',
        },
      },
      functions: { loop: { handler: 'loop.handler', timeout: 1 }, echo: { handler: 'echo.handler' } },
    });
    if (!checked.ok) throw new Error('invalid test definition');
    const server = await startGateway({
      definition: checked.definition as ApiDefinition,
      files: {
        'loop.js': 'export const handler = async () => { for (;;) {} };',
        'echo.js': 'export const handler = async (event) => ({ statusCode: 200, body: "echo " + event.body });',
      },
      createInvoker: workerInvokers(out),
    });
    try {
      const alice = await connectClient(server.urls.client);
      alice.ws.send('{"action":"loop"}');
      const frame = JSON.parse(await alice.message(1));
      expect(frame.message).toBe('Internal server error');
      const result = server.api.trace.ofKind('lambda.result').find((e) => e.functionName === 'loop');
      expect(result).toMatchObject({ outcome: 'timeout' });
      const logs = server.api.trace.ofKind('lambda.log').map((e) => e.text);
      expect(logs.some((l) => /Task timed out after 1\.00 seconds/.test(l))).toBe(true);
      alice.ws.send('hi');
      expect(await alice.message(2)).toBe('echo hi');
    } finally {
      await server.close();
    }
  }, 90_000);
});

describe('HTTP and REST APIs over node:http', () => {
  it('serves the http-orders example (curl-able at the $default stage root)', async () => {
    const project = await exampleProject('http-orders');
    const server = await startGateway({ ...project, createInvoker: workerInvokers(out) });
    try {
      const res = await fetch(`${server.urls.client}/products`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/json/);
      const missing = await fetch(`${server.urls.client}/customers`);
      expect(missing.status).toBe(404);
      expect(await missing.json()).toEqual({ message: 'Not Found' });
    } finally {
      await server.close();
    }
  }, 60_000);

  it('serves the rest-orders example under its stage', async () => {
    const project = await exampleProject('rest-orders');
    const server = await startGateway({ ...project, createInvoker: workerInvokers(out) });
    try {
      expect(server.urls.client).toMatch(/\/[a-z]+$/);
      const res = await fetch(`${server.urls.client}/products`);
      expect(res.status).toBe(200);
    } finally {
      await server.close();
    }
  }, 60_000);
});

describe('a refused upgrade on the wire', () => {
  it("writes $connect's status and body to the socket", async () => {
    const checked = validateDefinition({
      protocolType: 'WEBSOCKET',
      name: 'refuse',
      stage: { name: 'dev' },
      routeSelectionExpression: '$request.body.action',
      routes: { $connect: { integration: { type: 'AWS_PROXY', function: 'connect' } } },
      functions: { connect: { handler: 'connect.handler' } },
    });
    if (!checked.ok) throw new Error('invalid test definition');
    const server = await startGateway({
      definition: checked.definition as ApiDefinition,
      files: { 'connect.js': 'export const handler = async () => ({ statusCode: 401, body: "no token" });' },
      createInvoker: workerInvokers(out),
    });
    try {
      expect(await refusedUpgrade(server.urls.client)).toEqual({ status: 401, body: 'no token' });
      expect((await refusedUpgrade(server.urls.client.replace('/dev', '/prod'))).status).toBe(403);
    } finally {
      await server.close();
    }
  }, 60_000);
});
