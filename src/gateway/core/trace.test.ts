import { describe, expect, it } from 'vitest';
import { TRACE_VERSION, TraceLog } from './trace';

describe('TraceLog', () => {
  it('gives an event that reserves the log’s fields the same keys, order and values as one that does not', () => {
    const log = () => new TraceLog({ now: () => 1000, apiId: 'abc', stage: 'dev' });
    const plain = log().append({ kind: 'clock.advance', from: 'gateway', to: 'gateway', ms: 5, summary: 's' });
    const reserved = log().append({
      kind: 'clock.advance',
      from: 'gateway',
      to: 'gateway',
      ms: 5,
      summary: 's',
      v: TRACE_VERSION,
      seq: 0,
      t: undefined,
      apiId: '',
      stage: '',
    });
    expect(JSON.stringify(reserved)).toBe(JSON.stringify(plain));
    expect(Object.keys(plain)).toEqual(['kind', 'from', 'to', 'ms', 'summary', 'v', 'seq', 't', 'apiId', 'stage']);
  });

  it('keeps a time the caller gives in its place among the caller’s fields', () => {
    const log = new TraceLog({ now: () => 1000, apiId: 'abc', stage: 'dev' });
    const event = log.append({ kind: 'clock.advance', from: 'gateway', to: 'gateway', ms: 5, summary: 's', t: 7 });
    expect(Object.keys(event)).toEqual(['kind', 'from', 'to', 'ms', 'summary', 't', 'v', 'seq', 'apiId', 'stage']);
    expect(event.t).toBe(7);
  });
});
