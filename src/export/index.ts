/** Exports of the trace and its diagram (pure): the trace file and its strict reader, Markdown, file names. */
export { parseTraceFile, traceFileSizeProblem, writeTraceFile } from './trace-file';
export { numberedSteps, traceMarkdown } from './markdown';
export { exportFileName } from './names';
