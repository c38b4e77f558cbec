/**
 * The parts of the gateway the page loads after the first paint, behind one dynamic import.
 * Importing `../gateway` itself dynamically would make its whole public entry a chunk of its
 * own, which the first paint's static imports (a clock, a registry) would then load in full.
 */
export { mintTestToken, validateDefinition } from '../gateway';
