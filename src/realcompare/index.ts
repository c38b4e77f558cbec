/**
 * "Compare with the simulator" (real mode): the learner's client steps, read off the real-mode
 * trace, replayed against a fresh simulator deployment and against the real endpoint; what came
 * back is normalised (ids, times, hosts) and lined up, and every difference is listed, labelled
 * when it is a documented known difference. Pure TypeScript apart from the page's WebSocket and
 * fetch handed to `browserTarget`; the page's state is src/state/real-compare.svelte.ts.
 */
export { stepsFromTrace, endpointOf } from './steps';
export { compareRuns, type Comparison } from './align';
export { replay, engineTarget, browserTarget } from './replay';
