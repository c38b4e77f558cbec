import { describe, expect, it } from 'vitest';
import { Clients, type ClientEnvironment, type ClientGatewayControls } from './clients.svelte';
import { ManualTimers } from './test-timers';

/** A stand-in for the page's WebSocket that the tests open, message and close. */
class FakeSocket extends EventTarget {
  static all: FakeSocket[] = [];
  sent: string[] = [];
  closed: { code?: number; reason?: string } | null = null;
  protocol = '';
  constructor(
    readonly url: string,
    readonly protocols?: string[],
  ) {
    super();
    FakeSocket.all.push(this);
  }
  send(data: string) {
    this.sent.push(data);
  }
  close(code?: number, reason?: string) {
    this.closed = { code, reason };
  }
  fire(type: string, init: Record<string, unknown> = {}) {
    this.dispatchEvent(Object.assign(new Event(type), init));
  }
}

function setup(over: Partial<ClientEnvironment> = {}) {
  FakeSocket.all = [];
  const timers = new ManualTimers();
  const calls: string[] = [];
  const gateway: ClientGatewayControls = {
    dropConnection: async (id) => (calls.push(`drop ${id}`), true),
    expireIdle: async (id) => (calls.push(`idle ${id}`), true),
  };
  const clients = new Clients({
    defaultUrl: () => 'wss://abc1234567.execute-api.us-east-1.amazonaws.com/dev',
    disabledReason: () => null,
    WebSocket: FakeSocket as unknown as typeof WebSocket,
    now: () => 0,
    timers,
    gateway: () => gateway,
    ...over,
  });
  /** Opens a client's socket as the fake gateway would, with a connection id. */
  const open = (name: string, id = `id-${name}`) => {
    const c = clients.byName(name)!;
    if (!c.connected) c.connect();
    const ws = FakeSocket.all.find((s) => c.owns(s))!;
    ws.fire('open');
    clients.adapterEvent({ type: 'open', socket: ws, connectionId: id });
    return { c, ws };
  };
  return { clients, timers, calls, open };
}

describe('many clients at once', () => {
  it('adds a batch named from a pattern, each with the name in its query string', () => {
    const { clients } = setup();
    const added = clients.addBatch(50, 'student-{n}');
    expect(added).toHaveLength(50);
    expect(clients.list.map((c) => c.name).slice(0, 4)).toEqual(['Alice', 'Bob', 'student-1', 'student-2']);
    expect(clients.list.at(-1)!.name).toBe('student-50');
    expect(clients.byName('student-7')!.query).toBe('name=student-7');
    // A second batch goes on from there, and the page's room caps it.
    expect(clients.addBatch(100, 'student-{n}').map((c) => c.name)[0]).toBe('student-51');
    expect(clients.list).toHaveLength(100);
    expect(clients.addBatch(1, 'x')).toEqual([]);
  });

  it('adds clients as a share link describes them: name, query string, subprotocols and script', () => {
    const { clients } = setup();
    const [carol, alice2] = clients.addClients([
      { name: 'Carol', query: 'room=7', protocols: ['chat.v1', 'chat.v2'], script: ['a', 'b'] },
      { name: 'Alice' },
    ]);
    expect(carol!.query).toBe('room=7');
    expect(carol!.protocols).toBe('chat.v1, chat.v2');
    expect(carol!.script.messages).toEqual(['a', 'b']);
    // A name that is taken gets a suffix rather than two lanes with one name.
    expect(alice2!.name).toBe('Alice-2');
    expect(alice2!.query).toBe('name=Alice-2');
  });

  it('connects all and disconnects all without a click each; counts what is open', () => {
    const { clients } = setup();
    clients.addBatch(8, 's{n}');
    clients.connectAll();
    expect(FakeSocket.all).toHaveLength(10);
    expect(clients.counts).toMatchObject({ total: 10, connecting: 10, open: 0 });
    for (const ws of FakeSocket.all) ws.fire('open');
    expect(clients.counts).toMatchObject({ open: 10, connecting: 0 });
    // Connect all again opens nothing more.
    clients.connectAll();
    expect(FakeSocket.all).toHaveLength(10);
    clients.disconnectAll();
    expect(FakeSocket.all.every((ws) => ws.closed?.code === 1000)).toBe(true);
  });

  it('removes many in one go, closing their sockets', () => {
    const { clients, open } = setup();
    const batch = clients.addBatch(3, 's{n}');
    const { ws } = open('s2');
    clients.removeMany(batch);
    expect(clients.list.map((c) => c.name)).toEqual(['Alice', 'Bob']);
    expect(ws.closed).not.toBeNull();
  });
});

describe('a scripted client', () => {
  it('sends its list at its rate in real time, shows progress, and ends done', () => {
    const { clients, timers, open } = setup();
    const { c, ws } = open('Alice');
    c.setScript({ messages: ['{"action":"sendmessage","data":"hi from {name}"}', 'two'], repeat: 2, rate: 2 });
    c.startScript();
    expect(c.scriptProgress).toMatchObject({ running: true, sent: 1, total: 4 });
    timers.advance(500);
    expect(ws.sent).toEqual(['{"action":"sendmessage","data":"hi from Alice"}', 'two']);
    timers.advance(1000);
    expect(ws.sent).toHaveLength(4);
    expect(c.scriptProgress).toEqual({ running: false, sent: 4, total: 4, ended: 'done: 4 sent' });
    expect(c.sentCount).toBe(4);
    expect(clients.counts.scripts).toBe(0);
  });

  it('says why it cannot start, stops on Stop, and stops when the connection closes', () => {
    const { clients, timers, open } = setup();
    const bob = clients.byName('Bob')!;
    expect(bob.scriptBlocked).toBe('Write at least one message.');
    bob.setScript({ messages: ['x'], repeat: 100, rate: 10 });
    expect(bob.scriptBlocked).toBe('Connect first.');
    const { ws } = open('Bob');
    bob.startScript();
    timers.advance(250);
    bob.stopScript();
    expect(bob.scriptProgress).toMatchObject({ running: false, sent: 3, ended: 'stopped after 3 of 100' });
    timers.advance(1000);
    expect(ws.sent).toHaveLength(3);

    bob.startScript();
    timers.advance(150);
    ws.fire('close', { code: 1006, reason: '', wasClean: false });
    timers.advance(1000);
    expect(bob.scriptProgress.running).toBe(false);
    expect(bob.scriptProgress.ended).toBe('the connection closed after 2 of 100');
  });

  it('runs every connected script with one click', () => {
    const { clients, timers, open } = setup();
    clients.addBatch(3, 's{n}', ['hello from {name}']);
    for (const n of ['s1', 's2', 's3']) open(n);
    clients.startAllScripts();
    timers.advance(10);
    const sent = FakeSocket.all.flatMap((ws) => ws.sent);
    expect(sent).toEqual(['hello from s1', 'hello from s2', 'hello from s3']);
  });
});

describe('"Drop network" and "Go idle"', () => {
  it('ask the fake gateway to drop or idle out this connection, and the close then says why', async () => {
    const { open, calls } = setup();
    const { c, ws } = open('Alice', 'R1kmxc2VNjMCFIA=');
    await c.dropNetwork();
    expect(calls).toEqual(['drop R1kmxc2VNjMCFIA=']);
    ws.fire('close', { code: 1006, reason: '', wasClean: false });
    expect(c.closedBecause).toBe('closed 1006: the network dropped (simulated)');

    const bob = open('Bob', 'B0bxc2VNjMCFIA=');
    await bob.c.goIdle();
    expect(calls.at(-1)).toBe('idle B0bxc2VNjMCFIA=');
    bob.ws.fire('close', { code: 1001, reason: 'Going away', wasClean: true });
    expect(bob.c.closedBecause).toMatch(/^closed 1001: idle for 10 minutes/);
  });

  it('are off until the connection is open, and against a real endpoint, saying why', async () => {
    const { clients, calls } = setup();
    const alice = clients.byName('Alice')!;
    expect(alice.networkBlocked).toBe('Connect first.');
    await alice.dropNetwork();
    expect(calls).toEqual([]);
    const real = setup({ mode: () => 'real' });
    const c = real.open('Alice');
    expect(c.c.networkBlocked).toMatch(/real endpoint/);
  });
});
