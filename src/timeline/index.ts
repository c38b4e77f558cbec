/**
 * Timeline replay over a trace (pure): the steps and the cursor, the clients' frames, the tables
 * and the step details as of any step, the event table's rows and filters. The reactive cursor is
 * src/state/timeline.svelte.ts; nothing here runs learner code: it only reads the trace.
 */
export {
  stepsOf,
  lastAtOrBefore,
  eventsThrough,
  stepText,
  playDelay,
  SPEEDS,
  PLAY_MIN_MS,
  PLAY_MAX_MS,
  type Speed,
} from './steps';
export { framesByClient, type ReplayFrame } from './frames';
export { tablesAt } from './tables';
export { rowsOf, filterRows, filterOptions, type RowFilter, type EventRow } from './rows';
export { detailsOf, type StepDetails } from './details';
