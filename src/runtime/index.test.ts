import { describe, expect, it } from 'vitest';
import * as node from './node';

describe('runtime entry points', () => {
  it('exports the Node-safe runtime from ./node without the browser sandbox', () => {
    expect(typeof node.createNodeInvoker).toBe('function');
    expect(typeof node.TableStore).toBe('function');
    expect(typeof node.createRuntimeServices).toBe('function');
    expect('createSandboxRuntime' in node).toBe(false);
  });

  it('exports the browser sandbox too from ./index, loading the worker bundle only when used', async () => {
    const index = await import('./index');
    expect(typeof index.createSandboxRuntime).toBe('function');
    expect(index.SHIM_SPECIFIERS).toContain('@aws-sdk/client-apigatewaymanagementapi');
  });
});
