import { describe, expect, it } from 'vitest';
import { TraceLog, type TraceEvent, type TraceInput } from '../gateway';
import { foldIntoSummary, summaryText } from './trace-summary';

function events(inputs: TraceInput[]): TraceEvent[] {
  let t = Date.UTC(2026, 11, 7, 10, 0, 0);
  const log = new TraceLog({ now: () => (t += 30_000), apiId: 'abc1234567', stage: 'dev' });
  return inputs.map((i) => log.append(i));
}

const base = { from: 'gateway', to: 'gateway', summary: 's' } as const;

describe('the summary of events the trace no longer keeps', () => {
  it('counts connections, frames, invocations and their failures, requests and @connections calls, and the time span', () => {
    const batch = events([
      { ...base, kind: 'ws.handshake', status: 101, accepted: true, headers: {} },
      { ...base, kind: 'ws.handshake', status: 403, accepted: false, headers: {} },
      { ...base, kind: 'ws.frame.in', opcode: 'text', size: 2, text: 'hi' },
      { ...base, kind: 'lambda.invoke', functionName: 'f', routeKey: '$default', eventType: 'MESSAGE', event: {} },
      { ...base, kind: 'lambda.log', functionName: 'f', level: 'INFO', text: 'x' } as unknown as TraceInput,
      {
        ...base,
        kind: 'lambda.result',
        functionName: 'f',
        outcome: 'timeout',
        durationMs: 3000,
      } as unknown as TraceInput,
    ]);
    const more = events([
      { ...base, kind: 'mgmt.request', operation: 'PostToConnection', target: 'c1' } as unknown as TraceInput,
      {
        ...base,
        kind: 'http.request',
        method: 'GET',
        path: '/',
        query: '',
        headers: {},
        bodySize: 0,
        bodyPreview: '',
      } as unknown as TraceInput,
    ]);
    const s = foldIntoSummary(foldIntoSummary(null, batch), more);
    expect(s).toMatchObject({
      events: 8,
      steps: 7,
      connections: 1,
      framesIn: 1,
      invocations: 1,
      failed: 1,
      requests: 1,
      managementCalls: 1,
      from: Date.UTC(2026, 11, 7, 10, 0, 30),
      to: Date.UTC(2026, 11, 7, 10, 3, 0),
    });
    expect(summaryText(s)).toBe(
      '7 steps no longer kept (10:00:30–10:03:00 UTC): 1 connection, 1 frame in, 1 invocation (1 failed), 1 HTTP request, 1 @connections call',
    );
  });

  it('folds without changing the summary it was given', () => {
    const first = foldIntoSummary(
      null,
      events([{ ...base, kind: 'ws.close', code: 1000, reason: '', initiator: 'client' } as unknown as TraceInput]),
    );
    const copy = { ...first };
    foldIntoSummary(
      first,
      events([{ ...base, kind: 'ws.frame.out', size: 1, text: 'x', cause: 'route-response' } as unknown as TraceInput]),
    );
    expect(first).toEqual(copy);
    expect(summaryText(first)).toMatch(/^1 step no longer kept \(.*\): 1 close$/);
  });
});
