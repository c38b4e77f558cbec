import { describe, expect, it } from 'vitest';
import { IdGenerator, seedFrom } from './ids';

describe('IdGenerator', () => {
  it('gives the same ids for the same seed, so two engines replay identically', () => {
    const a = new IdGenerator('lesson-1');
    const b = new IdGenerator('lesson-1');
    expect([a.awsId(), a.apiId(), a.uuid()]).toEqual([b.awsId(), b.apiId(), b.uuid()]);
  });

  it('keeps giving a seed the ids it gave before, so saved traces and replays still match', () => {
    const g = new IdGenerator('x');
    expect([g.awsId(), g.uuid(), g.apiId()]).toEqual([
      'eG0NKRltb7-DKY5=',
      'ba83f94b-4247-4e64-b3f2-2fb2f3c98582',
      '6fy14qg0oe',
    ]);
  });

  it('keeps giving a seed the same long run of ids of every kind (a hash of 1,000 of each, as drawn before)', () => {
    const g = new IdGenerator('replay');
    let all = '';
    for (let i = 0; i < 1000; i++)
      all += g.awsId() + g.uuid() + g.apiId() + g.traceId(1768478400000 + i * 1000) + g.webSocketKey() + g.short('inv');
    expect([all.length, seedFrom(all)]).toEqual([138000, 2320286249]);
  });

  it('gives different ids for different seeds', () => {
    expect(new IdGenerator(1).awsId()).not.toBe(new IdGenerator(2).awsId());
  });

  it('formats connection ids like AWS: 15 URL-safe characters and a trailing "=" (docs/aws-behaviour.md §2)', () => {
    const id = new IdGenerator(7).awsId();
    expect(id).toMatch(/^[A-Za-z0-9_-]{15}=$/);
  });

  it('formats API ids as 10 lowercase alphanumerics and request ids as UUIDs', () => {
    const g = new IdGenerator(3);
    expect(g.apiId()).toMatch(/^[a-z0-9]{10}$/);
    expect(g.uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
