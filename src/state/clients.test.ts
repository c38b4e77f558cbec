import { describe, expect, it } from 'vitest';
import { ClientSession, Clients, checkCloseCode, withQuery } from './clients.svelte';

/** A stand-in for the page's WebSocket: records what the console does and lets the test fire events. */
class FakeSocket extends EventTarget {
  static last: FakeSocket;
  sent: string[] = [];
  closed: { code?: number; reason?: string } | null = null;
  protocol = '';
  constructor(
    readonly url: string,
    readonly protocols?: string[],
  ) {
    super();
    FakeSocket.last = this;
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

function env(overrides: Partial<{ url: string; blocked: string | null }> = {}) {
  return {
    defaultUrl: () => overrides.url ?? 'wss://abc1234567.execute-api.us-east-1.amazonaws.com/dev',
    disabledReason: () => overrides.blocked ?? null,
    WebSocket: FakeSocket as unknown as typeof WebSocket,
    now: () => 0,
  };
}

describe('ClientSession', () => {
  it('opens a real-style WebSocket with the query string and offered subprotocols', () => {
    const c = new ClientSession('Alice', 1, env());
    c.setProtocols('chat.v1, chat.v2');
    c.connect();
    expect(FakeSocket.last.url).toBe('wss://abc1234567.execute-api.us-east-1.amazonaws.com/dev?name=Alice');
    expect(FakeSocket.last.protocols).toEqual(['chat.v1', 'chat.v2']);
    expect(c.status).toBe('connecting');
  });

  it('lists sent and received frames, and the close with its code and reason', () => {
    const c = new ClientSession('Bob', 2, env());
    c.connect();
    const ws = FakeSocket.last;
    ws.fire('open');
    c.setDraft('{"action":"sendmessage","data":"hi"}');
    c.send();
    ws.fire('message', { data: 'hi' });
    ws.fire('close', { code: 1001, reason: 'Going away', wasClean: true });
    expect(ws.sent).toEqual(['{"action":"sendmessage","data":"hi"}']);
    expect(c.draft).toBe('');
    expect(c.frames.map((f) => [f.kind, f.text]).slice(1)).toEqual([
      ['open', 'open'],
      ['sent', '{"action":"sendmessage","data":"hi"}'],
      ['received', 'hi'],
      ['close', 'close 1001 Going away'],
    ]);
    expect(c.status).toBe('closed');
  });

  it('shows the gateway status of a rejected handshake that the browser only reports as 1006', () => {
    const clients = new Clients(env());
    const alice = clients.byName('Alice')!;
    alice.connect();
    const ws = FakeSocket.last;
    clients.adapterEvent({ type: 'rejected', socket: ws, reason: 'HTTP 401: Unauthorized' });
    ws.fire('error');
    ws.fire('close', { code: 1006, reason: '', wasClean: false });
    expect(alice.frames.map((f) => f.text)).toContain('handshake rejected: HTTP 401: Unauthorized');
    expect(alice.frames.at(-1)?.text).toBe('close 1006 (not clean)');
    expect(clients.byName('Bob')!.frames).toEqual([]);
  });

  it('closes with the code and reason typed, and refuses codes a page may not send', () => {
    const c = new ClientSession('Alice', 1, env());
    c.connect();
    FakeSocket.last.fire('open');
    c.setCloseCode('1001');
    expect(c.closeCodeError).not.toBeNull();
    c.disconnect();
    expect(FakeSocket.last.closed).toBeNull();
    c.setCloseCode('4000');
    c.setCloseReason('bye');
    c.disconnect();
    expect(FakeSocket.last.closed).toEqual({ code: 4000, reason: 'bye' });
  });

  it('does not connect while the deployment blocks it, and says why', () => {
    const c = new ClientSession(
      'Alice',
      1,
      env({ blocked: 'Your restored edits have not run yet. Deploy them first.' }),
    );
    const before = FakeSocket.last;
    c.connect();
    expect(FakeSocket.last).toBe(before);
    expect(c.connectBlocked).toMatch(/Deploy them first/);
  });
});

describe('ClientSession: what a card shows about its connection', () => {
  it('says a redeploy closed it, in its state and its frames', () => {
    const clients = new Clients(env());
    const alice = clients.byName('Alice')!;
    alice.connect();
    const ws = FakeSocket.last;
    ws.fire('open');
    clients.redeploying('wss://abc1234567.execute-api.us-east-1.amazonaws.com/dev');
    ws.fire('close', { code: 1001, reason: 'Going away', wasClean: true });
    expect(alice.closedBecause).toBe('closed 1001: the API was redeployed');
    expect(alice.frames.at(-1)?.text).toBe('close 1001 Going away: the API was redeployed');
    // Bob was not connected: nothing to say.
    expect(clients.byName('Bob')!.closedBecause).toBe('');
  });

  it('says who closed it otherwise: this client, or the gateway with its reason', () => {
    const c = new ClientSession('Alice', 1, env());
    c.connect();
    FakeSocket.last.fire('open');
    c.setCloseCode('4000');
    c.disconnect();
    FakeSocket.last.fire('close', { code: 4000, reason: '', wasClean: true });
    expect(c.closedBecause).toBe('closed 4000: this client disconnected');
    c.connect();
    expect(c.closedBecause).toBe('');
    FakeSocket.last.fire('open');
    FakeSocket.last.fire('close', { code: 1001, reason: 'Going away', wasClean: true });
    expect(c.closedBecause).toBe('closed 1001 Going away');
    expect(c.frames.at(-1)?.text).toBe('close 1001 Going away');
  });

  it('keeps the URL it connected with while connected, whatever the default becomes; the next connection uses the new one', () => {
    let url = 'wss://abc1234567.execute-api.us-east-1.amazonaws.com/dev';
    const c = new ClientSession('Alice', 1, { ...env(), defaultUrl: () => url });
    c.connect();
    FakeSocket.last.fire('open');
    url = 'wss://real.example/prod';
    expect(c.url).toBe('wss://abc1234567.execute-api.us-east-1.amazonaws.com/dev');
    FakeSocket.last.fire('close', { code: 1000, reason: '', wasClean: true });
    expect(c.url).toBe('wss://real.example/prod');
    c.connect();
    expect(FakeSocket.last.url).toBe('wss://real.example/prod?name=Alice');
  });

  it('shows the connection id the gateway gave it; a real endpoint never tells', () => {
    const clients = new Clients({ ...env(), mode: () => 'real' as const });
    const alice = clients.byName('Alice')!;
    alice.connect();
    expect(alice.real).toBe(true);
    const fake = new Clients(env());
    const bob = fake.byName('Bob')!;
    bob.connect();
    fake.adapterEvent({ type: 'open', socket: FakeSocket.last, connectionId: 'R1kmxc2VNjMCFIA=' });
    expect(bob.connectionId).toBe('R1kmxc2VNjMCFIA=');
    expect(bob.real).toBe(false);
  });
});

describe('helpers', () => {
  it('joins query strings and validates close codes (1000 or 3000–4999)', () => {
    expect(withQuery('wss://h/dev', '?a=1')).toBe('wss://h/dev?a=1');
    expect(withQuery('wss://h/dev?x=1', 'a=1')).toBe('wss://h/dev?x=1&a=1');
    expect(checkCloseCode('1000')).toBeNull();
    expect(checkCloseCode('3000')).toBeNull();
    expect(checkCloseCode('1006')).not.toBeNull();
  });

  it('names new consoles Alice, Bob, then Carol', () => {
    const clients = new Clients(env());
    expect(clients.add().name).toBe('Carol');
    expect(clients.nameOf(undefined)).toBeUndefined();
  });
});
