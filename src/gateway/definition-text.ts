/**
 * Small helpers the three definition validators share to name fields and describe bad values
 * in their messages (`routes["sendmessage"].integration.function: expected a string, got an
 * object`).
 */

export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A name as it appears in a message: JSON-quoted. */
export function q(s: string): string {
  return JSON.stringify(s);
}

/** `parent["k"]`: a map entry's path. */
export function key(parent: string, k: string): string {
  return `${parent}[${q(k)}]`;
}

/** `path.k` (or `k` at the top). */
export function join(path: string, k: string): string {
  return path ? `${path}.${k}` : k;
}

/** What a wrong value is, in a few words. */
export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return `the string ${q(v.length > 40 ? v.slice(0, 40) + '…' : v)}`;
  return typeof v === 'object' ? 'an object' : `${typeof v} ${String(v)}`;
}

export function listOrNone(names: string[]): string {
  return names.length ? names.join(', ') : 'none defined';
}
