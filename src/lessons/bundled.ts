/**
 * The course shipped with the site: every file under /lessons, imported as text by Vite and
 * loaded with the pure loader. The only file here that knows about the bundler.
 *
 * The texts are bundled eagerly into this module's chunk (about a hundred small files, so one
 * request beats a hundred): import this module dynamically (`await import('…/bundled')`) so
 * the course stays out of the first load.
 */
import { loadCourse } from './lesson';
import type { Course, LoadResult } from './types';

const LESSON_FILES = import.meta.glob('/lessons/**/*', { query: '?raw', import: 'default', eager: true }) as Record<
  string,
  string
>;

/** The bundled lesson files: `lessons/01-…/index.md` → text. */
export async function bundledLessonFiles(): Promise<Record<string, string>> {
  return Object.fromEntries(Object.entries(LESSON_FILES).map(([path, text]) => [path.replace(/^\//, ''), text]));
}

/** The bundled course (a build-time mistake is reported, naming the file and field). */
export async function loadBundledCourse(): Promise<LoadResult<Course>> {
  return loadCourse(await bundledLessonFiles());
}
