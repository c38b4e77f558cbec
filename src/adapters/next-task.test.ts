import { describe, expect, it } from 'vitest';
import { nextTask } from './next-task';

describe('nextTask', () => {
  it('resolves after the current task and its microtasks, in the order asked', async () => {
    const order: string[] = [];
    const done = Promise.all([1, 2, 3].map((n) => nextTask().then(() => order.push(`task ${n}`))));
    queueMicrotask(() => order.push('microtask'));
    order.push('sync');
    await done;
    expect(order).toEqual(['sync', 'microtask', 'task 1', 'task 2', 'task 3']);
  });

  it('keeps serving after many calls (one channel for all)', async () => {
    let count = 0;
    await Promise.all(Array.from({ length: 500 }, () => nextTask().then(() => count++)));
    expect(count).toBe(500);
  });
});
