/**
 * HMAC-SHA256 (RFC 2104), used only to MINT "HS256" tokens so learners can watch the HTTP API JWT
 * authorizer reject them: it supports RSA keys only (DG http-api-jwt-authorizer). Never used to verify.
 */

import { concatBytes } from './bytes';
import { sha256 } from './sha256';

/** HMAC-SHA256(key, message) (RFC 2104 with B = 64). */
export function hmacSha256(key: Uint8Array, message: Uint8Array): Uint8Array {
  const block = new Uint8Array(64);
  block.set(key.length > 64 ? sha256(key) : key);
  const ipad = block.map((b) => b ^ 0x36);
  const opad = block.map((b) => b ^ 0x5c);
  return sha256(concatBytes(opad, sha256(concatBytes(ipad, message))));
}
