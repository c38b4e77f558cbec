/**
 * The timeline's steps over a trace: which events are steps, where a cursor falls, and how long
 * playback waits between two steps. Pure: the cursor is a trace `seq` (stable while events
 * arrive), the position shown is a 1-based step number counted from the trace's start.
 *
 * A step is what the diagram draws: every event but a `lambda.log` line (a log line belongs to its
 * invocation's result arrow, src/diagram/sequence.ts), so "step 12 of 40" means the same in the
 * timeline, the diagram's header and the event table.
 */
import type { TraceEvent } from '../gateway';

/** Drawn steps are every event but the function's log lines. */
export function isStep(e: TraceEvent): boolean {
  return e.kind !== 'lambda.log';
}

/** The steps among `events`, in order. */
export function stepsOf(events: readonly TraceEvent[]): TraceEvent[] {
  return events.filter(isStep);
}

/**
 * The index of the last item whose `seq` is at most `seq` (-1 when none). `items` are in `seq`
 * order, as the trace keeps them; a binary search, since it runs for every cursor move over
 * traces of ten thousand events.
 */
export function lastAtOrBefore(items: readonly { seq: number }[], seq: number): number {
  let lo = 0;
  let hi = items.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (items[mid]!.seq <= seq) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** The trace as it was when the step `seq` happened: every event up to it (log lines included). */
export function eventsThrough(events: readonly TraceEvent[], seq: number): readonly TraceEvent[] {
  const i = lastAtOrBefore(events, seq);
  return i === events.length - 1 ? events : events.slice(0, i + 1);
}

/** "step 12 of 40" (the slider's value text and the bar's label). */
export function stepText(position: number, total: number): string {
  return total ? `step ${position} of ${total}` : 'no steps yet';
}

/** Playback speeds offered, as multiples of the 1× pace. */
export const SPEEDS = [0.25, 0.5, 1, 2, 4] as const;
export type Speed = (typeof SPEEDS)[number];

/** At 1×: every step shows at least this long, and no gap between two steps lasts longer. */
export const PLAY_MIN_MS = 400;
export const PLAY_MAX_MS = 2000;

/**
 * How long playback stays on a step before the next, in real ms: the virtual time between the two
 * events (what the engine's clock saw) added to a floor, so steps that happened in the same
 * millisecond are still seen one by one; capped, so a long gap (a fast-forwarded idle timeout, a
 * pause between two clicks) does not stall the replay; divided by the speed.
 */
export function playDelay(fromT: number, toT: number, speed: number): number {
  const gap = Number(toT) - Number(fromT);
  const virtual = Number.isFinite(gap) && gap > 0 ? gap : 0;
  const rate = Number.isFinite(speed) && speed > 0 ? speed : 1;
  return Math.min(PLAY_MAX_MS, PLAY_MIN_MS + virtual) / rate;
}
