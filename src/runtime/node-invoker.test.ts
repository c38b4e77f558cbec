import { describe, expect, it } from 'vitest';
import { TableStore } from './dynamodb/table-store';
import { request } from './fixtures/requests';
import { MAX_LOG_LINES } from './lambda/limits';
import { createNodeInvoker } from './node-invoker';
import { createRuntimeServices } from './services';

function invokerFor(files: Record<string, string>) {
  const services = createRuntimeServices({ tables: new TableStore(), resolveManagement: () => undefined });
  return createNodeInvoker({ getFiles: () => files, services });
}

describe('Lambda semantics in the Node runner (docs: lambda/latest/dg/nodejs-handler)', () => {
  it('exposes the configured environment and the reserved AWS variables through process.env', async () => {
    const invoker = invokerFor({ 'env.ts': `export const handler = async () => process.env;` });
    const result = await invoker.invoke(
      request('envfn', {
        handler: 'env.handler',
        memorySize: 256,
        environment: { TABLE_NAME: 'T', AWS_REGION: 'ignored' },
      }),
    );
    expect(result).toMatchObject({
      status: 'ok',
      value: {
        TABLE_NAME: 'T',
        AWS_REGION: 'us-east-1',
        AWS_LAMBDA_FUNCTION_NAME: 'envfn',
        AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '256',
        AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
        AWS_LAMBDA_LOG_GROUP_NAME: '/aws/lambda/envfn',
        _HANDLER: 'env.handler',
      },
    });
  });

  it('gives the handler a context with the request id and getRemainingTimeInMillis on virtual time', async () => {
    const invoker = invokerFor({
      'ctx.js': `export const handler = async (e, ctx) => ({ id: ctx.awsRequestId, left: ctx.getRemainingTimeInMillis(), name: ctx.functionName });`,
    });
    const req = request('ctx', { handler: 'ctx.handler', timeout: 3 });
    const result = await invoker.invoke(req);
    if (result.status !== 'ok') throw new Error(JSON.stringify(result));
    const v = result.value as { id: string; left: number; name: string };
    expect(v.id).toBe(req.invocationId);
    expect(v.name).toBe('ctx');
    expect(v.left).toBeLessThanOrEqual(3000);
    expect(v.left).toBeGreaterThanOrEqual(3000 - Math.ceil(result.durationMs) - 1);
  });

  it('returns virtual time from Date.now() and new Date(), counted from startedAt', async () => {
    const invoker = invokerFor({
      'clock.ts': `export const handler = async () => [Date.now(), new Date().getTime(), new Date(0).getTime(), new Date() instanceof Date];`,
    });
    const startedAt = Date.UTC(2031, 0, 1);
    const result = await invoker.invoke(request('clock', { handler: 'clock.handler' }, {}, startedAt));
    if (result.status !== 'ok') throw new Error(JSON.stringify(result));
    const [now, viaNew, epoch, isDate] = result.value as [number, number, number, boolean];
    expect(now).toBeGreaterThanOrEqual(startedAt);
    expect(viaNew).toBeLessThanOrEqual(startedAt + Math.ceil(result.durationMs) + 1);
    expect(epoch).toBe(0);
    expect(isDate).toBe(true);
  });

  it('writes START, console lines in CloudWatch format, END and REPORT, with Init Duration only on a cold start', async () => {
    const invoker = invokerFor({
      'log.ts': `console.log('init');\nexport const handler = async (e) => { console.log('got', e); console.warn('careful'); console.error(new Error('x').message); return 1; };`,
    });
    const cold = request('log', { handler: 'log.handler' }, { a: 1 });
    const first = await invoker.invoke(cold);
    const texts = first.logs.map((l) => l.text);
    expect(texts[0]).toMatch(/^2026-01-15T12:00:00\.\d{3}Z\tundefined\tINFO\tinit$/);
    expect(texts[1]).toBe(`START RequestId: ${cold.invocationId} Version: $LATEST`);
    expect(texts[2]).toMatch(
      new RegExp(`^2026-01-15T12:00:00\\.\\d{3}Z\\t${cold.invocationId}\\tINFO\\tgot \\{ a: 1 \\}$`),
    );
    expect(first.logs.slice(2, 5).map((l) => [l.level, l.text.split('\t')[2]])).toEqual([
      ['log', 'INFO'],
      ['warn', 'WARN'],
      ['error', 'ERROR'],
    ]);
    expect(texts.at(-2)).toBe(`END RequestId: ${cold.invocationId}`);
    expect(texts.at(-1)).toMatch(
      /^REPORT RequestId: \S+\tDuration: \d+\.\d\d ms\tBilled Duration: \d+ ms\tMemory Size: 128 MB\tMax Memory Used: 64 MB\tInit Duration: \d+\.\d\d ms$/,
    );
    const warm = await invoker.invoke(request('log', { handler: 'log.handler' }));
    expect(warm.logs.map((l) => l.text)).not.toContainEqual(expect.stringContaining('\tINFO\tinit'));
    expect(warm.logs.at(-1)?.text).not.toContain('Init Duration');
  });

  it('keeps module state between warm invocations and starts cold when the code changes', async () => {
    const files = { 'count.ts': `let n = 0;\nexport const handler = async () => ++n;` };
    const invoker = invokerFor(files);
    const run = async () => {
      const r = await invoker.invoke(request('count', { handler: 'count.handler' }));
      return r.status === 'ok' ? r.value : r;
    };
    expect([await run(), await run()]).toEqual([1, 2]);
    files['count.ts'] = `let n = 10;\nexport const handler = async () => ++n;`;
    expect(await run()).toBe(11);
  });

  it('reports a thrown error as {errorType, errorMessage, stack} with the Invoke Error line', async () => {
    const invoker = invokerFor({
      'boom.ts': `export const handler = async () => {\n  throw new TypeError('boom');\n};`,
    });
    const req = request('boom', { handler: 'boom.handler' });
    const result = await invoker.invoke(req);
    expect(result).toMatchObject({ status: 'error', error: { errorType: 'TypeError', errorMessage: 'boom' } });
    if (result.status !== 'error') return;
    expect(result.error.stack?.[0]).toBe('TypeError: boom');
    expect(result.error.stack?.join('\n')).toContain('/var/task/boom.ts:2:');
    const line = result.logs.find((l) => l.text.includes('Invoke Error'));
    expect(line?.text).toMatch(
      new RegExp(
        `^\\S+Z\\t${req.invocationId}\\tERROR\\tInvoke Error \\t\\{"errorType":"TypeError","errorMessage":"boom","stack":\\[`,
      ),
    );
  });

  it('supports callback-style handlers, and answers null for a sync handler that never calls back', async () => {
    const invoker = invokerFor({
      'cb.js': `export const handler = (event, context, callback) => { setTimeout(() => callback(null, { via: 'callback' }), 1); };`,
      'cberr.js': `export const handler = (event, context, callback) => callback(new Error('nope'));`,
      'sync.js': `export const handler = (event) => ({ ignored: true });`,
    });
    expect(await invoker.invoke(request('cb', { handler: 'cb.handler' }))).toMatchObject({
      status: 'ok',
      value: { via: 'callback' },
    });
    expect(await invoker.invoke(request('cberr', { handler: 'cberr.handler' }))).toMatchObject({
      status: 'error',
      error: { errorMessage: 'nope' },
    });
    expect(await invoker.invoke(request('sync', { handler: 'sync.handler' }))).toMatchObject({
      status: 'ok',
      value: null,
    });
  });

  it('names a missing handler file Runtime.ImportModuleError and a missing export Runtime.HandlerNotFound', async () => {
    const invoker = invokerFor({ 'index.ts': `export const other = async () => 1;` });
    expect(await invoker.invoke(request('a', { handler: 'missing.handler' }))).toMatchObject({
      status: 'error',
      error: {
        errorType: 'Runtime.ImportModuleError',
        errorMessage: expect.stringContaining(`Cannot find module 'missing'`),
      },
    });
    expect(await invoker.invoke(request('b', { handler: 'index.handler' }))).toMatchObject({
      status: 'error',
      error: { errorType: 'Runtime.HandlerNotFound', errorMessage: 'index.handler is undefined or not exported' },
    });
  });

  it('names an unknown import Runtime.ImportModuleError, listing what the playground provides', async () => {
    const invoker = invokerFor({ 'h.ts': `import { v4 } from 'uuid';\nexport const handler = async () => v4();` });
    const result = await invoker.invoke(request('h', { handler: 'h.handler' }));
    expect(result).toMatchObject({ status: 'error', error: { errorType: 'Runtime.ImportModuleError' } });
    if (result.status === 'error') {
      expect(result.error.errorMessage).toContain(`Cannot find module 'uuid'`);
      expect(result.error.errorMessage).toContain('@aws-sdk/lib-dynamodb');
    }
    expect(result.logs[0].text).toMatch(
      /\tundefined\tERROR\tUncaught Exception \t\{"errorType":"Runtime.ImportModuleError"/,
    );
  });

  it('reports a transpile error as Runtime.UserCodeSyntaxError with file, line and column', async () => {
    const invoker = invokerFor({ 'bad.ts': `export const handler = async () => {\n  return (;\n};` });
    const result = await invoker.invoke(request('bad', { handler: 'bad.handler' }));
    expect(result).toMatchObject({
      status: 'error',
      error: { errorType: 'Runtime.UserCodeSyntaxError', errorMessage: 'SyntaxError: Unexpected token (bad.ts:2:11)' },
    });
  });

  it('ends an invocation that awaits past its timeout with Task timed out, and starts the next one cold', async () => {
    const invoker = invokerFor({
      'slow.ts': `let n = 0;\nexport const handler = async (e) => { n++; console.log('waiting'); if (e.wait) await new Promise(() => {}); return n; };`,
    });
    const req = request('slow', { handler: 'slow.handler', timeout: 0.05 }, { wait: true });
    const result = await invoker.invoke(req);
    expect(result.status).toBe('timeout');
    expect(result.durationMs).toBe(50);
    const texts = result.logs.map((l) => l.text);
    expect(texts.some((t) => t.endsWith('\tINFO\twaiting'))).toBe(true);
    expect(texts.slice(-3, -1)).toEqual([
      `END RequestId: ${req.invocationId}`,
      expect.stringMatching(/^REPORT RequestId: \S+\tDuration: 50\.00 ms\tBilled Duration: 50 ms/),
    ]);
    expect(texts.at(-1)).toBe(`2026-01-15T12:00:00.050Z ${req.invocationId} Task timed out after 0.05 seconds`);
    // The timed-out environment is discarded: module state starts over.
    expect(await invoker.invoke(request('slow', { handler: 'slow.handler', timeout: 0.05 }, {}))).toMatchObject({
      status: 'ok',
      value: 1,
    });
  });

  it('keeps at most MAX_LOG_LINES lines per invocation, so a logging loop cannot flood the page', async () => {
    const invoker = invokerFor({
      'chatty.ts': `export const handler = async () => { for (let i = 0; i < ${MAX_LOG_LINES + 500}; i++) console.log(i); return 'done'; };`,
    });
    const result = await invoker.invoke(request('chatty', { handler: 'chatty.handler' }));
    expect(result).toMatchObject({ status: 'ok', value: 'done' });
    expect(result.logs.filter((l) => l.level === 'log')).toHaveLength(MAX_LOG_LINES);
    expect(result.logs.map((l) => l.text)).toContainEqual(expect.stringContaining('later lines are dropped'));
    expect(result.logs.at(-1)?.text).toMatch(/^REPORT RequestId/);
  });

  it('keeps at most 1 MB of log output per invocation, counted in UTF-8 as CloudWatch counts it', async () => {
    const invoker = invokerFor({
      'wordy.ts': `export const handler = async () => { const s = '€'.repeat(70_000); for (let i = 0; i < 20; i++) console.log(s); return 'done'; };`,
    });
    const result = await invoker.invoke(request('wordy', { handler: 'wordy.handler' }));
    expect(result).toMatchObject({ status: 'ok', value: 'done' });
    // 210,000 bytes (plus the line prefix) each: four fit in 1 MB, the fifth would not.
    expect(result.logs.filter((l) => l.level === 'log')).toHaveLength(4);
    expect(result.logs.map((l) => l.text)).toContain(
      'The playground keeps 1 MB of log output per invocation (one CloudWatch Logs batch); later lines are dropped.',
    );
    expect(result.logs.at(-1)?.text).toMatch(/^REPORT RequestId/);
  });

  it('serialises the return value as Lambda does (JSON: Dates become strings, undefined becomes null)', async () => {
    const invoker = invokerFor({
      'ser.ts': `export const handler = async () => ({ d: new Date(0), u: undefined, n: 1 });`,
      'undef.ts': `export const handler = async () => undefined;`,
    });
    expect(await invoker.invoke(request('ser', { handler: 'ser.handler' }))).toMatchObject({
      status: 'ok',
      value: { d: '1970-01-01T00:00:00.000Z', n: 1 },
    });
    expect(await invoker.invoke(request('undef', { handler: 'undef.handler' }))).toMatchObject({
      status: 'ok',
      value: null,
    });
  });
});
