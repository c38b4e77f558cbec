/**
 * The "REST vs HTTP vs WebSocket" comparison: one workload run three ways on isolated engine
 * instances, with the figures (connections, handshakes, bytes, latency, wasted polls, counts,
 * monthly cost) measured from the run. Pure TypeScript: runs in Node tests and on the page.
 *
 * ```ts
 * import { runComparison, WORKLOADS, DEFAULT_INPUTS } from './compare';
 * const result = await runComparison(WORKLOADS.chat, { ...DEFAULT_INPUTS, pollIntervalS: 2 });
 * for (const a of result.approaches) console.log(a.label, a.bytes.total, a.latency.meanMs, a.cost.totalUsd);
 * ```
 */
export { runComparison, DEFAULT_INPUTS } from './compare';
export { WORKLOADS } from './workloads';
export type * from './types';
