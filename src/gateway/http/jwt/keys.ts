/**
 * The playground's identity provider keys. The playground plays the IdP that an HTTP API JWT
 * authorizer trusts (DG http-api-jwt-authorizer), so it needs a signing key. THESE PRIVATE KEYS
 * ARE PUBLIC BY DESIGN: they ship in the bundle so learners can mint tokens offline. They protect
 * nothing and must never be used outside the playground.
 *
 * Generated once with Node's crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }) and
 * exported as JWK (base64url big-endian integers, RFC 7518 §6.3). Fixed, so shared links and
 * replays verify the same tokens everywhere.
 */

/** An RSA private key in JWK form (RFC 7518 §6.3.2), with the CRT parameters. */
export interface RsaPrivateJwk {
  readonly kty: 'RSA';
  readonly kid: string;
  readonly n: string;
  readonly e: string;
  readonly d: string;
  readonly p: string;
  readonly q: string;
  readonly dp: string;
  readonly dq: string;
  readonly qi: string;
}

/**
 * The kids and the public modulus of the playground key as constants, so the public key set
 * (jwks.ts) is built without reading properties at load time: the modules stay free of side
 * effects, and a bundle that does not use JWT (the sandbox worker) drops them.
 */
export const PLAYGROUND_KID = 'playground-2026';
export const OTHER_IDP_KID = 'other-idp';
export const PLAYGROUND_N =
  'rCgGDAxjoiUKIAh0n6r3bhbUEGxCeIS_YI62uV4b9qceIGm139l1VjEJpbyePIcS7XiiBi5iBY7iaZmzjCn77K1aFO0kUm98' +
  'Q0myXPByPNOK0akE5fkYlRjsvldEjXwZaShNLSpoJcWlJKxE2sGv9YCa8CJ3LrZVxePblCB0kK8sp0sy3KA1tilJWT88NVlF' +
  'N4NbgB18wBcCacm6xn3jse1gc2nVgDsJWvhdcC25tNVoba8o1EmZD8n1ILZE4mHFeBm2Am1s2MEm_phb-DBQgK4pcVigAf1S' +
  'cNQ3GCLgSizU0ZPNSkFWu_RmsUeKeKzDw5EbhpElE-s17QP05hM9ww';

/** The key behind PLAYGROUND_JWKS: tokens it signs verify. */
export const PLAYGROUND_PRIVATE_JWK: RsaPrivateJwk = {
  kty: 'RSA',
  kid: PLAYGROUND_KID,
  n: PLAYGROUND_N,
  e: 'AQAB',
  d:
    'JrRA18iZRcTqB9We0p7PTfLX7nFIaGv_0qeDMR2VT9i2jzb06sSq-pu_vYEwWg9MFBOA6b7XzsQW5wLlOOffeZBnpjjCZ74k' +
    'w8P306lDJaWxmf1T2pgsDKkz4H8iLGTwGZIz96mHDKbov9vzBvNwqdMmAkLdZKUdl4Xowd6iFjzNREjgQMQZ6V7bVaF0Ob1h' +
    'eys_DdRVoPnTzXrsRNgaxtz7pDZHOvb5PTZFihsasKPRYj8vDC8pnMJGUbeK7_OKZlwlFzAxjlZWGGN_BXDilVLkKGjeSe14' +
    'yLtPFEzyfCR2lfJ7PsksvQmAlBMZjJDyUOCY1N6TPjZOvoBBxObnAQ',
  p:
    '4GS_8Wyj8FjxntA41VebHmpCue-di4OKqT9MJW5LUSam2HVOGAfET2ZKTX7J5DOjqdByVbOprjo3WtUA6iCkxY5XzxwSgnPq' +
    'nSbLbQWvRK8ZQDXtI5i50Ec2cdqKDWBW7eyi6ZmIvhwy6rajnmf9vgKQZkgx_q5xwbUoQcgkWEE',
  q:
    'xGewUvUa1rsQChaL17ZGLMTmYfQ926tFED0ajS6zOM3KU9j2ZN9RpSM31MrpOUZsilmJHLzsrsDu8sSsjS_ru1G3-R7EH9RZ' +
    '60Skqz0l1AHboqr7nXG2RhyeS4UKplh2MGHqpgXH3AjVk4MJtcrLMGUKIVL0J3W-ul0Ovfkw9QM',
  dp:
    'vF32_wyrBi00D5RN0VHsZnjfMMTkJOS0tuTq4BUZZrMiply6xNNoSRreTvWbN1TeE8Rm5miejSJTq41ZajEjALBAKB0xsI7s' +
    'KSYS6J84BVlTwiJCwnoHqb7OBn9lGluAPdRC4gQ_1Q9I8t2EtoonaKUwYJxEU75OwkR32djQIcE',
  dq:
    'AhhFBi19Ess9-Y2SAkP8bZ_QAT10p3IlM24jaVwVJ0byoIBQ6HSFT2iXwNpFMIoywCsCTl8pexettMMqP_tB3Waaurp8Rwah' +
    'yuOZigYF8EPwzsRaGKzMz-SgP5f0rB-Hay6wLQMkxZEGjiM4qEq4bhS1zfMvjXgxB5XUgWw1_Hc',
  qi:
    'xCc1rnAmH9wywmY7yBlVrcrKSLbCwKnka5dfwR5DzSH9s2unxU-EQqdD5RjY0WOkJTcb11Ln3I5tbkqs_RtGkCQoiccZHvSk' +
    'eehJvkZN4NNxZgwPlzy0V88qbQHvULXYRE76ZvV_pnnDA23uBLC5EGOT1ENbZia0TQaY8CsC3JE',
};

/**
 * A second IdP's key, deliberately NOT in PLAYGROUND_JWKS, so learners can see a token signed
 * by a key the authorizer does not trust being rejected.
 */
export const OTHER_IDP_PRIVATE_JWK: RsaPrivateJwk = {
  kty: 'RSA',
  kid: OTHER_IDP_KID,
  n:
    'x-01U9DV_aPSb404CSSywaN-R1v20k9O8s0LbfmZHAVkbteNJ2az1GO1LIZ5_-nwKKcbGemr3iZzssVWg3nbkz68Uio_aORY' +
    'Jd6TarPaoXCP41i07odG8kU7DZXchF_vH7vAjATO_33Q2oHPCp-oR0SNbT_EPItJJepujzmGyVUPI81r9LxLIgJjVJTFCFwT' +
    '6femZN-uru_OwpnH1w-H8_Ys3OJufdZeQmKO-Khnj_tgxVvTBPyn5-20CZmxiACwnCphfy4-5_mrTk1dJgmSF9SLp1wF4UV1' +
    '9uwVuBcY6ndo-lJu_j3078VoY00XdyGzLQLTPi2TrvA7hRw3mlR0gw',
  e: 'AQAB',
  d:
    'LMhdoaCtzlrb0FD5tFKcF_PfXWykJQfOz2ROoxu9yCENFicCX0kKDxEmjAqzWTe1q-WClJNbBC_oyqqZbmnlXV44IM-F1KER' +
    'faoVq1kOKAtmr643GRcENVB8odZnxt8WWS1dO__3vhMYrVlWXzLUJuKcK1SVSFqK0AtrKHniT0Zwi9IxxE23JxJ5GrZP3six' +
    '6c2s3dy1LJHUsR9mZpHZOqXKnd4ZAGW0iSkEsy4t3-LfFGt2_wLK4VOHDV4M62i6u35XjQeVQ7wT9AM-MuXLglO1_TLat7JU' +
    'z2VCL5UKKW5XBEfbMg51R75WgpmLvaNB3gmV-NhjJ1Ije5zVbf4iwQ',
  p:
    '-Dzn2Ud1wgjpr19iZKL2l5fK5vAMmJxaJ_4WIi1EWN32ui1hlir3YATZtPSfz9GjSpjt0mlLlCOMv9lQnP8BJ-_kZrVnnU_0' +
    's4H0L8r9Rew_1yiNwezo3WfLLnltxoYlQmSpUgHLxrVdJHvAScpbHP3QU1qy69iBzOhLQN0hp30',
  q:
    'zi2Uj1rVnK91nPzhRsbnW1ppvJq-YsfTJzRUXJh9ewpLzrKzFpI7H3ai-itTNkKWDABwl-7O5jcVVUWKnBzrVmA40Aoa2t_X' +
    '6W1bOzMUI0q0gfoeEP0zx9KddS5aMISJ8lzCpxE0P_oreDRHfwF5ubyZhvYQACb5wNKpUy9BS_8',
  dp:
    'OSNjxnqRW2lLyMcu0bVFB120IXYNoC8U_XGZzKIYwk_NE8uQU81uBVb4eZN5GY_Kg0gyLaV49Q89vYca7BgyPuwT6aRFxkr6' +
    'Kzt1Zm7V33tisnauMn4Cl7vlY7wljXWhK-gZpTuumP10BArMFvASCtlNU3JkDq9WKUEq2TJNJc0',
  dq:
    'O9yYCZdB9iArcc0qSzZs7eUuVghHxr5l3DghVlEf_Z1brUPNI3yJlfUIFMKHgnWKwylNh49amxTbKMrsF6991LJTTHPioDHl' +
    'qmyJ1IJcEnMaPbK1EBGz-wx3kxJGNVgGBUxRZ9hi50BnZpsnNwTipr7PhJPkyWaHlSiU6QYLW1k',
  qi:
    'hm_cQhSAkvbM7mHhbdV-bcDXZ_o2XzkCSok8wOPWhxMz8-zt-NeF2YQmjxNsE_7bX9BxZhmKtmvHgGHe4Ri5KM-JlLMeZjRW' +
    '6i12R3Jv-GKFxUTz8EdiPq8hwk2h0ckckRsFxGDNYCIpHFMjFfhbL_JxQTYOmueyaURteWIng4U',
};
