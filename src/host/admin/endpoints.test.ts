import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../gateway';
import { createNodeInvoker } from '../../runtime/node';
import { exampleProject } from '../project';
import { startGateway, type GatewayServer } from '../server';
import { connectClient } from '../test-support';
import { LOCAL_GATEWAY_SERVICE, isLoopback, replayFrom, type AdminConnection, type AdminInfo } from './endpoints';

/** An SSE reader over fetch that collects messages and waits for one that matches. */
async function openStream(url: string) {
  const controller = new AbortController();
  const res = await fetch(url, { signal: controller.signal });
  const messages: { event: string; id?: string; data: string }[] = [];
  const waiters: { test(m: (typeof messages)[number]): boolean; resolve(m: (typeof messages)[number]): void }[] = [];
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  void (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return;
      buffer += value;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) !== -1) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const m = { event: 'message', data: '' } as (typeof messages)[number];
        for (const line of block.split('\n')) {
          const [k, ...v] = line.split(': ');
          if (k === 'event') m.event = v.join(': ');
          else if (k === 'id') m.id = v.join(': ');
          else if (k === 'data') m.data += v.join(': ');
        }
        if (!m.data) continue;
        messages.push(m);
        for (const w of waiters.filter((x) => x.test(m))) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(m);
        }
      }
    }
  })();
  return {
    res,
    messages,
    next(test: (m: (typeof messages)[number]) => boolean) {
      const seen = messages.find(test);
      return seen
        ? Promise.resolve(seen)
        : new Promise<(typeof messages)[number]>((r) => waiters.push({ test, resolve: r }));
    },
    close: () => controller.abort(),
  };
}

const trace = (m: { event: string; data: string }) => (m.event === 'trace' ? (JSON.parse(m.data) as TraceEvent) : null);

describe("the local gateway's admin endpoints", () => {
  let server: GatewayServer;
  let pageDir: string;
  beforeAll(async () => {
    pageDir = mkdtempSync(join(tmpdir(), 'admin-page-'));
    writeFileSync(join(pageDir, 'index.html'), '<!doctype html><title>Local gateway</title>');
    const project = await exampleProject('chat');
    server = await startGateway({ ...project, createInvoker: createNodeInvoker, adminDir: pageDir });
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    rmSync(pageDir, { recursive: true, force: true });
  });

  it('says what it is at /_admin/info, to any origin, with its clock and the trace path', async () => {
    const res = await fetch(`${server.origin}/_admin/info`, { headers: { Origin: 'http://localhost:5173' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const info = (await res.json()) as AdminInfo;
    expect(info).toMatchObject({
      service: LOCAL_GATEWAY_SERVICE,
      protocolType: 'WEBSOCKET',
      stage: 'dev',
      client: server.urls.client,
      trace: '/_admin/trace',
    });
    expect(Math.abs(info.now - Date.now())).toBeLessThan(5_000);
  });

  it('streams every hop of a chat message, the Lambda invocation included, and the connections with their source IP', async () => {
    const stream = await openStream(`${server.origin}/_admin/trace?last=0`);
    expect(stream.res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const alice = await connectClient(server.urls.client);
    const listed = await stream.next(
      (m) => m.event === 'connections' && (JSON.parse(m.data) as AdminConnection[]).length === 1,
    );
    const [row] = JSON.parse(listed.data) as AdminConnection[];
    expect(row.sourceIp).toBe('127.0.0.1');
    expect(row.connectedAt).toBeGreaterThan(0);
    expect(row.lastActiveAt).toBeGreaterThanOrEqual(row.connectedAt);
    alice.ws.send(JSON.stringify({ action: 'sendmessage', data: 'to the admin page' }));
    expect(await alice.message(1)).toBe('to the admin page');
    const invoke = await stream.next((m) => {
      const e = trace(m);
      return e?.kind === 'lambda.invoke' && e.routeKey === 'sendmessage';
    });
    expect(invoke.id).toBe(String(trace(invoke)!.seq));
    await stream.next((m) => trace(m)?.kind === 'lambda.result');
    alice.ws.close();
    await alice.closed;
    await stream.next((m) => m.event === 'connections' && m.data === '[]');
    stream.close();
  }, 60_000);

  it('serves the admin page under /_admin/ and redirects the bare path to it', async () => {
    const page = await fetch(`${server.origin}/_admin/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    expect(await page.text()).toContain('Local gateway');
    const bare = await fetch(`${server.origin}/_admin`, { redirect: 'manual' });
    expect(bare.status).toBe(308);
    expect((await fetch(`${server.origin}/_admin/..%2f..%2fetc%2fpasswd`)).status).toBe(404);
  });

  it('leaves every other path to the API (a plain GET to the WebSocket stage still gets 426)', async () => {
    expect((await fetch(`${server.origin}/dev`)).status).toBe(426);
  });
});

describe('what a trace stream replays first', () => {
  const events = [1, 2, 3, 4].map((seq) => ({ seq, t: 1000 * seq }) as TraceEvent);
  it('resumes after the Last-Event-ID a reconnecting EventSource sends', () => {
    expect(replayFrom(events, new URLSearchParams('since=0'), '2').map((e) => e.seq)).toEqual([3, 4]);
  });
  it('replays the events from a time on with ?since, the newest N with ?last', () => {
    expect(replayFrom(events, new URLSearchParams('since=2500'), undefined).map((e) => e.seq)).toEqual([3, 4]);
    expect(replayFrom(events, new URLSearchParams('last=1'), undefined).map((e) => e.seq)).toEqual([4]);
    expect(replayFrom(events, new URLSearchParams('last=0'), undefined)).toEqual([]);
  });
});

describe('who counts as a loopback client (--admin-loopback)', () => {
  it('accepts 127.x, ::1 and IPv4-mapped loopback, and nothing else', () => {
    expect(['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1'].map(isLoopback)).toEqual([true, true, true, true]);
    expect(['192.168.1.10', '::ffff:10.0.0.1', '', undefined].map(isLoopback)).toEqual([false, false, false, false]);
  });
});
