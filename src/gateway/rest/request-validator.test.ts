import { describe, expect, it } from 'vitest';
import { eventsOf, makeRestApi, proxy, restDefinition, send } from './test-support';

function validatedApi(validator: { validateRequestBody?: boolean; validateRequestParameters?: boolean }) {
  return makeRestApi(
    restDefinition(
      {
        '/pets/{id}': {
          methods: {
            POST: proxy('fn', {
              requestValidator: 'v',
              requestParameters: {
                'method.request.header.x-header-param': true,
                'method.request.querystring.qs1': true,
                'method.request.querystring.opt': false,
              },
              requestModels: { 'application/json': 'Pet' },
            }),
          },
        },
      },
      {
        requestValidators: { v: validator },
        models: { Pet: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } } },
      },
    ),
    { fn: () => ({ statusCode: 200, body: 'ok' }) },
  );
}

describe('REST request validation (docs/aws-behaviour.md §5.9; DG api-gateway-request-validation-test)', () => {
  it('answers 400 "Missing required request parameters: [...]" (BadRequestException) without calling the backend', async () => {
    const api = validatedApi({ validateRequestParameters: true });
    const res = await send(api, 'POST', '/pets/1', { body: '{"name":"Rex"}' });
    expect(res.status).toBe(400);
    expect(res.body).toBe('{"message": "Missing required request parameters: [x-header-param, qs1]"}');
    expect(res.headers['x-amzn-ErrorType']).toBe('BadRequestException');
    expect(eventsOf(api, 'fn')).toHaveLength(0);
    expect(api.trace.ofKind('validation')[0]).toMatchObject({ outcome: 'failed', validator: 'v' });
  });

  it('answers 400 {"message": "Invalid request body"} when the body does not match the model', async () => {
    const api = validatedApi({ validateRequestBody: true });
    const res = await send(api, 'POST', '/pets/1', {
      body: '{"nom":"Rex"}',
      headers: { 'Content-Type': 'application/json' },
    });
    expect(res).toMatchObject({ status: 400, body: '{"message": "Invalid request body"}' });
  });

  it('passes a valid request on and traces the validation', async () => {
    const api = validatedApi({ validateRequestBody: true, validateRequestParameters: true });
    const res = await send(api, 'POST', '/pets/1?qs1=a', {
      body: '{"name":"Rex"}',
      headers: { 'X-Header-Param': 'h' },
    });
    expect(res.status).toBe(200);
    expect(api.trace.ofKind('validation')[0]).toMatchObject({ outcome: 'ok' });
  });

  it('checks only what the validator asks for', async () => {
    const api = validatedApi({ validateRequestBody: true });
    expect((await send(api, 'POST', '/pets/1', { body: '{"name":"Rex"}' })).status).toBe(200);
  });
});
