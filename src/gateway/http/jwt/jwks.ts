/**
 * The playground IdP's JSON Web Key Set and issuer. An HTTP API JWT authorizer is configured with
 * an issuer and fetches the keys from its `jwks_uri` (DG http-api-jwt-authorizer). The page fetches
 * nothing: the issuer is only a name, and the key set is this constant. The local gateway can find
 * keys by OpenID discovery instead (./discovery.ts).
 */

import { OTHER_IDP_KID, PLAYGROUND_KID, PLAYGROUND_N } from './keys';

/** A public RSA JWK as published in a JWKS (RFC 7517 §4, RFC 7518 §6.3.1). */
export interface Jwk {
  readonly kty: string;
  readonly kid?: string;
  readonly use?: string;
  readonly alg?: string;
  readonly n?: string;
  readonly e?: string;
}

/** A JWK Set (RFC 7517 §5). */
export interface Jwks {
  readonly keys: readonly Jwk[];
}

/** The issuer (`iss`) of playground tokens; a name under .example (RFC 2606), never resolved. */
export const PLAYGROUND_ISSUER = 'https://auth.playground.example/';

/** The default audience (`aud`) of minted tokens, and a sensible authorizer audience. */
export const PLAYGROUND_AUDIENCE = 'playground-client';

/** The kids of the trusted playground key and of the untrusted second IdP's key (not in PLAYGROUND_JWKS). */
export { OTHER_IDP_KID, PLAYGROUND_KID };

/** The public half of the playground key: what the authorizer trusts. */
export const PLAYGROUND_JWKS: Jwks = {
  keys: [
    {
      kty: 'RSA',
      kid: PLAYGROUND_KID,
      use: 'sig',
      alg: 'RS256',
      n: PLAYGROUND_N,
      e: 'AQAB',
    },
  ],
};
