import { describe, expect, it } from 'vitest';
import { MAX_PAYLOAD_BYTES } from '../core/payload-limit';
import { eventsOf, makeRestApi, proxy, restDefinition, send } from './test-support';

const echo = async (event: { body: string | null }) => ({ statusCode: 200, body: String(event.body?.length ?? 0) });
const api = () => makeRestApi(restDefinition({ '/upload': { methods: { POST: proxy('upload') } } }), { upload: echo });

describe('the REST API payload quota (10 MB, docs/aws-behaviour.md §4, captured on a REST API)', () => {
  it('accepts a body of exactly 10,485,760 bytes and passes it to the function', async () => {
    const a = api();
    const res = await send(a, 'POST', '/upload', { body: 'x'.repeat(MAX_PAYLOAD_BYTES) });
    expect(res.status).toBe(200);
    expect(res.body).toBe(String(MAX_PAYLOAD_BYTES));
  });

  it('refuses one byte more with 413 and the plain-text body AWS sends, with no request id and no function call', async () => {
    const a = api();
    const res = await send(a, 'POST', '/upload', {
      body: 'x'.repeat(MAX_PAYLOAD_BYTES + 1),
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(413);
    expect(res.body).toBe('HTTP content length exceeded 10485760 bytes.');
    expect(res.headers['Content-Type']).toBe('text; charset=utf-8');
    expect(Object.keys(res.headers).map((h) => h.toLowerCase())).not.toContain('x-amzn-requestid');
    expect(eventsOf(a, 'upload')).toEqual([]);
    expect(a.trace.events.map((e) => e.kind)).toEqual(['http.request', 'http.response']);
  });

  it('refuses an 11 MB binary body without decoding it, and answers the next request', async () => {
    const a = api();
    const size = 11 * 1024 * 1024;
    const res = await send(a, 'POST', '/upload', { body: new Uint8Array(size) });
    expect(res.status).toBe(413);
    expect(a.trace.events.at(-2)).toMatchObject({
      kind: 'http.request',
      bodySize: size,
      bodyPreview: `<${size} bytes>`,
    });
    expect((await send(a, 'POST', '/upload', { body: '{}' })).status).toBe(200);
  });
});
