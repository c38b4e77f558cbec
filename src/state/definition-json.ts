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
  for (const k of Object.keys(target)) delete target[k];
  Object.assign(target, structuredClone(next));
  return null;
}
