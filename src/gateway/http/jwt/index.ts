/** Pure-TS JWT support for the HTTP API JWT authorizer (no WebCrypto: works on plain-http origins). */

export { PLAYGROUND_AUDIENCE, PLAYGROUND_ISSUER, PLAYGROUND_JWKS, type Jwks } from './jwks';
export { mintTestToken, verifyJwt, type MintTestTokenOptions } from './jwt';
export {
  discoveryKeySource,
  staticKeySource,
  type DiscoveryOptions,
  type JwtFetch,
  type JwtKeySource,
  type KeyLookup,
} from './discovery';
