/**
 * The whole API definition as JSON (api.json), edited as text beside the forms: both change the
 * same definition, so a field no form shows (an integration's timeoutInMillis, a REST method's
 * requestModels or mapping templates, the endpoint type, WebSocket authorizers, tables) can be
 * set. The API type stays: switching it is the header's job (it loads that type's example).
 */
import type { ApiDefinition } from '../gateway';

/**
 * Replaces `def`'s content with `value` in place (one workspace edit). Returns why it was refused,
 * or null. Validation problems of the new content are the definition check's to show, as for a form.
 */
export function replaceDefinition(def: ApiDefinition, value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return 'The definition is a JSON object ({ "protocolType": …, … }).';
  const next = value as Record<string, unknown>;
  if (next.protocolType !== def.protocolType)
    return `protocolType stays ${JSON.stringify(def.protocolType)} here: to use another API type, switch it in the header.`;
  const target = def as unknown as Record<string, unknown>;
  const shape = shapeProblem(target, next);
  if (shape) return shape;
  for (const k of Object.keys(target)) delete target[k];
  Object.assign(target, structuredClone(next));
  return null;
}

const kindOf = (v: unknown) =>
  v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v === 'object' ? 'an object' : typeof v;

/**
 * The forms read the definition's collections as they are (routes, functions, tables, … keyed by
 * name, each entry an object): a field the new text keeps must keep its JSON kind, or the forms
 * would throw (`"routes": 5` took the page to its recovery screen). What a field holds beyond
 * that is the definition check's to report.
 */
function shapeProblem(current: Record<string, unknown>, next: Record<string, unknown>): string | null {
  for (const [k, was] of Object.entries(current)) {
    const now = next[k];
    if (now === undefined || was === null || typeof was !== 'object') continue;
    if (kindOf(now) !== kindOf(was)) return `"${k}" must be ${kindOf(was)}, as it is now; got ${kindOf(now)}.`;
    if (Array.isArray(was)) continue;
    const entries = Object.values(was);
    if (!entries.length || !entries.every((e) => kindOf(e) === 'an object')) continue;
    for (const [name, entry] of Object.entries(now as Record<string, unknown>))
      if (kindOf(entry) !== 'an object') return `"${k}"."${name}" must be an object; got ${kindOf(entry)}.`;
  }
  return null;
}
