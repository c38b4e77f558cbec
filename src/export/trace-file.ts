/**
 * The trace as a file: written for download, read back (strictly) for replay.
 *
 * The file is `TraceLog.toJSON()`'s shape (`{ v, events }`, src/gateway/core/trace.ts) with a
 * few fields around it: a format name, when it was exported, whether it is a real endpoint's
 * observed trace, and how many earlier events (and drawn steps) the page had already dropped
 * (it keeps a bounded window of a long session), so a reader knows the file starts mid-way.
 * A file holding only `{ v, events }` (a trace saved from the engine itself) is read too.
 *
 * Reading never trusts the file: its size, its version, every event's kind and fields are
 * checked, and the first problem is reported naming where it is ("event 12 (seq 40): …").
 */
import { TRACE_VERSION, type TraceEvent } from '../gateway';
import { traceEventProblem } from './trace-schema';

export const TRACE_FILE_FORMAT = 'api-gateway-playground-trace';

/** A trace file larger than this is refused before it is read (the page keeps ~11,000 events). */
export const MAX_TRACE_FILE_BYTES = 32 * 1024 * 1024;

/** At most this many events are imported (more than the page ever keeps). */
export const MAX_TRACE_EVENTS = 20_000;

export interface TraceFile {
  format: typeof TRACE_FILE_FORMAT;
  v: typeof TRACE_VERSION;
  /** ISO 8601. */
  exportedAt: string;
  /** A real endpoint's trace: only what the clients saw. */
  observedFromClient: boolean;
  /** Events before the first one here that the page no longer kept when it was exported. */
  droppedEvents: number;
  /** The drawn steps among them (a `lambda.log` line is not a step). */
  droppedSteps: number;
  events: TraceEvent[];
}

export interface TraceFileMeta {
  exportedAt: Date;
  observedFromClient?: boolean;
  dropped?: { events: number; steps: number };
}

/**
 * The file's text: its fields on the first lines and one event per line, so a long trace stays
 * readable in an editor and diffs line by line.
 */
export function writeTraceFile(events: readonly TraceEvent[], meta: TraceFileMeta): string {
  const head: Omit<TraceFile, 'events'> = {
    format: TRACE_FILE_FORMAT,
    v: TRACE_VERSION,
    exportedAt: meta.exportedAt.toISOString(),
    observedFromClient: meta.observedFromClient ?? false,
    droppedEvents: meta.dropped?.events ?? 0,
    droppedSteps: meta.dropped?.steps ?? 0,
  };
  const fields = Object.entries(head).map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)},`);
  const lines = events.map((e, i) => `    ${JSON.stringify(e)}${i < events.length - 1 ? ',' : ''}`);
  return ['{', ...fields, '  "events": [', ...lines, '  ]', '}', ''].join('\n');
}

export type TraceFileResult = { ok: true; file: TraceFile } | { ok: false; error: string };

const count = new Intl.NumberFormat('en');

/** "12.5 MB": a size for a message. */
function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** The reason a file of `bytes` is too large to import, or null. Checked before reading it. */
export function traceFileSizeProblem(bytes: number): string | null {
  return bytes > MAX_TRACE_FILE_BYTES
    ? `The file is ${megabytes(bytes)}; a trace file can be at most ${megabytes(MAX_TRACE_FILE_BYTES)}.`
    : null;
}

const TOP_LEVEL = new Set([
  'format',
  'v',
  'exportedAt',
  'observedFromClient',
  'droppedEvents',
  'droppedSteps',
  'events',
]);

const fail = (error: string): TraceFileResult => ({ ok: false, error });

const isCount = (x: unknown) => Number.isSafeInteger(x) && (x as number) >= 0;

/**
 * Reads a trace file's text. Refuses, naming the first problem: a file that is too large, not
 * JSON, not a trace, of another trace version, with too many events, or with any event that is
 * not exactly an event this version writes (its kind, every field, seqs in increasing order).
 */
export function parseTraceFile(text: string): TraceFileResult {
  const size = traceFileSizeProblem(text.length);
  if (size) return fail(size);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return fail(`The file is not valid JSON: ${(e as Error).message}`);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc) || !('events' in doc))
    return fail('The file is not a trace: expected an object with "v" and "events".');
  const d = doc as Record<string, unknown>;
  if (d.format !== undefined && d.format !== TRACE_FILE_FORMAT)
    return fail(`The file is not a trace: "format" is ${JSON.stringify(String(d.format).slice(0, 60))}.`);
  if (d.v !== TRACE_VERSION) {
    const v = d.v === undefined ? 'missing' : JSON.stringify(d.v)?.slice(0, 20);
    return fail(`Unsupported trace version ${v}: this playground reads version ${TRACE_VERSION}.`);
  }
  const extra = Object.keys(d).find((k) => !TOP_LEVEL.has(k));
  if (extra !== undefined) return fail(`The file has a field a trace file does not have: "${extra.slice(0, 40)}".`);
  if (d.exportedAt !== undefined && (typeof d.exportedAt !== 'string' || Number.isNaN(Date.parse(d.exportedAt))))
    return fail('"exportedAt" must be a date (ISO 8601).');
  if (d.observedFromClient !== undefined && typeof d.observedFromClient !== 'boolean')
    return fail('"observedFromClient" must be true or false.');
  for (const k of ['droppedEvents', 'droppedSteps'] as const)
    if (d[k] !== undefined && !isCount(d[k])) return fail(`"${k}" must be a whole number, 0 or more.`);
  if (!Array.isArray(d.events)) return fail('"events" must be an array of trace events.');
  if (d.events.length > MAX_TRACE_EVENTS)
    return fail(
      `The trace has ${count.format(d.events.length)} events; at most ${count.format(MAX_TRACE_EVENTS)} can be imported.`,
    );
  let previous = -Infinity;
  for (const [i, e] of d.events.entries()) {
    const seq = typeof e === 'object' && e !== null && Number.isSafeInteger(e.seq) ? ` (seq ${e.seq})` : '';
    const problem = traceEventProblem(e);
    if (problem) return fail(`event ${i + 1}${seq}: ${problem}`);
    const event = e as TraceEvent;
    if (event.seq <= previous)
      return fail(`event ${i + 1}${seq}: "seq" must be greater than the event before's (${previous}).`);
    previous = event.seq;
  }
  return {
    ok: true,
    file: {
      format: TRACE_FILE_FORMAT,
      v: TRACE_VERSION,
      exportedAt: (d.exportedAt as string | undefined) ?? '',
      observedFromClient: (d.observedFromClient as boolean | undefined) ?? false,
      droppedEvents: (d.droppedEvents as number | undefined) ?? 0,
      droppedSteps: (d.droppedSteps as number | undefined) ?? 0,
      events: d.events as TraceEvent[],
    },
  };
}
