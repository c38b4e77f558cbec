/**
 * Throttling and quotas on virtual time (docs/aws-behaviour.md §4, §5.8): the token bucket API Gateway uses
 * for account, stage, method and usage-plan limits (DG api-gateway-request-throttling), and the
 * usage-plan request quota (DG api-gateway-api-usage-plans). Pure and deterministic: every call
 * takes the engine Clock's `now` (epoch ms), so tests and the UI can move time by hand.
 */
import type { KnownDifferenceId } from './known-differences';

/** Account-level steady rate per Region, all API types: 10,000 requests per second (DG limits). */
export const ACCOUNT_RATE_LIMIT = 10_000;
/** Account-level burst (the bucket's size): 5,000 requests (DG limits). */
export const ACCOUNT_BURST_LIMIT = 5_000;

/** Float slack, so 1/rate seconds of refill counts as a whole token despite rounding. */
const EPSILON = 1e-9;

export interface TakeResult {
  ok: boolean;
  /** Whole tokens left after this request. */
  tokensLeft: number;
  /** When refused: milliseconds until one token is back (absent when the rate is 0). */
  retryAfterMs?: number;
}

/**
 * A token bucket (DG api-gateway-request-throttling: "API Gateway throttles requests to your
 * API using the token bucket algorithm, where a token counts for a request"): it starts full at
 * `burst` tokens, refills continuously at `rate` tokens per second up to `burst`, and each
 * request takes one token or is refused (429) when none is left.
 */
export class TokenBucket {
  readonly rate: number;
  readonly burst: number;
  #tokens: number;
  #last: number;

  constructor(opts: { rate: number; burst: number; now: number }) {
    this.rate = Math.max(0, opts.rate);
    this.burst = Math.max(0, opts.burst);
    this.#tokens = this.burst;
    this.#last = opts.now;
  }

  /** Takes one token at `now`. */
  take(now: number): TakeResult {
    this.#refill(now);
    if (this.#tokens + EPSILON >= 1) {
      this.#tokens = Math.max(0, this.#tokens - 1);
      return { ok: true, tokensLeft: Math.floor(this.#tokens + EPSILON) };
    }
    const result: TakeResult = { ok: false, tokensLeft: 0 };
    if (this.rate > 0 && this.burst >= 1) result.retryAfterMs = Math.ceil(((1 - this.#tokens) * 1000) / this.rate);
    return result;
  }

  /** Tokens available at `now` (fractional), without taking one. */
  available(now: number): number {
    this.#refill(now);
    return this.#tokens;
  }

  #refill(now: number): void {
    // Time never runs backwards for the bucket: an earlier `now` adds nothing.
    const elapsed = Math.max(0, now - this.#last);
    this.#last = Math.max(this.#last, now);
    this.#tokens = Math.min(this.burst, this.#tokens + (elapsed * this.rate) / 1000);
  }
}

export type QuotaPeriod = 'DAY' | 'WEEK' | 'MONTH';

export interface ConsumeResult {
  ok: boolean;
  /** Requests left in the current period after this one. */
  remaining: number;
  /** Epoch ms when the current period ends and the count starts again. */
  resetsAt: number;
  /** On a refusal: when it ends rests on the calendar-period choice (KNOWN_DIFFERENCES rest-quota-calendar). */
  unconfirmed?: KnownDifferenceId;
}

/**
 * The start of the UTC calendar period containing `now`.
 *
 * UNCONFIRMED (rest-quota-calendar): AWS does not say whether quota periods are calendar periods
 * or rolling windows. We use UTC calendar periods: DAY from 00:00, WEEK from Sunday 00:00 (the
 * QuotaSettings `offset` field was documented as "with a time period of WEEK, an offset of 0
 * starts on Sunday"), MONTH from the 1st.
 */
export function quotaPeriodStart(period: QuotaPeriod, now: number): number {
  const d = new Date(now);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  const day = d.getUTCDate();
  if (period === 'MONTH') return Date.UTC(y, m, 1);
  if (period === 'WEEK') return Date.UTC(y, m, day - d.getUTCDay());
  return Date.UTC(y, m, day);
}

/** The start of the period after the one containing `now`. */
export function quotaPeriodEnd(period: QuotaPeriod, now: number): number {
  const start = new Date(quotaPeriodStart(period, now));
  const y = start.getUTCFullYear();
  const m = start.getUTCMonth();
  const day = start.getUTCDate();
  if (period === 'MONTH') return Date.UTC(y, m + 1, 1);
  return Date.UTC(y, m, day + (period === 'WEEK' ? 7 : 1));
}

/**
 * A usage plan's request quota ("the maximum number of requests … in a given time interval",
 * DAY, WEEK or MONTH; DG api-gateway-api-usage-plans). Over the limit, API Gateway answers 429
 * `{"message":"Limit Exceeded"}` (docs/aws-behaviour.md §4) until the period resets.
 */
export class QuotaCounter {
  readonly limit: number;
  readonly period: QuotaPeriod;
  #used = 0;
  #start: number;
  #end: number;

  constructor(opts: { limit: number; period: QuotaPeriod; now: number }) {
    this.limit = Math.max(0, Math.floor(opts.limit));
    this.period = opts.period;
    this.#start = quotaPeriodStart(this.period, opts.now);
    this.#end = quotaPeriodEnd(this.period, opts.now);
  }

  /** Counts one request at `now`. A refused request does not count. */
  consume(now: number): ConsumeResult {
    this.#roll(now);
    if (this.#used >= this.limit) {
      return { ok: false, remaining: 0, resetsAt: this.#end, unconfirmed: 'rest-quota-calendar' };
    }
    this.#used++;
    return { ok: true, remaining: this.limit - this.#used, resetsAt: this.#end };
  }

  /** Requests left at `now`, without counting one. */
  remaining(now: number): number {
    this.#roll(now);
    return Math.max(0, this.limit - this.#used);
  }

  #roll(now: number): void {
    if (now >= this.#start && now < this.#end) return;
    this.#used = 0;
    this.#start = quotaPeriodStart(this.period, now);
    this.#end = quotaPeriodEnd(this.period, now);
  }
}
