/**
 * Opt-in measurement hooks for `npm run bench` (bench/run.mjs opens the built site with
 * `?instrument`). Off by default: nothing is recorded in a normal session.
 */
export interface Instrumentation {
  /** performance.now() when each trace event (by seq) reached the UI state. */
  appended: Map<number, number>;
  /** performance.now() when MSW finished starting. */
  mswStartedAt?: number;
}

function create(): Instrumentation | null {
  if (typeof location === 'undefined' || !new URLSearchParams(location.search).has('instrument')) return null;
  const hooks: Instrumentation = { appended: new Map() };
  (globalThis as { __agpInstrument?: Instrumentation }).__agpInstrument = hooks;
  return hooks;
}

export const instrument: Instrumentation | null = create();
