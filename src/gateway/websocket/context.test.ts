import { describe, expect, it } from 'vitest';
import { ManualClock, type InvocationRequest, type Invoker, type LambdaContext } from '../index';
import { definitionFor, makeApi, open } from './test-support';

describe('what a handler is given', () => {
  it('passes the configuration from definition.functions with Lambda defaults (3 s, 128 MB, no environment)', async () => {
    const requests: InvocationRequest[] = [];
    const invoker: Invoker = {
      invoke: async (request) => (requests.push(request), { status: 'ok', value: {}, durationMs: 0, logs: [] }),
    };
    const def = definitionFor(
      { $default: {}, big: {} },
      { functions: { big: { handler: 'big.main', timeout: 30, memorySize: 1024, environment: { TABLE: 'chat' } } } },
    );
    const clock = new ManualClock(1_000);
    const api = makeApi(def, {}, { invoker, clock, accountId: '111122223333' });
    const c = await open(api);
    await c.send('plain');
    await c.send('{"action":"big"}');
    expect(requests.map((r) => r.config)).toEqual([
      { handler: 'default.handler', timeout: 3, memorySize: 128, environment: {} },
      { handler: 'big.main', timeout: 30, memorySize: 1024, environment: { TABLE: 'chat' } },
    ]);
    const [first, second] = requests;
    expect(first.context).toMatchObject({
      functionName: 'default',
      functionVersion: '$LATEST',
      invokedFunctionArn: 'arn:aws:lambda:us-east-1:111122223333:function:default',
      memoryLimitInMB: '128',
      logGroupName: '/aws/lambda/default',
      deadlineMs: 1_000 + 3_000,
    });
    expect(first.context.logStreamName).toMatch(/^1970\/01\/01\/\[\$LATEST\][0-9a-f]{32}$/);
    expect(second.context).toMatchObject({ memoryLimitInMB: '1024', deadlineMs: 1_000 + 30_000 });
    expect(first.invocationId).toBe(first.context.awsRequestId);
    expect(first.context.awsRequestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(first).toMatchObject({ startedAt: 1_000, region: 'us-east-1', functionName: 'default' });
    expect(api.trace.ofKind('lambda.invoke')[0].invocationId).toBe(first.invocationId);
  });

  it('gives an in-process handler a Lambda-shaped context (Lambda DG nodejs-context)', async () => {
    let ctx: LambdaContext | undefined;
    let remaining = 0;
    const def = definitionFor({ $default: {} }, { functions: { default: { handler: 'default.handler', timeout: 6 } } });
    const api = makeApi(def, {
      default: (_event, context) => {
        ctx = context;
        remaining = context.getRemainingTimeInMillis();
        return {};
      },
    });
    const c = await open(api);
    await c.send('x');
    expect(ctx).toMatchObject({
      functionName: 'default',
      memoryLimitInMB: '128',
      callbackWaitsForEmptyEventLoop: true,
    });
    expect(remaining).toBe(6000);
    expect(ctx?.awsRequestId).toBe(api.trace.ofKind('lambda.invoke')[0].invocationId);
  });
});
