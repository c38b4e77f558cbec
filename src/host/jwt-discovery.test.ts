import { generateKeyPairSync, sign } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mintTestToken, validateDefinition, type ApiDefinition } from '../gateway';
import { createNodeInvoker } from '../runtime/node';
import { startGateway, type GatewayServer } from './server';

// The local gateway's JWT authorizers discover their keys (docs/local-gateway.md): an identity
// provider on loopback over plain http (the documented exception) signs a token, and a real HTTP
// request with it reaches the handler; the playground's own test tokens keep working.

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
let idp: Server;
let issuer: string;
let gateway: GatewayServer;
const idpRequests: string[] = [];

function token(claims: Record<string, unknown>): string {
  const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const input = `${part({ alg: 'RS256', kid: 'local-1', typ: 'JWT' })}.${part({ iss: issuer, aud: 'room', iat: now, exp: now + 600, ...claims })}`;
  return `${input}.${sign('sha256', Buffer.from(input), privateKey).toString('base64url')}`;
}

beforeAll(async () => {
  idp = createServer((req, res) => {
    idpRequests.push(req.url ?? '');
    res.setHeader('Content-Type', 'application/json');
    if (req.url === '/.well-known/openid-configuration')
      res.end(JSON.stringify({ issuer, jwks_uri: `${issuer}/jwks` }));
    else if (req.url === '/jwks')
      res.end(JSON.stringify({ keys: [{ ...publicKey.export({ format: 'jwk' }), kid: 'local-1', use: 'sig' }] }));
    else res.writeHead(404).end('{}');
  });
  await new Promise<void>((ok) => idp.listen(0, '127.0.0.1', ok));
  issuer = `http://127.0.0.1:${(idp.address() as AddressInfo).port}`;
  const checked = validateDefinition({
    protocolType: 'HTTP',
    name: 'who-am-i',
    routes: {
      'GET /me': { integration: { type: 'AWS_PROXY', function: 'me' }, authorizer: 'local' },
      'GET /test': { integration: { type: 'AWS_PROXY', function: 'me' }, authorizer: 'playground' },
    },
    authorizers: {
      local: { type: 'JWT', jwtConfiguration: { issuer, audience: ['room'] } },
      playground: {
        type: 'JWT',
        jwtConfiguration: { issuer: 'https://auth.playground.example/', audience: ['playground-client'] },
      },
    },
    functions: { me: { handler: 'me.handler' } },
  });
  if (!checked.ok) throw new Error(JSON.stringify(checked.errors));
  gateway = await startGateway({
    definition: checked.definition as ApiDefinition,
    files: {
      'me.ts':
        'export const handler = async (event) => ({ statusCode: 200, body: event.requestContext.authorizer.jwt.claims.sub });',
    },
    createInvoker: createNodeInvoker,
  });
}, 60_000);

afterAll(async () => {
  await gateway?.close();
  await new Promise<void>((ok) => idp?.close(() => ok()));
});

describe('JWT authorizers on the local gateway', () => {
  it('verify tokens from an http:// identity provider on loopback through OpenID discovery', async () => {
    const ok = await fetch(`${gateway.urls.client}/me`, {
      headers: { Authorization: `Bearer ${token({ sub: 'ada' })}` },
    });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('ada');
    expect(idpRequests).toEqual(['/.well-known/openid-configuration', '/jwks']);
    const wrongAudience = await fetch(`${gateway.urls.client}/me`, {
      headers: { Authorization: `Bearer ${token({ sub: 'ada', aud: 'elsewhere' })}` },
    });
    expect(wrongAudience.status).toBe(401);
    expect(wrongAudience.headers.get('www-authenticate')).toContain('the token does not have a valid audience');
    expect(idpRequests).toHaveLength(2);
  }, 30_000);

  it("still accept the playground IdP's minted tokens (its keys are fixed, nothing is fetched)", async () => {
    const res = await fetch(`${gateway.urls.client}/test`, {
      headers: { Authorization: `Bearer ${mintTestToken({ sub: 'learner' }, { now: Date.now() })}` },
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('learner');
  }, 30_000);
});
