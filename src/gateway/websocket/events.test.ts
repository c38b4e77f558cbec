/**
 * The Lambda events, diffed field by field against real captures (docs/aws-behaviour.md §2): same
 * key sets, same nesting, same value types. Ids, times and hosts differ by nature.
 */
import { describe, expect, it } from 'vitest';
import { clfTime } from '../index';
import { definitionFor, eventsOf, makeApi, open } from './test-support';

/** MESSAGE, 2024 capture (aws-lambda-go events/testdata/apigw-websocket-request-send-message.json). */
const MESSAGE_CAPTURE = {
  requestContext: {
    routeKey: '$default',
    messageId: 'R1knPc2ntjMCFIA=',
    eventType: 'MESSAGE',
    extendedRequestId: 'R1knPH17NjMFftw=',
    requestTime: '20/Jan/2024:11:55:00 +0000',
    messageDirection: 'IN',
    stage: 'prod',
    connectedAt: 1705751697419,
    requestTimeEpoch: 1705751700453,
    identity: { userAgent: 'Mozilla/5.0 (...)', sourceIp: '49.105.91.154' },
    requestId: 'R1knPH17NjMFftw=',
    domainName: 'dl7ptocha9.execute-api.ap-northeast-1.amazonaws.com',
    connectionId: 'R1kmxc2VNjMCFIA=',
    apiId: 'dl7ptocha9',
  },
  body: '{\r\n\t"a": 1\r\n}',
  isBase64Encoded: false,
};

/** DISCONNECT, 2024 capture (aws-lambda-go apigw-websocket-request-disconnect.json). */
const DISCONNECT_CAPTURE = {
  headers: {
    Host: 'dl7ptocha9.execute-api.ap-northeast-1.amazonaws.com',
    'x-api-key': '',
    'X-Forwarded-For': '',
    'x-restapi': '',
  },
  multiValueHeaders: {
    Host: ['dl7ptocha9.execute-api.ap-northeast-1.amazonaws.com'],
    'x-api-key': [''],
    'X-Forwarded-For': [''],
    'x-restapi': [''],
  },
  requestContext: {
    routeKey: '$disconnect',
    disconnectStatusCode: 1001,
    eventType: 'DISCONNECT',
    extendedRequestId: 'R1koeHsUtjMFbRw=',
    requestTime: '20/Jan/2024:11:55:08 +0000',
    messageDirection: 'IN',
    disconnectReason: '',
    stage: 'prod',
    connectedAt: 1705751697419,
    requestTimeEpoch: 1705751708326,
    identity: { userAgent: 'Mozilla/5.0 (...)', sourceIp: '49.105.91.154' },
    requestId: 'R1koeHsUtjMFbRw=',
    domainName: 'dl7ptocha9.execute-api.ap-northeast-1.amazonaws.com',
    connectionId: 'R1kmxc2VNjMCFIA=',
    apiId: 'dl7ptocha9',
  },
  isBase64Encoded: false,
};

/**
 * CONNECT: the 2020 capture (gist noid11/4aa8933d…) with its query string. Two things follow the
 * later captures instead: the null-valued `messageId`/`disconnect*` keys and the REST-style
 * null-filled identity are gone from the DG's 2023 CONNECT example and every 2024 capture, where
 * identity is `{sourceIp, userAgent}`.
 */
const CONNECT_CAPTURE = {
  headers: {
    Host: 'xxx.execute-api.ap-northeast-1.amazonaws.com',
    'Sec-WebSocket-Extensions': 'permessage-deflate; client_max_window_bits',
    'Sec-WebSocket-Key': 'X/MA+DSRXZ8WnITjBpxm3g==',
    'Sec-WebSocket-Version': '13',
    'X-Amzn-Trace-Id': 'Root=1-5fd5ea4b-35d888b22f86c62d26beae28',
    'X-Forwarded-For': '203.0.113.0',
    'X-Forwarded-Port': '443',
    'X-Forwarded-Proto': 'https',
  },
  multiValueHeaders: { Host: ['xxx.execute-api.ap-northeast-1.amazonaws.com'], 'Sec-WebSocket-Version': ['13'] },
  queryStringParameters: { token: 'abc' },
  multiValueQueryStringParameters: { token: ['abc'] },
  requestContext: {
    routeKey: '$connect',
    eventType: 'CONNECT',
    extendedRequestId: 'XfGLwFTktjMFsLg=',
    requestTime: '13/Dec/2020:10:17:47 +0000',
    messageDirection: 'IN',
    stage: 'dev',
    connectedAt: 1607854667185,
    requestTimeEpoch: 1607854667186,
    identity: { sourceIp: '203.0.113.0', userAgent: 'Mozilla/5.0 (...)' },
    requestId: 'XfGLwFTktjMFsLg=',
    domainName: 'xxx.execute-api.ap-northeast-1.amazonaws.com',
    connectionId: 'XfGLwfXXXXXXXX0=',
    apiId: 'xxx',
  },
  isBase64Encoded: false,
};

type Shape = string | { [k: string]: Shape } | Shape[];

/** The structure of a JSON value: key sets, nesting and value types, without the values. */
function shape(v: unknown): Shape {
  if (v === null) return 'null';
  if (Array.isArray(v)) return v.length ? [shape(v[0])] : [];
  if (typeof v === 'object') {
    const out: Record<string, Shape> = {};
    for (const k of Object.keys(v as object).sort()) out[k] = shape((v as Record<string, unknown>)[k]);
    return out;
  }
  return typeof v;
}

const AWS_ID = /^[A-Za-z0-9_-]{15}=$/;
const CLF = /^\d{2}\/(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/;

async function session() {
  const api = makeApi(definitionFor({ $connect: {}, $disconnect: {}, $default: {} }), {
    connect: () => ({ statusCode: 200 }),
    disconnect: () => ({}),
    default: () => ({}),
  });
  const c = await open(api, { query: 'token=abc', sourceIp: '198.51.100.1', userAgent: 'Mozilla/5.0 (test)' });
  api.advanceClock(1500);
  await c.send('{\r\n\t"a": 1\r\n}');
  api.advanceClock(1500);
  await c.close(1001, '');
  return {
    api,
    connect: eventsOf(api, 'connect')[0],
    message: eventsOf(api, 'default')[0],
    disconnect: eventsOf(api, 'disconnect')[0],
  };
}

describe('Lambda event shapes', () => {
  it('builds a MESSAGE event with exactly the keys, nesting and types of the 2024 capture', async () => {
    const { message } = await session();
    expect(shape(message)).toEqual(shape(MESSAGE_CAPTURE));
  });

  it('builds a DISCONNECT event with exactly the keys, nesting and types of the 2024 capture, fixed headers included', async () => {
    const { disconnect, api } = await session();
    expect(shape(disconnect)).toEqual(shape(DISCONNECT_CAPTURE));
    expect(disconnect.headers).toEqual({
      Host: api.domainName,
      'x-api-key': '',
      'X-Forwarded-For': '',
      'x-restapi': '',
    });
    expect(disconnect.multiValueHeaders).toEqual({
      Host: [api.domainName],
      'x-api-key': [''],
      'X-Forwarded-For': [''],
      'x-restapi': [''],
    });
  });

  it('builds a CONNECT event with the keys, nesting and types of the capture, and every captured header', async () => {
    const { connect } = await session();
    const { headers, multiValueHeaders, ...rest } = connect as Record<string, Record<string, unknown>>;
    const { headers: capHeaders, multiValueHeaders: _mv, ...capRest } = CONNECT_CAPTURE;
    expect(shape(rest)).toEqual(shape(capRest));
    for (const name of Object.keys(capHeaders)) expect(typeof headers[name], name).toBe('string');
    expect(headers['Sec-WebSocket-Version']).toBe('13');
    expect(headers['Sec-WebSocket-Extensions']).toBe('permessage-deflate; client_max_window_bits');
    expect(headers['Sec-WebSocket-Key']).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(headers['X-Amzn-Trace-Id']).toMatch(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/);
    expect(headers).toMatchObject({
      'X-Forwarded-For': '198.51.100.1',
      'X-Forwarded-Port': '443',
      'X-Forwarded-Proto': 'https',
      'User-Agent': 'Mozilla/5.0 (test)',
    });
    // multiValueHeaders mirrors headers, one value each.
    expect(Object.keys(multiValueHeaders)).toEqual(Object.keys(headers));
    for (const [k, v] of Object.entries(headers)) expect(multiValueHeaders[k]).toEqual([v]);
  });

  it('fills requestContext as AWS does: extendedRequestId equals requestId, CLF requestTime, one connectedAt per connection', async () => {
    const { api, connect, message, disconnect } = await session();
    const ctxs = [connect, message, disconnect].map((e) => e.requestContext as Record<string, unknown>);
    for (const ctx of ctxs) {
      expect(ctx.extendedRequestId).toBe(ctx.requestId);
      expect(ctx.requestId).toMatch(AWS_ID);
      expect(ctx.connectionId).toMatch(AWS_ID);
      expect(ctx.requestTime).toMatch(CLF);
      expect(ctx.requestTime).toBe(clfTime(ctx.requestTimeEpoch as number));
      expect(ctx).toMatchObject({
        messageDirection: 'IN',
        stage: 'dev',
        apiId: 'abcdef1234',
        domainName: api.domainName,
      });
      expect(ctx.identity).toEqual({ sourceIp: '198.51.100.1', userAgent: 'Mozilla/5.0 (test)' });
    }
    expect(new Set(ctxs.map((c) => c.connectedAt)).size).toBe(1);
    expect(new Set(ctxs.map((c) => c.requestId)).size).toBe(3);
    const times = ctxs.map((c) => c.requestTimeEpoch as number);
    expect(times[1] - times[0]).toBe(1500);
    expect(times[2] - times[1]).toBe(1500);
    expect((ctxs[1] as Record<string, unknown>).messageId).toMatch(AWS_ID);
    expect(ctxs[2]).toMatchObject({ disconnectStatusCode: 1001, disconnectReason: '' });
  });

  it('passes the message body as the raw frame text, never parsed, with isBase64Encoded false', async () => {
    const { message } = await session();
    expect(message.body).toBe('{\r\n\t"a": 1\r\n}');
    expect(message.isBase64Encoded).toBe(false);
    expect(message).not.toHaveProperty('headers');
  });

  it('omits queryStringParameters and multiValueQueryStringParameters when the URL has no query (SO manual e2e expects undefined)', async () => {
    const api = makeApi(definitionFor({ $connect: {}, $default: {} }), {
      connect: () => ({ statusCode: 200 }),
      default: () => ({}),
    });
    await open(api);
    const event = eventsOf(api, 'connect')[0];
    expect(event).not.toHaveProperty('queryStringParameters');
    expect(event).not.toHaveProperty('multiValueQueryStringParameters');
  });

  it('keeps the last value of a repeated query key in queryStringParameters and all of them in the multi-value map (§5.2)', async () => {
    const api = makeApi(definitionFor({ $connect: {}, $default: {} }), {
      connect: () => ({ statusCode: 200 }),
      default: () => ({}),
    });
    await open(api, { query: 'room=a&room=b&name=Ada+Lovelace&x=%F0%9F%98%80' });
    const event = eventsOf(api, 'connect')[0];
    expect(event.queryStringParameters).toEqual({ room: 'b', name: 'Ada Lovelace', x: '😀' });
    expect(event.multiValueQueryStringParameters).toEqual({ room: ['a', 'b'], name: ['Ada Lovelace'], x: ['😀'] });
  });

  it('adds the client headers and the offered subprotocols to the CONNECT headers', async () => {
    const api = makeApi(definitionFor({ $connect: {}, $default: {} }), {
      connect: () => ({ statusCode: 200 }),
      default: () => ({}),
    });
    await api.connect({
      headers: { Origin: 'https://example.com', Authorization: 'Bearer t' },
      subprotocols: ['a', 'b'],
    });
    expect(eventsOf(api, 'connect')[0].headers).toMatchObject({
      Origin: 'https://example.com',
      Authorization: 'Bearer t',
      'Sec-WebSocket-Protocol': 'a, b',
    });
  });

  it('formats requestTime in CLF, always in UTC', () => {
    expect(clfTime(Date.UTC(2024, 0, 20, 11, 55, 0, 453))).toBe('20/Jan/2024:11:55:00 +0000');
    expect(clfTime(Date.UTC(2020, 11, 3, 1, 2, 3))).toBe('03/Dec/2020:01:02:03 +0000');
  });

  it('includes stageVariables on proxy events only when the stage has variables (UNCONFIRMED; optional in @types/aws-lambda)', async () => {
    const def = definitionFor({ $connect: {}, $default: {} }, { stage: { name: 'dev', variables: { table: 'chat' } } });
    const api = makeApi(def, { connect: () => ({ statusCode: 200 }), default: () => ({}) });
    const c = await open(api);
    await c.send('x');
    expect(eventsOf(api, 'connect')[0].stageVariables).toEqual({ table: 'chat' });
    expect(eventsOf(api, 'default')[0].stageVariables).toEqual({ table: 'chat' });
  });
});
