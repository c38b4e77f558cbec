/**
 * Lesson progress as saved in localStorage and exported as a JSON file: which checks of which
 * lesson have passed at least once. Plain TypeScript (unit-tested in Node). A file brought in
 * by "Import progress" is untrusted: it is validated field by field and the first problem is
 * named, so a learner who edited it by hand can see what to fix.
 */

/**
 * Schema history:
 * 1. `{ schema: 1, lessons: { <slug>: { passed: string[], completedAt?: number, revealed?: boolean } } }`.
 */
export const PROGRESS_SCHEMA = 1 as const;

export interface LessonProgress {
  /** Ids of the checks that have passed at least once (a later failure does not take it back). */
  passed: string[];
  /** Epoch ms when every check had passed once. */
  completedAt?: number;
  /** The learner looked at the solution. */
  revealed?: boolean;
}

export interface Progress {
  schema: typeof PROGRESS_SCHEMA;
  lessons: Record<string, LessonProgress>;
}

export function emptyProgress(): Progress {
  return { schema: PROGRESS_SCHEMA, lessons: {} };
}

/** Same base-path namespace as the workspace (two deployments on one domain keep apart). */
export function progressKey(basePath: string): string {
  return `apigw-playground:${basePath}:lessons.progress`;
}

/** Where a lesson keeps the learner's own version while the solution is shown. */
export function mineKey(basePath: string, slug: string): string {
  return `apigw-playground:${basePath}:lesson:${slug}:mine`;
}

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export type ParseResult = { ok: true; progress: Progress } | { ok: false; error: string };

/** Reads saved or imported progress; the error names the field that is wrong. */
export function parseProgress(text: string): ParseResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `the file is not JSON (${(e as Error).message})` };
  }
  return checkProgress(raw);
}

export function checkProgress(raw: unknown): ParseResult {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { ok: false, error: 'expected a JSON object' };
  const doc = raw as Record<string, unknown>;
  if (doc.schema === undefined) return { ok: false, error: '"schema" is missing (this is not a progress file)' };
  if (doc.schema !== PROGRESS_SCHEMA) {
    return {
      ok: false,
      error:
        typeof doc.schema === 'number' && doc.schema > PROGRESS_SCHEMA
          ? `"schema" is ${doc.schema}, newer than this site understands (${PROGRESS_SCHEMA})`
          : `"schema" must be ${PROGRESS_SCHEMA}, got ${JSON.stringify(doc.schema)}`,
    };
  }
  const lessons = doc.lessons;
  if (!lessons || typeof lessons !== 'object' || Array.isArray(lessons)) {
    return { ok: false, error: '"lessons" must be an object of lesson slug → progress' };
  }
  const out: Record<string, LessonProgress> = {};
  for (const [slug, value] of Object.entries(lessons as Record<string, unknown>)) {
    const at = `lessons.${slug}`;
    if (!SLUG.test(slug)) return { ok: false, error: `${JSON.stringify(slug)} is not a lesson slug (kebab-case)` };
    if (!value || typeof value !== 'object' || Array.isArray(value))
      return { ok: false, error: `${at} must be an object` };
    const v = value as Record<string, unknown>;
    if (!Array.isArray(v.passed)) return { ok: false, error: `${at}.passed must be a list of check ids` };
    const passed: string[] = [];
    for (let i = 0; i < v.passed.length; i++) {
      const id: unknown = v.passed[i];
      if (typeof id !== 'string' || !SLUG.test(id)) return { ok: false, error: `${at}.passed[${i}] is not a check id` };
      if (!passed.includes(id)) passed.push(id);
    }
    const p: LessonProgress = { passed };
    if (v.completedAt !== undefined) {
      if (typeof v.completedAt !== 'number' || !Number.isFinite(v.completedAt)) {
        return { ok: false, error: `${at}.completedAt must be a time in milliseconds` };
      }
      p.completedAt = v.completedAt;
    }
    if (v.revealed !== undefined) {
      if (typeof v.revealed !== 'boolean') return { ok: false, error: `${at}.revealed must be true or false` };
      p.revealed = v.revealed;
    }
    out[slug] = p;
  }
  return { ok: true, progress: { schema: PROGRESS_SCHEMA, lessons: out } };
}

/**
 * Records the checks that passed now. `checkIds` are all of the lesson's checks: once each has
 * passed at least once the lesson is complete (✓ in the table of contents).
 */
export function recordPassed(
  progress: Progress,
  slug: string,
  passedNow: readonly string[],
  checkIds: readonly string[],
  now: number,
): Progress {
  const before = progress.lessons[slug] ?? { passed: [] };
  const passed = [...before.passed];
  for (const id of passedNow) if (!passed.includes(id)) passed.push(id);
  const next: LessonProgress = { ...before, passed };
  if (next.completedAt === undefined && checkIds.length > 0 && checkIds.every((id) => passed.includes(id))) {
    next.completedAt = now;
  }
  return { ...progress, lessons: { ...progress.lessons, [slug]: next } };
}

export function markRevealed(progress: Progress, slug: string): Progress {
  const before = progress.lessons[slug] ?? { passed: [] };
  return { ...progress, lessons: { ...progress.lessons, [slug]: { ...before, revealed: true } } };
}

export function isComplete(progress: Progress, slug: string): boolean {
  return progress.lessons[slug]?.completedAt !== undefined;
}

/** Imported progress adds to what is here: nothing already passed is lost. */
export function mergeProgress(into: Progress, from: Progress): Progress {
  const lessons = { ...into.lessons };
  for (const [slug, p] of Object.entries(from.lessons)) {
    const a = lessons[slug] ?? { passed: [] };
    const passed = [...a.passed, ...p.passed.filter((id) => !a.passed.includes(id))];
    const merged: LessonProgress = { passed };
    const completedAt = a.completedAt ?? p.completedAt;
    if (completedAt !== undefined) merged.completedAt = completedAt;
    if (a.revealed || p.revealed) merged.revealed = true;
    lessons[slug] = merged;
  }
  return { schema: PROGRESS_SCHEMA, lessons };
}
