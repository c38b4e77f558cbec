import { describe, expect, it } from 'vitest';
import type { HttpApiDefinition } from './definition';
import { mintTestToken, PLAYGROUND_AUDIENCE, PLAYGROUND_ISSUER } from './jwt';
import { echo, eventOf, httpDefinition, makeHttpApi, send, START } from './test-support';

function jwtApi(scopes?: string[]) {
  const extra: Partial<HttpApiDefinition> = {
    authorizers: {
      idp: {
        type: 'JWT',
        identitySource: ['$request.header.Authorization'],
        jwtConfiguration: { issuer: PLAYGROUND_ISSUER, audience: [PLAYGROUND_AUDIENCE] },
      },
    },
  };
  return makeHttpApi(
    httpDefinition(
      { 'GET /me': { fn: 'me', authorizer: 'idp', ...(scopes ? { authorizationScopes: scopes } : {}) } },
      extra,
    ),
    { me: echo },
  );
}

const token = (claims: Record<string, unknown> = {}, opts: { key?: 'other'; expiresInSeconds?: number } = {}) =>
  mintTestToken(claims, { now: START, ...opts });

describe('JWT authorizer (DG http-api-jwt-authorizer; docs/aws-behaviour.md §5.7)', () => {
  it('lets a valid token through and puts its claims (as strings) and scopes in requestContext.authorizer.jwt', async () => {
    const api = jwtApi();
    const res = await send(api, 'GET', '/me', {
      headers: { Authorization: `Bearer ${token({ scope: 'openid pets/read' })}` },
    });
    expect(res.status).toBe(200);
    const ctx = eventOf(api, 'me').requestContext as {
      authorizer: { jwt: { claims: Record<string, string>; scopes: string[] } };
    };
    expect(ctx.authorizer.jwt.claims).toMatchObject({
      iss: PLAYGROUND_ISSUER,
      sub: 'learner',
      aud: PLAYGROUND_AUDIENCE,
      iat: String(START / 1000),
      exp: String(START / 1000 + 3600),
    });
    expect(ctx.authorizer.jwt.scopes).toEqual(['openid', 'pets/read']);
    expect(api.trace.ofKind('auth.jwt')[0]).toMatchObject({ outcome: 'allow', subject: 'learner' });
  });

  it('accepts the token without the "Bearer " prefix too', async () => {
    const res = await send(jwtApi(), 'GET', '/me', { headers: { authorization: token() } });
    expect(res.status).toBe(200);
  });

  it('sends "scopes": null for a token without scopes, as in the captured event', async () => {
    const api = jwtApi();
    await send(api, 'GET', '/me', { headers: { Authorization: `Bearer ${token({ scope: undefined })}` } });
    const ctx = eventOf(api, 'me').requestContext as { authorizer: { jwt: { scopes: unknown } } };
    expect(ctx.authorizer.jwt.scopes).toBeNull();
  });

  it('answers 401 {"message":"Unauthorized"} with the documented www-authenticate for a wrong audience (DG http-api-troubleshooting-jwt)', async () => {
    const api = jwtApi();
    const res = await send(api, 'GET', '/me', {
      headers: { Authorization: `Bearer ${token({ aud: 'someone-else' })}` },
    });
    expect(res).toMatchObject({ status: 401, body: '{"message":"Unauthorized"}' });
    expect(res.headers['www-authenticate']).toBe(
      'Bearer scope="" error="invalid_token" error_description="the token does not have a valid audience"',
    );
    expect(api.trace.ofKind('lambda.invoke')).toEqual([]);
    expect(api.trace.ofKind('auth.jwt')[0]).toMatchObject({ outcome: 'unauthorized' });
  });

  it('answers 401 for a token signed by a key that is not in the JWKS, and for an expired token', async () => {
    const api = jwtApi();
    const foreign = await send(api, 'GET', '/me', {
      headers: { Authorization: `Bearer ${token({}, { key: 'other' })}` },
    });
    expect(foreign.status).toBe(401);
    const expired = await send(api, 'GET', '/me', {
      headers: { Authorization: `Bearer ${token({}, { expiresInSeconds: -10 })}` },
    });
    expect(expired.status).toBe(401);
    expect(expired.headers['www-authenticate']).toMatch(/^Bearer scope="" error="invalid_token" error_description="/);
  });

  it('answers 401 without www-authenticate when the token is missing, labelled (UNCONFIRMED http-jwt-missing-token)', async () => {
    const api = jwtApi();
    const res = await send(api, 'GET', '/me');
    expect(res.status).toBe(401);
    expect(res.headers).not.toHaveProperty('www-authenticate');
    expect(api.trace.ofKind('auth.jwt')[0].unconfirmed).toBe('http-jwt-missing-token');
  });

  it('answers 403 {"message":"Forbidden"} when the token has none of the route scopes, labelled (UNCONFIRMED http-jwt-scope-status)', async () => {
    const api = jwtApi(['pets/write']);
    const res = await send(api, 'GET', '/me', {
      headers: { Authorization: `Bearer ${token({ scope: 'pets/read' })}` },
    });
    expect(res).toMatchObject({ status: 403, body: '{"message":"Forbidden"}' });
    expect(api.trace.ofKind('http.response')[0].unconfirmed).toBe('http-jwt-scope-status');
    const ok = await send(api, 'GET', '/me', {
      headers: { Authorization: `Bearer ${token({ scp: ['pets/write'] })}` },
    });
    expect(ok.status).toBe(200);
  });

  it('checks expiry against the virtual clock: a token valid now fails once time passes exp', async () => {
    const api = jwtApi();
    const t = token({}, { expiresInSeconds: 60 });
    expect((await send(api, 'GET', '/me', { headers: { Authorization: `Bearer ${t}` } })).status).toBe(200);
    api.advanceClock(61_000);
    expect((await send(api, 'GET', '/me', { headers: { Authorization: `Bearer ${t}` } })).status).toBe(401);
  });
});
