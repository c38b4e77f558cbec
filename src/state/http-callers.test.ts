import { describe, expect, it } from 'vitest';
import { PLAYGROUND_JWKS, verifyJwt, PLAYGROUND_AUDIENCE, PLAYGROUND_ISSUER } from '../gateway';
import { HttpCaller, HttpCallers, buildUrl, type HttpCallerEnvironment } from './http-callers.svelte';
import type { OutgoingHttpRequest } from './http-transport';

function env(over: Partial<HttpCallerEnvironment> = {}) {
  const sent: OutgoingHttpRequest[] = [];
  const e: HttpCallerEnvironment = {
    baseUrl: () => 'https://abcdefghij.execute-api.us-east-1.amazonaws.com/prod',
    disabledReason: () => null,
    send: async (r) => {
      sent.push(r);
      return { kind: 'response', status: 200, headers: [], body: 'ok', durationMs: 3 };
    },
    virtualNow: () => Date.UTC(2026, 0, 1),
    now: () => 1,
    ...over,
  };
  return { e, sent };
}

describe('buildUrl', () => {
  it('joins the stage URL, the path and the query', () => {
    expect(buildUrl('https://h/prod/', 'orders/1', '?a=1')).toBe('https://h/prod/orders/1?a=1');
    expect(buildUrl('https://h', '/', '')).toBe('https://h/');
    expect(buildUrl('https://h', '', 'x=1')).toBe('https://h?x=1');
  });
});

describe('HttpCaller', () => {
  it('sends enabled header rows, no body on GET, and keeps the exchange in its history (newest first)', async () => {
    const { e, sent } = env();
    const c = new HttpCaller({ name: 'Partner system', kind: 'server', headers: [['x-api-key', 'k1']] }, 1, e);
    c.setPath('/orders/1');
    c.setBody('ignored on GET');
    const off = c.addHeader('Cache-Control', 'max-age=0');
    c.updateHeader(off.id, { enabled: false });
    await c.send();
    expect(sent[0]).toMatchObject({
      caller: 'Partner system',
      kind: 'server',
      method: 'GET',
      url: 'https://abcdefghij.execute-api.us-east-1.amazonaws.com/prod/orders/1',
      headers: [['x-api-key', 'k1']],
    });
    expect(sent[0]).not.toHaveProperty('body');
    c.setMethod('post');
    await c.send();
    expect(sent[1]).toMatchObject({ method: 'POST', body: 'ignored on GET' });
    expect(c.history.map((h) => h.request.method)).toEqual(['POST', 'GET']);
    expect(c.latest?.outcome).toMatchObject({ status: 200 });
  });

  it('loads a preset request but keeps its own API key', () => {
    const { e } = env();
    const c = new HttpCaller({ name: 'P', kind: 'server', headers: [['x-api-key', 'k1']] }, 1, e);
    c.addHeader('X-Debug', '1');
    c.applyPreset({
      label: 'post',
      method: 'POST',
      path: '/orders',
      headers: [['Content-Type', 'application/json']],
      body: '{}',
    });
    expect([c.method, c.path, c.body]).toEqual(['POST', '/orders', '{}']);
    expect(c.sentHeaders()).toEqual([
      ['x-api-key', 'k1'],
      ['Content-Type', 'application/json'],
    ]);
  });

  it('does not send while blocked, and says why', async () => {
    const { e, sent } = env({ disabledReason: () => 'Deploy the API first.' });
    const c = new HttpCaller({ name: 'A', kind: 'browser' }, 1, e);
    expect(c.sendBlocked).toBe('Deploy the API first.');
    expect(await c.send()).toBeNull();
    expect(sent).toHaveLength(0);
  });

  it("mints a test token the JWT authorizer accepts at the gateway's virtual time, with the chosen sub and scopes (DG http-api-jwt-authorizer)", async () => {
    const { e } = env();
    const c = new HttpCaller({ name: 'A', kind: 'browser' }, 1, e);
    const token = await c.mintToken({ sub: 'ada', scopes: 'orders:write openid', expiresInSeconds: 600 });
    expect(c.sentHeaders()).toEqual([['Authorization', `Bearer ${token}`]]);
    const verified = verifyJwt(token, {
      jwks: PLAYGROUND_JWKS,
      issuer: PLAYGROUND_ISSUER,
      audience: [PLAYGROUND_AUDIENCE],
      now: e.virtualNow(),
    });
    expect(verified).toMatchObject({ ok: true, scopes: ['orders:write', 'openid'], claims: { sub: 'ada' } });
    const later = verifyJwt(token, {
      jwks: PLAYGROUND_JWKS,
      issuer: PLAYGROUND_ISSUER,
      audience: [PLAYGROUND_AUDIENCE],
      now: e.virtualNow() + 601_000,
    });
    expect(later).toMatchObject({ ok: false, reason: 'expired' });
  });
});

describe('HttpCallers', () => {
  it("starts with a browser app and a partner system, and resets to an example's callers", () => {
    const { e } = env();
    const callers = new HttpCallers(e);
    expect(callers.list.map((c) => [c.name, c.kind])).toEqual([
      ['Browser app', 'browser'],
      ['Partner system', 'server'],
    ]);
    callers.reset([{ name: 'Mobile', kind: 'browser' }]);
    expect(callers.byName('Mobile')?.kind).toBe('browser');
  });
});
