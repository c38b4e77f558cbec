import { describe, expect, it } from 'vitest';
import type { TraceEvent, TraceInput } from '../gateway';
import { groupInvocations } from './invocations';

let seq = 0;
function ev(input: TraceInput): TraceEvent {
  return { ...input, v: 1, seq: ++seq, t: 1000 + seq, apiId: 'abc', stage: 'dev' } as TraceEvent;
}

describe('groupInvocations', () => {
  it('groups log lines under their invocation with START/END/REPORT kept as platform lines', () => {
    const events = [
      ev({
        from: 'gateway',
        to: 'integration:onconnect',
        summary: '',
        invocationId: 'i1',
        kind: 'lambda.invoke',
        functionName: 'onconnect',
        routeKey: '$connect',
        eventType: 'CONNECT',
        event: {},
      }),
      ev({
        from: 'gateway',
        to: 'integration:sendmessage',
        summary: '',
        invocationId: 'i2',
        kind: 'lambda.invoke',
        functionName: 'sendmessage',
        routeKey: 'sendmessage',
        eventType: 'MESSAGE',
        event: {},
      }),
      ev({
        from: 'integration:onconnect',
        to: 'integration:onconnect',
        summary: '',
        invocationId: 'i1',
        kind: 'lambda.log',
        functionName: 'onconnect',
        level: 'platform',
        text: 'START RequestId: i1 Version: $LATEST',
      }),
      ev({
        from: 'integration:sendmessage',
        to: 'integration:sendmessage',
        summary: '',
        invocationId: 'i2',
        kind: 'lambda.log',
        functionName: 'sendmessage',
        level: 'log',
        text: 'hello',
      }),
      ev({
        from: 'integration:onconnect',
        to: 'gateway',
        summary: '',
        invocationId: 'i1',
        kind: 'lambda.result',
        functionName: 'onconnect',
        outcome: 'ok',
        durationMs: 4,
      }),
    ];
    const groups = groupInvocations(events);
    expect(groups.map((g) => [g.functionName, g.routeKey, g.eventType, g.outcome])).toEqual([
      ['onconnect', '$connect', 'CONNECT', 'ok'],
      ['sendmessage', 'sendmessage', 'MESSAGE', 'running'],
    ]);
    expect(groups[0].lines).toEqual([{ level: 'platform', text: 'START RequestId: i1 Version: $LATEST', seq: 3 }]);
    expect(groups[1].lines.map((l) => l.text)).toEqual(['hello']);
  });

  it('shows a function timeout with its "Task timed out" line and an integration timeout as such', () => {
    const events = [
      ev({
        from: 'gateway',
        to: 'integration:slow',
        summary: '',
        invocationId: 'i3',
        kind: 'lambda.invoke',
        functionName: 'slow',
        routeKey: '$default',
        eventType: 'MESSAGE',
        event: {},
      }),
      ev({
        from: 'integration:slow',
        to: 'integration:slow',
        summary: '',
        invocationId: 'i3',
        kind: 'lambda.log',
        functionName: 'slow',
        level: 'platform',
        text: '2026-01-15T12:00:03.000Z i3 Task timed out after 3.00 seconds',
      }),
      ev({
        from: 'integration:slow',
        to: 'gateway',
        summary: '',
        invocationId: 'i3',
        kind: 'lambda.result',
        functionName: 'slow',
        outcome: 'timeout',
        durationMs: 3000,
      }),
      ev({
        from: 'gateway',
        to: 'integration:slower',
        summary: '',
        invocationId: 'i4',
        kind: 'lambda.invoke',
        functionName: 'slower',
        routeKey: 'x',
        eventType: 'MESSAGE',
        event: {},
      }),
      ev({
        from: 'gateway',
        to: 'gateway',
        summary: '',
        invocationId: 'i4',
        kind: 'integration.timeout',
        functionName: 'slower',
        timeoutMs: 50,
      }),
      ev({
        from: 'integration:slower',
        to: 'gateway',
        summary: '',
        invocationId: 'i4',
        kind: 'lambda.result',
        functionName: 'slower',
        outcome: 'ok',
        durationMs: 80,
      }),
    ];
    const [slow, slower] = groupInvocations(events);
    expect(slow.outcome).toBe('timeout');
    expect(slow.lines[0].text).toMatch(/Task timed out after 3\.00 seconds/);
    expect(slower.outcome).toBe('integration-timeout');
    expect(slower.error).toMatch(/50 ms/);
  });

  it('shows no duration for a result whose duration is not a finite number', () => {
    const result = (id: string, durationMs: unknown) =>
      ev({
        from: `integration:f`,
        to: 'gateway',
        summary: '',
        invocationId: id,
        kind: 'lambda.result',
        functionName: 'f',
        outcome: 'ok',
        durationMs,
      } as TraceInput);
    const groups = groupInvocations([result('a', '12'), result('b', Infinity), result('c', 7)]);
    expect(groups.map((g) => g.durationMs)).toEqual([undefined, undefined, 7]);
  });
});
