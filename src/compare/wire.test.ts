import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CLIENT_MASK_BYTES,
  closeFrameBytes,
  connectionSetupRoundTrips,
  frameBytes,
  frameHeaderBytes,
  headerSetHeaders,
  httpMessageBytes,
  httpRequestText,
  httpResponseText,
  UPGRADE_ROUND_TRIPS,
} from './wire';

describe('RFC 6455 frame overhead', () => {
  it('uses a 2-byte header up to 125 bytes of payload, 4 bytes from 126 and 10 bytes from 65,536 (RFC 6455 §5.2)', () => {
    expect([0, 1, 125].map(frameHeaderBytes)).toEqual([2, 2, 2]);
    expect([126, 127, 65_535].map(frameHeaderBytes)).toEqual([4, 4, 4]);
    expect([65_536, 131_072, 2 ** 32].map(frameHeaderBytes)).toEqual([10, 10, 10]);
  });

  it('adds the 4-byte masking key to every client-to-server frame and none to server frames (RFC 6455 §5.3)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200_000 }), (payload) => {
        const out = frameBytes(payload, 'server-to-client');
        const inbound = frameBytes(payload, 'client-to-server');
        expect(inbound - out).toBe(CLIENT_MASK_BYTES);
        expect(out).toBe(payload + frameHeaderBytes(payload));
      }),
      { seed: 6455, numRuns: 200 },
    );
  });

  it('grows frame bytes by exactly the payload, except at the 126 and 65,536 steps where the header grows too', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 70_000 }), (payload) => {
        const step = frameBytes(payload + 1, 'client-to-server') - frameBytes(payload, 'client-to-server');
        expect(step).toBe(payload + 1 === 126 ? 3 : payload + 1 === 65_536 ? 7 : 1);
      }),
      { seed: 126, numRuns: 200 },
    );
    expect(frameBytes(126, 'server-to-client') - frameBytes(125, 'server-to-client')).toBe(3);
    expect(frameBytes(65_536, 'server-to-client') - frameBytes(65_535, 'server-to-client')).toBe(7);
  });

  it('counts a close frame as its header plus the 2-byte status code, masked from the client (RFC 6455 §5.5.1)', () => {
    expect(closeFrameBytes('client-to-server')).toBe(8);
    expect(closeFrameBytes('server-to-client')).toBe(4);
  });
});

describe('handshakes', () => {
  it('costs 1 round trip for TCP and 1 for TLS 1.3 or 2 for TLS 1.2 before the first request (RFC 8446 §2, RFC 5246 §7.3)', () => {
    expect(connectionSetupRoundTrips('1.3')).toEqual({ tcp: 1, tls: 1 });
    expect(connectionSetupRoundTrips('1.2')).toEqual({ tcp: 1, tls: 2 });
    expect(UPGRADE_ROUND_TRIPS).toBe(1);
  });
});

describe('HTTP/1.1 messages', () => {
  it('writes the request line, one CRLF-terminated line per header, a blank line and the body (RFC 9112 §3)', () => {
    const text = httpRequestText(
      'POST',
      '/prod/messages',
      [
        ['Host', 'a.example'],
        ['Content-Length', '2'],
      ],
      '{}',
    );
    expect(text).toBe('POST /prod/messages HTTP/1.1\r\nHost: a.example\r\nContent-Length: 2\r\n\r\n{}');
    expect(httpMessageBytes(text, '{}')).toEqual({ bytes: text.length, overheadBytes: text.length - 2 });
  });

  it('writes the status line with its reason phrase (RFC 9112 §4)', () => {
    expect(httpResponseText(101, [['Upgrade', 'websocket']])).toBe(
      'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n',
    );
    expect(httpResponseText(200, [], 'ok')).toBe('HTTP/1.1 200 OK\r\n\r\nok');
  });

  it('counts header bytes in UTF-8', () => {
    const text = httpRequestText('GET', '/', [['X-Name', 'Zoë']]);
    expect(httpMessageBytes(text, '').bytes).toBe(text.length + 1);
  });

  it('offers a typical browser header set that is larger than the minimal one and carries cookies', () => {
    const size = (h: [string, string][]) => h.reduce((s, [n, v]) => s + n.length + v.length + 4, 0);
    const minimal = headerSetHeaders({ preset: 'browser-minimal' });
    const typical = headerSetHeaders({ preset: 'browser-typical' });
    expect(size(typical)).toBeGreaterThan(size(minimal));
    expect(typical.some(([n]) => n === 'Cookie')).toBe(true);
    expect(minimal.some(([n]) => n === 'Cookie')).toBe(false);
    expect(headerSetHeaders({ preset: 'custom', headers: [['X-A', '1']] })).toEqual([['X-A', '1']]);
  });
});
