import { describe, expect, it } from 'vitest';
import type { FunctionConfig } from '../gateway';
import { createVersionKeys, versionKey } from './version';

const config = { handler: 'index.handler', timeout: 3, memorySize: 128 } as FunctionConfig;

describe('createVersionKeys', () => {
  it('gives the key versionKey gives, for each function and region', () => {
    const keys = createVersionKeys();
    const files = Object.freeze({ 'index.ts': 'export const handler = async () => ({});' });
    expect(keys('chat', files, config, 'us-east-1')).toBe(versionKey('chat', files, config, 'us-east-1'));
    expect(keys('echo', files, config, 'us-east-1')).toBe(versionKey('echo', files, config, 'us-east-1'));
    expect(keys('chat', files, config, 'eu-west-1')).toBe(versionKey('chat', files, config, 'eu-west-1'));
    expect(keys('chat', files, config, 'us-east-1')).not.toBe(keys('chat', files, config, 'eu-west-1'));
  });

  it('hashes the files once per deployment (the same objects) and anew when they change', () => {
    const keys = createVersionKeys();
    let reads = 0;
    const files = Object.freeze(
      Object.defineProperty({}, 'index.ts', {
        enumerable: true,
        get: () => {
          reads++;
          return 'export const handler = async () => ({});';
        },
      }) as Record<string, string>,
    );
    const first = keys('chat', files, config, 'us-east-1');
    for (let i = 0; i < 200; i++) expect(keys('chat', files, config, 'us-east-1')).toBe(first);
    expect(reads).toBe(1);
    // A new deployment hands out new objects: a new key when the code differs.
    const changed = Object.freeze({ 'index.ts': 'export const handler = async () => ({ statusCode: 200 });' });
    expect(keys('chat', changed, config, 'us-east-1')).not.toBe(first);
    expect(keys('chat', files, { ...config, timeout: 10 }, 'us-east-1')).not.toBe(first);
  });
});
