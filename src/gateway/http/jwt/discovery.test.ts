import { generateKeyPairSync, sign as nodeSign, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { base64urlEncode, utf8Encode } from '../../core/bytes';
import type { HttpApiDefinition } from '../definition';
import type { HttpApi } from '../engine';
import { echo, eventOf, httpDefinition, makeHttpApi, send, START } from '../test-support';
import { discoveryKeySource, staticKeySource, KEY_REFRESH_MIN_MS, type JwtFetch } from './discovery';
import { PLAYGROUND_AUDIENCE, PLAYGROUND_ISSUER, PLAYGROUND_JWKS } from './jwks';
import { mintTestToken } from './jwt';

/** A local identity provider on loopback: discovery document, key set, RSA keys it can rotate. */
class LocalIssuer {
  server!: Server;
  issuer = '';
  keys: { kid: string; privateKey: KeyObject; jwk: Record<string, unknown> }[] = [];
  requests: string[] = [];
  /** What the discovery document says the issuer is (a misconfigured IdP says something else). */
  claimedIssuer?: string;

  addKey(kid: string): void {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.keys.push({ kid, privateKey, jwk: { ...publicKey.export({ format: 'jwk' }), kid, use: 'sig', alg: 'RS256' } });
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      this.requests.push(req.url ?? '');
      const origin = this.issuer.replace(/\/$/, '');
      if (req.url === '/.well-known/openid-configuration') {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ issuer: this.claimedIssuer ?? this.issuer, jwks_uri: `${origin}/keys` }));
      } else if (req.url === '/keys') {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ keys: this.keys.map((k) => k.jwk) }));
      } else {
        res.writeHead(404);
        res.end();
      }
    });
    await new Promise<void>((ok) => this.server.listen(0, '127.0.0.1', ok));
    this.issuer = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  token(kid: string, claims: Record<string, unknown> = {}): string {
    const key = this.keys.find((k) => k.kid === kid)!;
    const iat = START / 1000;
    const part = (v: unknown) => base64urlEncode(utf8Encode(JSON.stringify(v)));
    const input = `${part({ alg: 'RS256', typ: 'JWT', kid })}.${part({
      iss: this.issuer,
      aud: 'local-client',
      sub: 'alice',
      iat,
      exp: iat + 3600,
      ...claims,
    })}`;
    return `${input}.${nodeSign('sha256', Buffer.from(input), key.privateKey).toString('base64url')}`;
  }
}

/** Node's fetch, as the local gateway injects it. */
const nodeFetch: JwtFetch = async (url) => {
  const res = await fetch(url);
  return { status: res.status, body: await res.text() };
};

function apiFor(issuer: string, options: Parameters<typeof makeHttpApi>[2] = {}): HttpApi {
  const extra: Partial<HttpApiDefinition> = {
    authorizers: {
      idp: {
        type: 'JWT',
        identitySource: ['$request.header.Authorization'],
        jwtConfiguration: { issuer, audience: ['local-client'] },
      },
    },
  };
  return makeHttpApi(httpDefinition({ 'GET /me': { fn: 'me', authorizer: 'idp' } }, extra), { me: echo }, options);
}

const me = (api: HttpApi, token: string) => send(api, 'GET', '/me', { headers: { Authorization: `Bearer ${token}` } });

describe('OpenID discovery for JWT authorizers, against a local issuer on loopback', () => {
  const idp = new LocalIssuer();
  beforeAll(async () => {
    idp.addKey('key-1');
    await idp.start();
  }, 30_000);
  afterAll(() => new Promise<void>((ok) => idp.server.close(() => ok())));

  const localGatewayKeys = () => discoveryKeySource({ fetch: nodeFetch, allowLoopbackHttp: true });

  it('reads {issuer}/.well-known/openid-configuration, then its jwks_uri, and lets a token signed with those keys through', async () => {
    idp.requests = [];
    const api = apiFor(idp.issuer, { jwtKeys: localGatewayKeys() });
    const res = await me(api, idp.token('key-1'));
    expect(res.status).toBe(200);
    expect(idp.requests).toEqual(['/.well-known/openid-configuration', '/keys']);
    const ctx = eventOf(api, 'me').requestContext as { authorizer: { jwt: { claims: Record<string, string> } } };
    expect(ctx.authorizer.jwt.claims).toMatchObject({ sub: 'alice', iss: idp.issuer });
  });

  it('caches the keys: later requests fetch nothing', async () => {
    const api = apiFor(idp.issuer, { jwtKeys: localGatewayKeys() });
    await me(api, idp.token('key-1'));
    idp.requests = [];
    const [a, b] = await Promise.all([me(api, idp.token('key-1')), me(api, idp.token('key-1', { sub: 'bob' }))]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(idp.requests).toEqual([]);
  });

  it('fetches the key set again for an unknown kid (a rotated key), at most once per refresh interval', async () => {
    const api = apiFor(idp.issuer, { jwtKeys: localGatewayKeys() });
    expect((await me(api, idp.token('key-1'))).status).toBe(200);
    idp.addKey('key-2');
    api.advanceClock(KEY_REFRESH_MIN_MS);
    idp.requests = [];
    expect((await me(api, idp.token('key-2'))).status).toBe(200);
    expect(idp.requests).toEqual(['/.well-known/openid-configuration', '/keys']);

    // A kid the issuer never published: one refetch, then refused without fetching again.
    idp.requests = [];
    api.advanceClock(KEY_REFRESH_MIN_MS);
    const forged = idp.token('key-2').replace(/^[^.]+/, base64urlEncode(utf8Encode('{"alg":"RS256","kid":"nope"}')));
    const first = await me(api, forged);
    expect(first.status).toBe(401);
    expect(first.headers['www-authenticate']).toContain('signing key not found');
    expect(idp.requests).toHaveLength(2);
    idp.requests = [];
    const again = await Promise.all([me(api, forged), me(api, forged), me(api, forged)]);
    expect(again.map((r) => r.status)).toEqual([401, 401, 401]);
    expect(idp.requests).toEqual([]);
  });

  it('refuses every token when the discovery document names another issuer', async () => {
    idp.claimedIssuer = 'https://someone-else.example';
    try {
      const api = apiFor(idp.issuer, { jwtKeys: localGatewayKeys() });
      const res = await me(api, idp.token('key-1'));
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toContain('names another issuer');
      // The description is the playground's own wording, labelled as such on the trace step.
      expect(api.trace.ofKind('auth.jwt').at(-1)).toMatchObject({
        outcome: 'unauthorized',
        unconfirmed: 'http-jwt-error-description',
      });
    } finally {
      idp.claimedIssuer = undefined;
    }
  });

  it('accepts an http:// issuer only on a local gateway: the page (static keys) and a discovery source without the exception refuse it at deploy', () => {
    expect(() => apiFor(idp.issuer)).toThrow(/issuer must be an https:\/\/ URL.*accepted only by the local gateway/);
    expect(() => apiFor(idp.issuer, { jwtKeys: discoveryKeySource({ fetch: nodeFetch }) })).toThrow(
      /authorizers\.idp\.jwtConfiguration\.issuer/,
    );
    expect(() => apiFor('http://192.168.1.10:8080', { jwtKeys: localGatewayKeys() })).toThrow(/validation|https:\/\//i);
  });

  it("still accepts the playground IdP's tokens when its keys are given as fixed", async () => {
    const api = makeHttpApi(
      httpDefinition(
        { 'GET /me': { fn: 'me', authorizer: 'idp' } },
        {
          authorizers: {
            idp: { type: 'JWT', jwtConfiguration: { issuer: PLAYGROUND_ISSUER, audience: [PLAYGROUND_AUDIENCE] } },
          },
        },
      ),
      { me: echo },
      {
        jwtKeys: discoveryKeySource({
          fetch: () => Promise.reject(new Error('nothing may be fetched')),
          fixed: { [PLAYGROUND_ISSUER]: PLAYGROUND_JWKS },
        }),
      },
    );
    expect((await me(api, mintTestToken({}, { now: START }))).status).toBe(200);
  });
});

describe('discoveryKeySource rules (a fake fetch)', () => {
  const ISSUER = 'https://idp.example';
  const documents = (jwksUri: string): JwtFetch => {
    const calls: string[] = [];
    const f: JwtFetch & { calls?: string[] } = async (url) => {
      calls.push(url);
      if (url === `${ISSUER}/.well-known/openid-configuration`)
        return { status: 200, body: JSON.stringify({ issuer: ISSUER, jwks_uri: jwksUri }) };
      if (url === jwksUri)
        return { status: 200, body: JSON.stringify({ keys: [{ kty: 'RSA', kid: 'k', n: 'AQAB', e: 'AQAB' }] }) };
      return { status: 404, body: '' };
    };
    f.calls = calls;
    return f;
  };

  it('refuses an http:// jwks_uri from an https:// issuer', async () => {
    const source = discoveryKeySource({ fetch: documents('http://idp.example/keys'), allowLoopbackHttp: true });
    const got = await source.keysFor(ISSUER, 'k', 0);
    expect(got).toEqual({ ok: false, description: expect.stringMatching(/key set \(jwks_uri\) URL is not allowed/) });
  });

  it('shares one fetch between concurrent requests and keeps only string key fields', async () => {
    const fetcher = documents(`${ISSUER}/keys`) as JwtFetch & { calls: string[] };
    const source = discoveryKeySource({ fetch: fetcher });
    const [a, b] = await Promise.all([source.keysFor(ISSUER, 'k', 0), source.keysFor(ISSUER, 'k', 0)]);
    expect(a).toEqual(b);
    expect(a).toEqual({ ok: true, jwks: { keys: [{ kty: 'RSA', kid: 'k', n: 'AQAB', e: 'AQAB' }] } });
    expect(fetcher.calls).toHaveLength(2);
  });

  it('remembers a failure until a refresh is allowed, then tries again', async () => {
    let calls = 0;
    const source = discoveryKeySource({
      fetch: async () => {
        calls++;
        return { status: 503, body: '' };
      },
    });
    expect(await source.keysFor(ISSUER, 'k', 0)).toEqual({
      ok: false,
      description: 'the signing keys could not be fetched: the OpenID configuration answered 503',
    });
    await source.keysFor(ISSUER, 'k', KEY_REFRESH_MIN_MS - 1);
    expect(calls).toBe(1);
    await source.keysFor(ISSUER, 'k', KEY_REFRESH_MIN_MS);
    expect(calls).toBe(2);
  });

  it('the static source (the page) gives its keys for any https issuer and names the rule for others', async () => {
    const source = staticKeySource(PLAYGROUND_JWKS);
    expect(await source.keysFor(ISSUER, undefined, 0)).toEqual({ ok: true, jwks: PLAYGROUND_JWKS });
    expect(source.issuerProblem(ISSUER)).toBeNull();
    expect(source.issuerProblem('http://idp.example')).toBe('the issuer must be an https:// URL');
    expect(source.issuerProblem('http://localhost:8080/realms/x')).toMatch(/only by the local gateway/);
  });
});
