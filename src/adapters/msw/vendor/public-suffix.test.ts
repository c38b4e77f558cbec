import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { getDomain } from './public-suffix';

// The real tldts (tough-cookie's dependency), loaded by Node itself.
const real = createRequire(import.meta.url)('tldts') as typeof import('tldts');
// The options the real tough-cookie passes (its getPublicSuffix).
const OPTIONS = { allowIcannDomains: true, allowPrivateDomains: true };

describe('the public-suffix rule of the page’s cookie jars', () => {
  it('answers as the full public-suffix list for the hosts the playground serves and mocks', () => {
    const hosts = [
      // execute-api hosts and every name above them, in regions the list names
      'a1b2c3d4e5.execute-api.us-east-1.amazonaws.com',
      'execute-api.us-east-1.amazonaws.com',
      'a1b2c3d4e5.execute-api.eu-west-2.amazonaws.com',
      'execute-api.eu-west-2.amazonaws.com',
      'a1b2c3d4e5.execute-api.cn-north-1.amazonaws.com.cn',
      'execute-api.cn-north-1.amazonaws.com.cn',
      'com',
      // the Node host and the test servers, a workshop's LAN, a local dev name
      'localhost',
      '127.0.0.1',
      '192.168.1.20',
      '::1',
      'my-laptop.fritz.box',
      'fritz.box',
      'gateway.workshop.lan',
      'lan',
      'mybox',
      'app.example.com',
      'example.com',
    ];
    for (const host of hosts) expect([host, getDomain(host, OPTIONS)]).toEqual([host, real.getDomain(host, OPTIONS)]);
  });

  it('treats execute-api.{region}.amazonaws.com as a public suffix in every region, also those the list lags behind', () => {
    // AWS's intent (one site per API), which the list records region by region.
    expect(getDomain('execute-api.mx-central-1.amazonaws.com')).toBeNull();
    expect(getDomain('abc.execute-api.mx-central-1.amazonaws.com')).toBe('abc.execute-api.mx-central-1.amazonaws.com');
    expect(getDomain('EXECUTE-API.us-east-1.amazonaws.com.')).toBeNull();
  });

  it('makes every name above an execute-api host public, as Chromium refuses a cookie for them from that host', () => {
    // The list makes these registrable; Chromium still refuses a Domain outside the host's own
    // registrable domain (the API's host), which tough-cookie does not check.
    for (const host of [
      'eu-west-2.amazonaws.com',
      'amazonaws.com',
      'cn-north-1.amazonaws.com.cn',
      'amazonaws.com.cn',
    ]) {
      expect(real.getDomain(host, OPTIONS)).not.toBeNull();
      expect(getDomain(host)).toBeNull();
    }
  });

  it('knows nothing of other multi-label suffixes: the default rule makes only the last label public', () => {
    // The full list knows co.uk; no mocked request reaches such a host (see public-suffix.ts).
    expect(real.getDomain('co.uk', OPTIONS)).toBeNull();
    expect(getDomain('co.uk')).toBe('co.uk');
    expect(getDomain('')).toBeNull();
  });
});
