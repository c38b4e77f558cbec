/** The three definition validators behind one entry, loaded lazily by DefinitionCheck. */
import { validateHttpDefinition } from '../gateway';
import { validateRestDefinition } from '../gateway';
import { validateWebSocketDefinition } from '../gateway';

/** Picks the validator by `protocolType`, as Deploy does (services-impl). */
export function validateAnyDefinition(input: unknown) {
  const type = input && typeof input === 'object' ? (input as { protocolType?: unknown }).protocolType : undefined;
  if (type === 'HTTP') return validateHttpDefinition(input);
  if (type === 'REST') return validateRestDefinition(input);
  return validateWebSocketDefinition(input);
}
