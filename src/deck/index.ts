/**
 * A trainer's deck: the file format and its checks (schema.ts), where each step leads and the
 * links for the room (links.ts), deck links (load.ts). Pure apart from the payload codec; the
 * page loads it when a deck is opened. QR codes (qr.ts) load on their own, later still.
 */
export * from './schema';
export * from './links';
export * from './load';
