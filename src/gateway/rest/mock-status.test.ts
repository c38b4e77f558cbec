import { describe, expect, it } from 'vitest';
import { MOCK_STATUS_UNREADABLE, readMockStatusCode } from './mock-status';

describe('readMockStatusCode (DG how-to-mock-integration; known difference rest-mock-status-code)', () => {
  it('reads an integer statusCode from strict JSON, as the guide writes it', () => {
    expect(readMockStatusCode('{"statusCode": 200}')).toEqual({ ok: true, statusCode: 200 });
    expect(readMockStatusCode('\n{\n  "statusCode": 404,\n  "other": [1, {"a": 2}]\n}\n')).toEqual({
      ok: true,
      statusCode: 404,
    });
  });

  it("reads AWS CDK's generated CORS preflight template { statusCode: 200 } (unquoted key), labelled unconfirmed", () => {
    // aws-cdk-lib aws-apigateway Resource.addCorsPreflight writes this text into every preflight MOCK.
    expect(readMockStatusCode('{ statusCode: 200 }')).toEqual({
      ok: true,
      statusCode: 200,
      unconfirmed: 'rest-mock-status-code',
    });
    expect(readMockStatusCode("{'statusCode': 204, 'x': 'a,b'}")).toMatchObject({ ok: true, statusCode: 204 });
    expect(readMockStatusCode('{ other: {a: 1, b: [2, 3]}, statusCode: 500 }')).toMatchObject({
      ok: true,
      statusCode: 500,
    });
  });

  it('cannot read a status that is a string, a fraction, missing, or text that is not one object', () => {
    for (const text of [
      '{"statusCode": "200"}',
      '{"statusCode": 200.5}',
      '{"code": 200}',
      '',
      'statusCode: 200',
      '{ statusCode: 200',
      '{ nested: { statusCode: 200 } }',
      '[{"statusCode": 200}]',
    ])
      expect(readMockStatusCode(text), text).toMatchObject({ ok: false, reason: MOCK_STATUS_UNREADABLE });
  });
});
