/**
 * Binary media types and contentHandling on a REST API (DG api-gateway-payload-encodings,
 * DG api-gateway-payload-encodings-workflow; known difference rest-binary-media-types).
 */
import { describe, expect, it } from 'vitest';
import { base64Encode, utf8Encode } from '../core/bytes';
import { convertRequestBody, convertResponseText, firstMediaType, isBinaryMediaType } from './binary';
import type { RestApiDefinition, RestIntegrationDefinition } from './definition';
import { validateRestDefinition } from './validate-definition';
import { eventsOf, makeRestApi, proxy, restDefinition, send, type Handlers } from './test-support';

const b64 = (s: string) => base64Encode(utf8Encode(s));

describe('matching binaryMediaTypes', () => {
  it('honours only the first Accept media type (DG api-gateway-payload-encodings-workflow, Tip)', () => {
    expect(firstMediaType('image/webp,image/*,*/*;q=0.8')).toBe('image/webp');
    expect(isBinaryMediaType('image/webp,image/*,*/*;q=0.8', ['image/png'])).toBe(false);
    expect(isBinaryMediaType('image/webp,image/*,*/*;q=0.8', ['image/webp'])).toBe(true);
  });

  it('ignores case and parameters, and lets * stand for a type or subtype (image/*, */*) (rest-binary-media-types)', () => {
    expect(isBinaryMediaType('Image/PNG; q=1', ['image/png'])).toBe(true);
    expect(isBinaryMediaType('image/jpeg', ['image/*'])).toBe(true);
    expect(isBinaryMediaType('application/json', ['image/*'])).toBe(false);
    expect(isBinaryMediaType('application/json', ['*/*'])).toBe(true);
    expect(isBinaryMediaType('*/*', ['image/*'])).toBe(false);
    expect(isBinaryMediaType(undefined, ['*/*'])).toBe(false);
    expect(isBinaryMediaType('image/png', [])).toBe(false);
  });
});

describe('content conversions (DG api-gateway-payload-encodings-workflow tables)', () => {
  it('response text: CONVERT_TO_BINARY, or no contentHandling with a binary Accept, base64-decodes; CONVERT_TO_TEXT keeps it', () => {
    expect(convertResponseText(b64('hi'), undefined, false)).toEqual({ ok: true, body: b64('hi'), converted: false });
    expect(convertResponseText(b64('hi'), 'CONVERT_TO_BINARY', false)).toEqual({
      ok: true,
      body: 'hi',
      converted: true,
    });
    expect(convertResponseText(b64('hi'), undefined, true)).toMatchObject({ ok: true, body: 'hi' });
    expect(convertResponseText(b64('hi'), 'CONVERT_TO_TEXT', true)).toMatchObject({ ok: true, body: b64('hi') });
    expect(convertResponseText('{"not": "base64"}', 'CONVERT_TO_BINARY', false)).toEqual({ ok: false });
  });

  it('request: a binary payload under CONVERT_TO_TEXT becomes base64; a text payload under CONVERT_TO_BINARY is decoded', () => {
    expect(convertRequestBody('raw', 'CONVERT_TO_TEXT', true)).toEqual({ ok: true, body: b64('raw') });
    expect(convertRequestBody('raw', undefined, true)).toEqual({ ok: true, body: 'raw' });
    expect(convertRequestBody(b64('x'), 'CONVERT_TO_BINARY', false)).toEqual({ ok: true, body: 'x' });
    expect(convertRequestBody('{}', 'CONVERT_TO_TEXT', false)).toEqual({ ok: true, body: '{}' });
    expect(convertRequestBody('not base64!', 'CONVERT_TO_BINARY', false)).toEqual({ ok: false });
  });
});

function api(def: Partial<RestApiDefinition>, integration: RestIntegrationDefinition, handlers: Handlers = {}) {
  return makeRestApi(restDefinition({ '/files': { methods: { POST: { integration } } } }, def), handlers);
}

describe('binary payloads through a Lambda proxy integration', () => {
  it('sends a body whose Content-Type is a binary media type base64-encoded, with isBase64Encoded: true (DG api-gateway-payload-encodings)', async () => {
    const a = api({ binaryMediaTypes: ['application/octet-stream'] }, proxy('fn').integration, {
      fn: () => ({ statusCode: 200, body: 'ok' }),
    });
    await send(a, 'POST', '/files', {
      body: new Uint8Array([0xff, 0x00, 0x41]),
      headers: { 'Content-Type': 'application/octet-stream' },
    });
    await send(a, 'POST', '/files', { body: '{"a":1}', headers: { 'Content-Type': 'application/json' } });
    const [bin, text] = eventsOf(a, 'fn');
    expect(bin).toMatchObject({ body: '/wBB', isBase64Encoded: true });
    expect(text).toMatchObject({ body: '{"a":1}', isBase64Encoded: false });
  });

  it('decodes isBase64Encoded output when Accept or the response Content-Type is binary, else sends the base64 text (LS test_aws_proxy_response_payload_format_validation, AWS-validated)', async () => {
    const handlers: Handlers = {
      fn: () => ({
        statusCode: 200,
        headers: { 'Content-Type': 'image/png' },
        body: b64('PNG!'),
        isBase64Encoded: true,
      }),
    };
    const without = api({}, proxy('fn').integration, handlers);
    expect((await send(without, 'POST', '/files')).body).toBe(b64('PNG!'));
    const withTypes = api({ binaryMediaTypes: ['image/*'] }, proxy('fn').integration, handlers);
    const res = await send(withTypes, 'POST', '/files');
    expect(res).toMatchObject({ status: 200, body: 'PNG!' });
    expect(withTypes.trace.ofKind('http.response')[0].unconfirmed).toBe('rest-binary-media-types');
  });

  it('answers 502 when isBase64Encoded output that should be decoded is not base64 (rest-binary-media-types)', async () => {
    const a = api({ binaryMediaTypes: ['*/*'] }, proxy('fn').integration, {
      fn: () => ({ statusCode: 200, body: 'not base64!', isBase64Encoded: true }),
    });
    expect((await send(a, 'POST', '/files', { headers: { Accept: 'image/png' } })).status).toBe(502);
  });
});

describe('contentHandling on a MOCK integration response', () => {
  const mock = (contentHandling?: 'CONVERT_TO_BINARY' | 'CONVERT_TO_TEXT'): RestIntegrationDefinition => ({
    type: 'MOCK',
    requestTemplates: { 'application/json': '{"statusCode": 200}' },
    integrationResponses: [
      {
        statusCode: '200',
        responseTemplates: { 'application/json': b64('binary!') },
        ...(contentHandling ? { contentHandling } : {}),
      },
    ],
  });

  it('decodes the text for a client whose Accept is a binary media type, unless CONVERT_TO_TEXT', async () => {
    const a = api({ binaryMediaTypes: ['image/png'] }, mock());
    expect((await send(a, 'POST', '/files', { headers: { Accept: 'image/png' } })).body).toBe('binary!');
    expect((await send(a, 'POST', '/files', { headers: { Accept: 'application/json' } })).body).toBe(b64('binary!'));
    const text = api({ binaryMediaTypes: ['image/png'] }, mock('CONVERT_TO_TEXT'));
    expect((await send(text, 'POST', '/files', { headers: { Accept: 'image/png' } })).body).toBe(b64('binary!'));
  });

  it('decodes under CONVERT_TO_BINARY whatever the Accept header, and answers 500 when the text is not base64 ("If the conversion fails, it returns a 500")', async () => {
    expect((await send(api({}, mock('CONVERT_TO_BINARY')), 'POST', '/files')).body).toBe('binary!');
    const broken = api(
      { binaryMediaTypes: ['*/*'] },
      {
        type: 'MOCK',
        requestTemplates: { 'application/json': '{"statusCode": 200}' },
        integrationResponses: [{ statusCode: '200', responseTemplates: { 'application/json': '{"json": true}' } }],
      },
    );
    expect(await send(broken, 'POST', '/files', { headers: { Accept: 'application/json' } })).toMatchObject({
      status: 500,
      body: '{"message": "Internal server error"}',
    });
  });
});

describe('contentHandling on a Lambda (AWS) integration request', () => {
  const lambda = (contentHandling: 'CONVERT_TO_BINARY' | 'CONVERT_TO_TEXT'): RestIntegrationDefinition => ({
    type: 'AWS',
    function: 'fn',
    contentHandling,
    requestTemplates: { 'application/octet-stream': '{"data": "$input.body"}' },
    integrationResponses: [{ statusCode: '200' }],
  });

  it('lets a template read a binary payload as base64 through $input.body under CONVERT_TO_TEXT (DG api-gateway-payload-encodings-workflow)', async () => {
    const a = api({ binaryMediaTypes: ['application/octet-stream'] }, lambda('CONVERT_TO_TEXT'), { fn: () => 'ok' });
    await send(a, 'POST', '/files', { body: 'raw', headers: { 'Content-Type': 'application/octet-stream' } });
    expect(eventsOf(a, 'fn')[0]).toEqual({ data: b64('raw') });
  });

  it('answers 500 without invoking when CONVERT_TO_BINARY meets a text payload that is not base64', async () => {
    const a = api({}, lambda('CONVERT_TO_BINARY'), { fn: () => 'ok' });
    const res = await send(a, 'POST', '/files', {
      body: 'not base64!',
      headers: { 'Content-Type': 'application/octet-stream' },
    });
    expect(res.status).toBe(500);
    expect(eventsOf(a, 'fn')).toHaveLength(0);
  });
});

describe('validating binaryMediaTypes and contentHandling', () => {
  it('refuses entries that are not media types and unknown contentHandling values, naming the field', () => {
    const r = validateRestDefinition(
      restDefinition(
        {
          '/x': {
            methods: {
              GET: {
                integration: {
                  type: 'MOCK',
                  contentHandling: 'CONVERT' as never,
                  integrationResponses: [{ statusCode: '200', contentHandling: 'TEXT' as never }],
                },
              },
            },
          },
        },
        { binaryMediaTypes: ['png'] },
      ),
    );
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.errors.map((e) => e.path)).toEqual(
        expect.arrayContaining([
          'binaryMediaTypes[0]',
          'resources["/x"].methods.GET.integration.contentHandling',
          'resources["/x"].methods.GET.integration.integrationResponses[0].contentHandling',
        ]),
      );
  });
});
