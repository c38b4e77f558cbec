import { describe, expect, it } from 'vitest';
import {
  HTTP_IDENTITY_SYNTAX,
  REST_IDENTITY_SYNTAX,
  WEBSOCKET_IDENTITY_SYNTAX,
  ownValue,
  parseIdentitySourceIn,
  resolveIdentitySources,
  type IdentityInput,
} from './identity-sources';

const input: IdentityInput = {
  header: (name) => ({ authorization: 'Bearer t' })[name.toLowerCase()],
  query: (name) => ownValue({ token: 'abc', empty: '' }, name),
  stageVariables: { env: 'prod' },
  context: { identity: { sourceIp: '203.0.113.10' } },
};

describe('identity sources (DG apigateway-use-lambda-authorizer, apigateway-websocket-api-lambda-auth, http-api-lambda-authorizer)', () => {
  it('reads the same four places in each API type’s spelling', () => {
    const spellings = [
      [
        WEBSOCKET_IDENTITY_SYNTAX,
        'route.request.header.X',
        'route.request.querystring.X',
        'stageVariables.X',
        'context.X',
      ],
      [
        REST_IDENTITY_SYNTAX,
        'method.request.header.X',
        'method.request.querystring.X',
        'stageVariables.X',
        'context.X',
      ],
      [HTTP_IDENTITY_SYNTAX, '$request.header.X', '$request.querystring.X', '$stageVariables.X', '$context.X'],
    ] as const;
    for (const [syntax, header, query, stageVariable, context] of spellings) {
      expect(parseIdentitySourceIn(syntax, header)).toEqual({ from: 'header', name: 'X' });
      expect(parseIdentitySourceIn(syntax, query)).toEqual({ from: 'querystring', name: 'X' });
      expect(parseIdentitySourceIn(syntax, stageVariable)).toEqual({ from: 'stageVariables', name: 'X' });
      expect(parseIdentitySourceIn(syntax, context)).toEqual({ from: 'context', name: 'X' });
    }
  });

  it('refuses another API type’s spelling and names outside [A-Za-z0-9._-]', () => {
    expect(parseIdentitySourceIn(WEBSOCKET_IDENTITY_SYNTAX, '$request.header.X')).toBeUndefined();
    expect(parseIdentitySourceIn(HTTP_IDENTITY_SYNTAX, 'method.request.header.X')).toBeUndefined();
    expect(parseIdentitySourceIn(REST_IDENTITY_SYNTAX, 'method.request.headers.X')).toBeUndefined();
    expect(parseIdentitySourceIn(REST_IDENTITY_SYNTAX, 'method.request.header.a b')).toBeUndefined();
    expect(parseIdentitySourceIn(HTTP_IDENTITY_SYNTAX, '$context.identity.sourceIp')).toEqual({
      from: 'context',
      name: 'identity.sourceIp',
    });
  });

  it('resolves every source, keyed by the source as written, walking into the context', () => {
    expect(
      resolveIdentitySources(
        HTTP_IDENTITY_SYNTAX,
        [
          '$request.header.Authorization',
          '$request.querystring.token',
          '$stageVariables.env',
          '$context.identity.sourceIp',
        ],
        input,
      ),
    ).toEqual({
      ok: true,
      values: ['Bearer t', 'abc', 'prod', '203.0.113.10'],
      identity: {
        '$request.header.Authorization': 'Bearer t',
        '$request.querystring.token': 'abc',
        '$stageVariables.env': 'prod',
        '$context.identity.sourceIp': '203.0.113.10',
      },
    });
  });

  it('reports the first missing or empty source: the caller answers 401 without invoking the authorizer', () => {
    for (const source of [
      'route.request.querystring.empty',
      'route.request.querystring.nope',
      'stageVariables.constructor',
    ])
      expect(resolveIdentitySources(WEBSOCKET_IDENTITY_SYNTAX, [source], input)).toEqual({
        ok: false,
        missing: source,
      });
    expect(
      resolveIdentitySources(
        REST_IDENTITY_SYNTAX,
        ['method.request.header.Authorization', 'context.nope.deeper'],
        input,
      ),
    ).toEqual({ ok: false, missing: 'context.nope.deeper' });
  });
});
