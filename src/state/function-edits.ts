/**
 * Edits of the Lambda functions an API definition declares (the Functions section, shown for
 * every API type): add, remove, handler and timeout, environment variables, and following a
 * renamed handler file. Pure functions applied through `Workspace.editDefinition`; full
 * validation (handler names, reserved environment variables) happens at Deploy.
 */
import type { ApiDefinition, FunctionDefinition } from '../gateway';

/** Adds a function whose handler is `handler` exported by `file`; refused when the name is unusable or taken. */
export function addFunction(def: ApiDefinition, name: string, file: string): string | null {
  const n = name.trim();
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(n)) return 'Function names use letters, digits, - and _ (up to 64).';
  def.functions ??= {};
  if (n in def.functions) return `A function "${n}" already exists.`;
  def.functions[n] = { handler: `${moduleOf(file)}.handler`, timeout: 3, environment: {} };
  return null;
}

export function removeFunction(def: ApiDefinition, name: string): void {
  if (def.functions?.[name]) delete def.functions[name];
}

export function updateFunction(
  def: ApiDefinition,
  name: string,
  patch: Partial<Pick<FunctionDefinition, 'handler' | 'timeout'>>,
): void {
  const fn = def.functions?.[name];
  if (!fn) return;
  if (patch.handler !== undefined) fn.handler = patch.handler;
  if (patch.timeout !== undefined) fn.timeout = patch.timeout;
}

/** Replaces a function's environment variables (keys trimmed; empty keys dropped). */
export function setFunctionEnvironment(def: ApiDefinition, name: string, entries: [string, string][]): void {
  const fn = def.functions?.[name];
  if (!fn) return;
  const env: Record<string, string> = {};
  for (const [k, v] of entries) if (k.trim()) env[k.trim()] = v;
  fn.environment = env;
}

/** A file was renamed: handler specs that pointed at it follow (`old.handler` → `new.handler`). */
export function renameHandlerFile(def: ApiDefinition, from: string, to: string): void {
  const oldModule = moduleOf(from);
  const newModule = moduleOf(to);
  for (const fn of Object.values(def.functions ?? {})) {
    const dot = fn.handler.lastIndexOf('.');
    if (dot > 0 && fn.handler.slice(0, dot) === oldModule) fn.handler = `${newModule}${fn.handler.slice(dot)}`;
  }
}

/** The module a handler spec names for a file: `lib/db.ts` → `lib/db`. */
function moduleOf(file: string): string {
  return file.replace(/\.(ts|js)$/, '');
}
