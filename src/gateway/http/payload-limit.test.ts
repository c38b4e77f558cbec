import { describe, expect, it } from 'vitest';
import { MAX_PAYLOAD_BYTES } from '../core/payload-limit';
import { echo, eventsOf, httpDefinition, makeHttpApi, send } from './test-support';

const api = () =>
  makeHttpApi(httpDefinition({ 'POST /upload': { fn: 'upload' } }, { cors: { allowOrigins: ['*'] } }), {
    upload: echo,
  });

describe('the HTTP API payload quota (10 MB, docs/aws-behaviour.md §4)', () => {
  it('accepts a body of exactly 10,485,760 bytes and passes it to the function', async () => {
    const a = api();
    const res = await send(a, 'POST', '/upload', {
      body: 'x'.repeat(MAX_PAYLOAD_BYTES),
      headers: { 'content-type': 'text/plain' },
    });
    expect(res.status).toBe(200);
    expect((eventsOf(a, 'upload')[0].body as string).length).toBe(MAX_PAYLOAD_BYTES);
  });

  it('refuses one byte more with 413 and the plain-text body AWS sends, before any route or function', async () => {
    const a = api();
    const res = await send(a, 'POST', '/upload', {
      body: 'x'.repeat(MAX_PAYLOAD_BYTES + 1),
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(413);
    expect(res.body).toBe('HTTP content length exceeded 10485760 bytes.');
    expect(res.headers['content-type']).toBe('text; charset=utf-8');
    expect(res.headers['content-length']).toBe('44');
    // Refused in front of the API: no request id, no CORS headers even with CORS configured.
    expect(res.headers['apigw-requestid']).toBeUndefined();
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    expect(eventsOf(a, 'upload')).toEqual([]);
    expect(a.trace.events.map((e) => e.kind)).toEqual(['http.request', 'http.response']);
  });

  it('counts bytes, not characters: 5,242,881 two-byte characters are over the quota', async () => {
    const res = await send(api(), 'POST', '/upload', { body: 'é'.repeat(MAX_PAYLOAD_BYTES / 2 + 1) });
    expect(res.status).toBe(413);
  });

  it('refuses 11 MB and 100 MB binary bodies without decoding them, and answers the next request', async () => {
    const a = api();
    for (const size of [11 * 1024 * 1024, 100 * 1024 * 1024]) {
      const res = await send(a, 'POST', '/upload', {
        body: new Uint8Array(size),
        headers: { 'content-type': 'application/octet-stream' },
      });
      expect(res.status).toBe(413);
      expect(a.trace.events.at(-2)).toMatchObject({
        kind: 'http.request',
        bodySize: size,
        bodyPreview: `<${size} bytes>`,
      });
    }
    expect((await send(a, 'POST', '/upload', { body: '{}' })).status).toBe(200);
  });
});
