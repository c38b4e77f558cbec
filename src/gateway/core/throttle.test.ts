import { describe, expect, it } from 'vitest';
import { ManualClock } from './clock';
import {
  ACCOUNT_BURST_LIMIT,
  ACCOUNT_RATE_LIMIT,
  QuotaCounter,
  quotaPeriodEnd,
  quotaPeriodStart,
  TokenBucket,
} from './throttle';

describe('TokenBucket (DG api-gateway-request-throttling: token bucket)', () => {
  it('exports the account defaults of 10,000 rps steady and 5,000 burst (DG limits)', () => {
    expect([ACCOUNT_RATE_LIMIT, ACCOUNT_BURST_LIMIT]).toEqual([10_000, 5_000]);
  });

  it('lets a burst of `burst` requests through at once, then refuses with 429', () => {
    const clock = new ManualClock();
    const bucket = new TokenBucket({ rate: 2, burst: 3, now: clock.now() });
    const results = Array.from({ length: 4 }, () => bucket.take(clock.now()));
    expect(results.map((r) => r.ok)).toEqual([true, true, true, false]);
    expect(results.map((r) => r.tokensLeft)).toEqual([2, 1, 0, 0]);
    expect(results[3].retryAfterMs).toBe(500);
  });

  it('refills one token after 1/rate seconds, not before', () => {
    const clock = new ManualClock();
    const bucket = new TokenBucket({ rate: 4, burst: 1, now: clock.now() });
    expect(bucket.take(clock.now()).ok).toBe(true);
    clock.advance(249);
    expect(bucket.take(clock.now()).ok).toBe(false);
    clock.advance(1);
    expect(bucket.take(clock.now())).toEqual({ ok: true, tokensLeft: 0 });
    expect(bucket.take(clock.now()).ok).toBe(false);
  });

  it('refills at the account rate: 1/10,000 s gives one token back', () => {
    const clock = new ManualClock();
    const bucket = new TokenBucket({ rate: ACCOUNT_RATE_LIMIT, burst: ACCOUNT_BURST_LIMIT, now: clock.now() });
    for (let i = 0; i < ACCOUNT_BURST_LIMIT; i++) bucket.take(clock.now());
    expect(bucket.take(clock.now()).ok).toBe(false);
    expect(bucket.take(clock.now() + 0.1).ok).toBe(true);
  });

  it('never holds more than `burst` tokens, however long it idles', () => {
    const clock = new ManualClock();
    const bucket = new TokenBucket({ rate: 100, burst: 5, now: clock.now() });
    clock.advance(3_600_000);
    expect(bucket.available(clock.now())).toBe(5);
    expect(Array.from({ length: 6 }, () => bucket.take(clock.now()).ok)).toEqual([true, true, true, true, true, false]);
  });

  it('refuses everything with a burst of 0, and never refills with a rate of 0', () => {
    const none = new TokenBucket({ rate: 10, burst: 0, now: 0 });
    expect(none.take(10_000)).toEqual({ ok: false, tokensLeft: 0 });
    const once = new TokenBucket({ rate: 0, burst: 1, now: 0 });
    expect([once.take(0).ok, once.take(1e9).ok]).toEqual([true, false]);
  });
});

describe('QuotaCounter (DG api-gateway-api-usage-plans; UNCONFIRMED: rest-quota-calendar)', () => {
  it('counts requests up to the limit, then refuses until the next UTC day', () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 15, 23, 59, 0));
    const quota = new QuotaCounter({ limit: 2, period: 'DAY', now: clock.now() });
    const midnight = Date.UTC(2026, 0, 16);
    expect(quota.consume(clock.now())).toEqual({ ok: true, remaining: 1, resetsAt: midnight });
    expect(quota.consume(clock.now())).toEqual({ ok: true, remaining: 0, resetsAt: midnight });
    expect(quota.consume(clock.now())).toEqual({
      ok: false,
      remaining: 0,
      resetsAt: midnight,
      unconfirmed: 'rest-quota-calendar',
    });
    clock.advanceTo(midnight - 1);
    expect(quota.consume(clock.now()).ok).toBe(false);
    clock.advanceTo(midnight);
    expect(quota.consume(clock.now())).toEqual({ ok: true, remaining: 1, resetsAt: Date.UTC(2026, 0, 17) });
  });

  it('resets a WEEK quota on Sunday 00:00 UTC and a MONTH quota on the 1st', () => {
    // 2026-01-15 is a Thursday; the week began on Sunday 2026-01-11.
    const thursday = Date.UTC(2026, 0, 15, 12);
    expect(quotaPeriodStart('WEEK', thursday)).toBe(Date.UTC(2026, 0, 11));
    expect(quotaPeriodEnd('WEEK', thursday)).toBe(Date.UTC(2026, 0, 18));
    expect(quotaPeriodStart('MONTH', thursday)).toBe(Date.UTC(2026, 0, 1));
    expect(quotaPeriodEnd('MONTH', Date.UTC(2026, 11, 31, 23))).toBe(Date.UTC(2027, 0, 1));

    const week = new QuotaCounter({ limit: 1, period: 'WEEK', now: thursday });
    expect(week.consume(thursday).ok).toBe(true);
    expect(week.consume(Date.UTC(2026, 0, 17, 23, 59)).ok).toBe(false);
    expect(week.consume(Date.UTC(2026, 0, 18)).ok).toBe(true);

    const month = new QuotaCounter({ limit: 1, period: 'MONTH', now: thursday });
    expect(month.consume(thursday).ok).toBe(true);
    expect(month.remaining(Date.UTC(2026, 0, 31, 23))).toBe(0);
    expect(month.remaining(Date.UTC(2026, 1, 1))).toBe(1);
  });

  it('refuses everything with a limit of 0', () => {
    const quota = new QuotaCounter({ limit: 0, period: 'DAY', now: 0 });
    expect(quota.consume(0)).toMatchObject({ ok: false, remaining: 0 });
  });
});
