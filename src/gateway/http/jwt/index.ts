/** Pure-TS JWT support for the HTTP API JWT authorizer (no WebCrypto: works on plain-http origins). */

export { sha256 } from './sha256';
export { hmacSha256 } from './hmac';
export {
  emsaPkcs1v15Sha256,
  modPow,
  rsaPrivateKeyFromJwk,
  rsaPublicKeyFromJwk,
  rsaSign,
  rsaVerify,
  type RsaPrivateKey,
  type RsaPublicKey,
} from './rsa';
export { OTHER_IDP_PRIVATE_JWK, PLAYGROUND_PRIVATE_JWK, type RsaPrivateJwk } from './keys';
export {
  OTHER_IDP_KID,
  PLAYGROUND_AUDIENCE,
  PLAYGROUND_ISSUER,
  PLAYGROUND_JWKS,
  PLAYGROUND_KID,
  type Jwk,
  type Jwks,
} from './jwks';
export {
  decodeJwt,
  jwtWwwAuthenticate,
  mintTestToken,
  scopesOf,
  verifyJwt,
  type DecodedJwt,
  type JwtFailureReason,
  type JwtHeader,
  type JwtVerifyResult,
  type MintTestTokenOptions,
  type VerifyJwtOptions,
} from './jwt';
