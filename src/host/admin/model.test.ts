import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../gateway';
import { AdminModel, EVENTS_KEPT, LOG_KEPT, clockTime } from './model';

const step = (seq: number, extra: Partial<TraceEvent> = {}) =>
  ({ seq, t: seq, kind: 'ws.route', from: 'gateway', to: 'gateway', summary: '', ...extra }) as TraceEvent;
const log = (seq: number, text: string) =>
  step(seq, { kind: 'lambda.log', functionName: 'fn', level: 'log', text } as Partial<TraceEvent>);

describe("the admin page's model of the trace stream", () => {
  it('skips events a resumed stream sends again and keeps handler log lines apart', () => {
    const m = new AdminModel();
    expect(m.add(step(1))).toBe(true);
    expect(m.add(log(2, 'hello'))).toBe(true);
    expect(m.add(step(2))).toBe(false);
    expect(m.events.map((e) => e.seq)).toEqual([1, 2]);
    expect(m.log).toEqual([{ seq: 2, t: 2, functionName: 'fn', level: 'log', text: 'hello' }]);
  });

  it('stays bounded in a long-running room', () => {
    const m = new AdminModel();
    for (let i = 1; i <= EVENTS_KEPT * 3; i++) m.add(i % 2 ? step(i) : log(i, `line ${i}`));
    expect(m.events.length).toBeLessThanOrEqual(EVENTS_KEPT * 1.25);
    expect(m.events.at(-1)?.seq).toBe(EVENTS_KEPT * 3);
    expect(m.log.length).toBeLessThanOrEqual(LOG_KEPT * 1.25);
    expect(m.log.at(-1)?.text).toBe(`line ${EVENTS_KEPT * 3}`);
  });

  it('lists connections oldest first and prints times as the console does', () => {
    const m = new AdminModel();
    const row = (id: string, connectedAt: number) => ({
      connectionId: id,
      connectedAt,
      lastActiveAt: connectedAt,
      sourceIp: '127.0.0.1',
      clientName: 'x',
      userAgent: '',
    });
    m.setConnections([row('b', 2), row('a', 1)]);
    expect(m.connections.map((c) => c.connectionId)).toEqual(['a', 'b']);
    expect(clockTime(Date.UTC(2026, 0, 1, 9, 5, 7, 42))).toBe('09:05:07.042');
    expect(clockTime(Number.NaN)).toBe('');
  });
});
