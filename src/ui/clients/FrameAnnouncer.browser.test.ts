/**
 * A client console's announcements in real Chromium: the frame list is not a live region (on
 * main every frame of a burst was read out), and a visually hidden polite region says a
 * throttled summary instead, and nothing while the timeline replays.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { flushSync, mount, unmount } from 'svelte';
import { ClientSession, type Frame } from '../../state/clients.svelte';
import ClientConsole from '../ClientConsole.svelte';
import '../global.css';

/** A stand-in for the page's WebSocket: the test fires its events. */
class FakeSocket extends EventTarget {
  static last: FakeSocket;
  protocol = '';
  constructor(readonly url: string) {
    super();
    FakeSocket.last = this;
  }
  send() {}
  close() {}
  fire(type: string, init: Record<string, unknown> = {}) {
    this.dispatchEvent(Object.assign(new Event(type), init));
  }
}

let view: ReturnType<typeof mount> | undefined;
afterEach(() => {
  if (view) unmount(view);
  view = undefined;
  document.body.replaceChildren();
});

function open(replay?: readonly Frame[]) {
  const client = new ClientSession('Alice', 1, {
    defaultUrl: () => 'wss://abc1234567.execute-api.us-east-1.amazonaws.com/dev',
    disabledReason: () => null,
    WebSocket: FakeSocket as unknown as typeof WebSocket,
  });
  const target = document.createElement('div');
  document.body.append(target);
  view = mount(ClientConsole, { target, props: { client, chips: [], replay } });
  client.connect();
  FakeSocket.last.fire('open');
  flushSync();
  const region = target.querySelector('[data-testid=frames-announcement]') as HTMLElement;
  /** Every text the region took, in order. */
  const texts: string[] = [];
  new MutationObserver(() => {
    const t = region.textContent ?? '';
    if (t !== texts.at(-1)) texts.push(t);
  }).observe(region, { subtree: true, childList: true, characterData: true });
  return { client, target, region, texts, socket: FakeSocket.last };
}

const nextFrame = () => new Promise((r) => requestAnimationFrame(r));

/** Polls a condition on animation frames (never a fixed sleep), failing after 20 s. */
async function waitFor(ok: () => boolean, what: string): Promise<void> {
  const until = performance.now() + 20_000;
  while (!ok()) {
    if (performance.now() > until) throw new Error(`timed out waiting for ${what}`);
    await nextFrame();
  }
}

/** How many messages an announcement sums up. */
const counted = (t: string) => Number(/^(\d+) messages received/.exec(t)?.[1] ?? (t.startsWith('Message') ? 1 : 0));

describe("a client console's announcements", () => {
  it('says a burst of 50 frames in a few throttled summaries, never frame by frame', async () => {
    const { region, texts, socket, target } = open();
    expect(target.querySelector('[data-testid=frames]')?.hasAttribute('aria-live')).toBe(false);
    expect(region.getAttribute('aria-live')).toBe('polite');
    for (let i = 0; i < 50; i++) {
      socket.fire('message', { data: `message ${i}\n${'x'.repeat(200)}` });
      await nextFrame();
    }
    await waitFor(() => texts.reduce((n, t) => n + counted(t), 0) >= 50, 'every message counted');
    // One at once, then a summary a second: a ~1 s burst is two texts (a slow machine, a few more).
    expect(texts.length).toBeGreaterThanOrEqual(2);
    expect(texts.length).toBeLessThanOrEqual(4);
    expect(texts[0]).toMatch(/^Message received on Alice: message 0 x+…$/);
    expect(texts.at(-1)).toMatch(/^\d+ messages received on Alice, latest: message 49 x+…$/);
    expect(texts.reduce((n, t) => n + counted(t), 0)).toBe(50);
    // The latest message is cut short.
    expect(texts.at(-1)!.length).toBeLessThan(140);
  });

  it('says nothing while the timeline replays, nor about the frames already there', async () => {
    const { texts, socket, region, client } = open([]);
    for (let i = 0; i < 10; i++) socket.fire('message', { data: `during the replay ${i}` });
    flushSync();
    await nextFrame();
    expect(client.frames.filter((f) => f.kind === 'received').length).toBe(10);
    expect(region.textContent).toBe('');
    expect(texts).toEqual([]);
  });
});
