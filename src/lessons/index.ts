/**
 * Lessons: the format (./types.ts), the loader (./lesson.ts), checks as data run against an
 * isolated gateway or the learner's own trace (./runner.ts, ./evaluate.ts). Pure TypeScript
 * except ./bundled.ts (Vite's import.meta.glob) and ./node.ts (the Node invoker for CI).
 */
export type * from './types';
export { STEP_KINDS, EXPECTATION_KINDS } from './types';
export { parseLesson, loadCourse, loadCourseOrThrow, lessonFiles, formatProblem, LessonLoadError, API_FILE } from './lesson';
export { parseChecks } from './checks-format';
export { parseFrontMatter, splitMermaid } from './markdown';
export { matches, explain, validatePattern, type PatternContext } from './pattern';
export {
  evaluateExpectations,
  describeExpectation,
  showPattern,
  type ActionRecord,
  type EvaluationInput,
  type ExpectationResult,
} from './evaluate';
export {
  runScenarioCheck,
  runChecks,
  evaluateLearnerTrace,
  describeStep,
  type CheckResult,
  type InvokerFactory,
  type InvokerFactoryOptions,
  type LearnerSession,
  type RunOptions,
} from './runner';
