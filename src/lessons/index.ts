/**
 * Lessons: the format (./types.ts), the loader (./lesson.ts), checks as data run against an
 * isolated gateway or the learner's own trace (./runner.ts, ./evaluate.ts). Pure TypeScript
 * except ./bundled.ts (Vite's import.meta.glob) and ./node.ts (the Node invoker for CI).
 */
export type * from './types';
export { runChecks, type CheckResult, type LearnerSession } from './runner';
