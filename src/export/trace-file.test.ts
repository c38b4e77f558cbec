import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../gateway';
import { chatTrace, MALICIOUS, roomTrace } from '../diagram/fixtures';
import { traceToMermaid } from '../diagram';
import { loadBundledCourse } from '../lessons/bundled';
import { nodeInvokerFactory } from '../lessons/node';
import { runScenarioCheck } from '../lessons/runner';
import { MAX_TRACE_EVENTS, MAX_TRACE_FILE_BYTES, parseTraceFile, writeTraceFile, type TraceFile } from './trace-file';

const exportedAt = new Date('2026-12-07T14:50:00Z');

/** The file's text for `events` with one change made to its parsed form. */
function edited(
  events: readonly TraceEvent[],
  change: (doc: { events: Record<string, unknown>[] } & Record<string, unknown>) => void,
) {
  const doc = JSON.parse(writeTraceFile(events, { exportedAt }));
  change(doc);
  return JSON.stringify(doc);
}

const errorOf = (text: string) => {
  const r = parseTraceFile(text);
  return r.ok ? 'accepted' : r.error;
};

describe('writeTraceFile then parseTraceFile', () => {
  it('reads back exactly the events written, with the version, the export time and what was dropped', () => {
    const chat = chatTrace();
    const events = [...chat, ...roomTrace().map((e) => ({ ...e, seq: e.seq + chat.length }))];
    const text = writeTraceFile(events, {
      exportedAt,
      observedFromClient: true,
      dropped: { events: 120, steps: 100 },
    });
    const r = parseTraceFile(text);
    expect(r).toEqual({
      ok: true,
      file: {
        format: 'api-gateway-playground-trace',
        v: 1,
        exportedAt: '2026-12-07T14:50:00.000Z',
        observedFromClient: true,
        droppedEvents: 120,
        droppedSteps: 100,
        events: JSON.parse(JSON.stringify(events)),
      } satisfies TraceFile,
    });
    // The same diagram, drawn from what was read.
    expect(traceToMermaid((r as { file: TraceFile }).file.events).text).toBe(traceToMermaid(events).text);
  });

  it('writes one event per line, so a long trace reads and diffs line by line', () => {
    const text = writeTraceFile(chatTrace(), { exportedAt });
    expect(text.split('\n').filter((l) => l.startsWith('    {"v":1')).length).toBe(chatTrace().length);
  });

  it("reads the engine's own trace (TraceLog.toJSON: only v and events)", () => {
    const r = parseTraceFile(JSON.stringify({ v: 1, events: chatTrace() }));
    expect(r.ok && r.file.events.length).toBe(chatTrace().length);
  });

  it('keeps hostile text as text: summaries, frames and headers come back byte for byte', () => {
    const events = chatTrace().map((e, i) => ({ ...e, summary: MALICIOUS[i % MALICIOUS.length]! }));
    const r = parseTraceFile(writeTraceFile(events, { exportedAt }));
    expect(r.ok && r.file.events.map((e) => e.summary)).toEqual(events.map((e) => e.summary));
  });

  // Every event the engine writes, on every API type, success and failure paths: the lesson
  // solutions and starts run their checks on real engines (WebSocket, HTTP, REST).
  it(
    'accepts every trace the engine writes in the course: its solutions and its starts',
    { timeout: 180_000 },
    async () => {
      const course = await loadBundledCourse();
      if (!course.ok) throw new Error('the course did not load');
      const kinds = new Set<string>();
      for (const lesson of course.value.lessons) {
        const checks = lesson.checks.filter((c) => c.kind === 'scenario');
        for (const files of [lesson.files.solution, lesson.files.start]) {
          const results = await Promise.all(
            checks.map((c) => runScenarioCheck(c, files, { createInvoker: nodeInvokerFactory })),
          );
          for (const r of results) {
            if (!r.trace.length) continue;
            const parsed = parseTraceFile(writeTraceFile(r.trace, { exportedAt }));
            expect(parsed.ok ? 'ok' : `${lesson.id} ${r.checkId}: ${parsed.error}`).toBe('ok');
            if (parsed.ok) expect(parsed.file.events).toEqual(JSON.parse(JSON.stringify(r.trace)));
            for (const e of r.trace) kinds.add(e.kind);
          }
        }
      }
      // The course reaches most kinds; the rest are covered by the fixtures above.
      expect(kinds.size).toBeGreaterThan(15);
    },
  );
});

describe('parseTraceFile refuses, naming what is wrong', () => {
  const events = chatTrace();

  it.each([
    [
      'a wrong version',
      edited(events, (d) => (d.v = 2)),
      'Unsupported trace version 2: this playground reads version 1.',
    ],
    [
      'no version',
      edited(events, (d) => delete d.v),
      'Unsupported trace version missing: this playground reads version 1.',
    ],
    ['not JSON', '{"v":1,"events":[', /^The file is not valid JSON: /],
    ['not a trace', '[1,2,3]', 'The file is not a trace: expected an object with "v" and "events".'],
    [
      'another format',
      edited(events, (d) => (d.format = 'share-link')),
      'The file is not a trace: "format" is "share-link".',
    ],
    [
      'a field a file does not have',
      edited(events, (d) => (d.script = 'x')),
      'The file has a field a trace file does not have: "script".',
    ],
    [
      'events that are not a list',
      edited(events, (d) => (d.events = {} as never)),
      '"events" must be an array of trace events.',
    ],
    [
      'a negative dropped count',
      edited(events, (d) => (d.droppedEvents = -1)),
      '"droppedEvents" must be a whole number, 0 or more.',
    ],
    [
      'an unknown kind',
      edited(events, (d) => (d.events[11]!.kind = 'ws.teleport')),
      'event 12 (seq 12): unknown kind "ws.teleport"',
    ],
    [
      'a missing field',
      edited(events, (d) => delete d.events[2]!.summary),
      /^event 3 \(seq 3\): \(\w[\w.]*\) "summary" is missing$/,
    ],
    [
      "a kind's field of the wrong type",
      edited(events, (d) => {
        const i = d.events.findIndex((e) => e.kind === 'ws.frame.in');
        d.events[i]!.size = '12';
      }),
      /^event \d+ \(seq \d+\): \(ws\.frame\.in\) "size" must be an integer, not a string$/,
    ],
    [
      'a value outside an enum',
      edited(events, (d) => {
        const i = d.events.findIndex((e) => e.kind === 'ws.close');
        d.events[i]!.initiator = 'alien';
      }),
      /\(ws\.close\) "initiator" must be one of "client", .*, not "alien"$/,
    ],
    [
      'a field the kind does not have',
      edited(events, (d) => (d.events[0]!.onerror = 'alert(1)')),
      /^event 1 \(seq 1\): \(ws\.upgrade\) has a field a ws\.upgrade event does not have: "onerror"$/,
    ],
    [
      'a bad participant',
      edited(events, (d) => (d.events[0]!.from = '<img src=x>')),
      /^event 1 \(seq 1\): \(ws\.upgrade\) "from" must be a participant .*not "<img src=x>"$/,
    ],
    [
      'a header that is not text',
      edited(events, (d) => ((d.events[0]!.headers as Record<string, unknown>).Host = 1)),
      'event 1 (seq 1): (ws.upgrade) "headers" .Host must be a string, not a number',
    ],
    [
      'an unknown difference id',
      edited(events, (d) => (d.events[0]!.unconfirmed = '__proto__')),
      'event 1 (seq 1): (ws.upgrade) "unconfirmed" must name a known difference, not "__proto__"',
    ],
    [
      'seqs out of order',
      edited(events, (d) => (d.events[4]!.seq = 2)),
      'event 5 (seq 2): "seq" must be greater than the event before\'s (4).',
    ],
    [
      'an event of another version',
      edited(events, (d) => (d.events[6]!.v = 0)),
      'event 7 (seq 7): "v" must be 1, not 0',
    ],
    [
      'an event that is not an object',
      edited(events, (d) => (d.events[1] = 'x' as never)),
      'event 2: must be an object, not a string',
    ],
  ])('%s', (_what, text, error) => {
    if (typeof error === 'string') expect(errorOf(text)).toBe(error);
    else expect(errorOf(text)).toMatch(error);
  });

  it('a Lambda event nested deeper than any real one', () => {
    let deep: unknown = {};
    for (let i = 0; i < 100; i++) deep = { a: deep };
    const text = edited(events, (d) => {
      const i = d.events.findIndex((e) => e.kind === 'lambda.invoke');
      d.events[i]!.event = deep;
    });
    expect(errorOf(text)).toMatch(/\(lambda\.invoke\) "event" is nested deeper than 64 levels$/);
  });

  it('a huge file, before parsing it', () => {
    expect(errorOf(' '.repeat(MAX_TRACE_FILE_BYTES + 1))).toBe(
      'The file is 32.0 MB; a trace file can be at most 32.0 MB.',
    );
  });

  it('more events than the page keeps', () => {
    const many = Array.from({ length: MAX_TRACE_EVENTS + 1 }, (_, i) => ({ ...events[0]!, seq: i + 1 }));
    expect(errorOf(JSON.stringify({ v: 1, events: many }))).toBe(
      'The trace has 20,001 events; at most 20,000 can be imported.',
    );
  });
});
