/**
 * Throttling and quotas: token buckets for the account, the stage or method, and each usage
 * plan's API keys, and the usage plans' request quotas (DG api-gateway-request-throttling;
 * docs/aws-behaviour.md §4, §5.8).
 */
import { ACCOUNT_BURST_LIMIT, ACCOUNT_RATE_LIMIT, QuotaCounter, TokenBucket } from '../../core/throttle';
import { REST_GATEWAY_RESPONSES } from '../responses';
import { record, routeOf, type Flow, type PhaseResult, type RestContext } from './flow';
import { gatewayOut } from './respond';

function bucket(ctx: RestContext, key: string, rate: number, burst: number): TokenBucket {
  let b = ctx.buckets.get(key);
  if (!b) ctx.buckets.set(key, (b = new TokenBucket({ rate, burst, now: ctx.clock.now() })));
  return b;
}

/**
 * The account's token bucket (10,000 rps, burst 5,000), then the method's throttle from
 * methodSettings or else the stage's (DG api-gateway-request-throttling: method-level limits
 * override the stage's); an empty bucket is 429 THROTTLED. This runs before the authorizer,
 * and the usage plan's per-key limits come later, with the API key (meterUsagePlan).
 */
export function throttle(flow: Flow, ctx: RestContext): PhaseResult {
  const route = routeOf(flow);
  const setting = flow.setting;
  const now = ctx.clock.now();
  const account = bucket(ctx, 'account', ACCOUNT_RATE_LIMIT, ACCOUNT_BURST_LIMIT).take(now);
  if (!account.ok) {
    record(flow, ctx, {
      kind: 'throttle',
      from: 'gateway',
      to: 'gateway',
      scope: 'account',
      outcome: 'throttled',
      tokensLeft: 0,
      summary: 'account throttle: 429',
      unconfirmed: 'rest-throttled-body',
    });
    return gatewayOut(REST_GATEWAY_RESPONSES.THROTTLED);
  }
  let scope: 'stage' | 'route' | undefined;
  let limits: { rate: number; burst: number } | undefined;
  if (setting?.throttlingRateLimit !== undefined || setting?.throttlingBurstLimit !== undefined) {
    scope = 'route';
    limits = {
      rate: setting.throttlingRateLimit ?? ACCOUNT_RATE_LIMIT,
      burst: setting.throttlingBurstLimit ?? ACCOUNT_BURST_LIMIT,
    };
  } else if (ctx.definition.stage?.throttle) {
    scope = 'stage';
    limits = { rate: ctx.definition.stage.throttle.rateLimit, burst: ctx.definition.stage.throttle.burstLimit };
  }
  if (!scope || !limits) return undefined;
  const key = scope === 'route' ? `route:${route.methodKey} ${route.resourcePath}` : 'stage';
  const taken = bucket(ctx, key, limits.rate, limits.burst).take(now);
  record(flow, ctx, {
    kind: 'throttle',
    from: 'gateway',
    to: 'gateway',
    scope,
    outcome: taken.ok ? 'allowed' : 'throttled',
    tokensLeft: taken.tokensLeft,
    summary: `${scope === 'route' ? 'method' : 'stage'} throttle ${limits.rate}/s burst ${limits.burst}: ${taken.ok ? `ok, ${taken.tokensLeft} left` : '429'}`,
    ...(taken.ok ? {} : { unconfirmed: 'rest-throttled-body' as const }),
  });
  return taken.ok ? undefined : gatewayOut(REST_GATEWAY_RESPONSES.THROTTLED);
}

/**
 * The usage plan of the request's API key (DG api-gateway-api-usage-plans;
 * docs/aws-behaviour.md §5.8): its per-key token bucket (429 Too Many Requests) and its quota
 * per DAY, WEEK or MONTH (429 Limit Exceeded). Runs right after checkApiKey found the key's
 * plan; a method that requires no key, or a plan without limits, passes.
 */
export function meterUsagePlan(flow: Flow, ctx: RestContext): PhaseResult {
  const plan = flow.usagePlan;
  const key = flow.apiKey;
  if (!plan || !key || (!plan.throttle && !plan.quota)) return undefined;
  const now = ctx.clock.now();
  let tokensLeft: number | undefined;
  if (plan.throttle) {
    const taken = bucket(ctx, `plan:${plan.name}:${key.id}`, plan.throttle.rateLimit, plan.throttle.burstLimit).take(
      now,
    );
    tokensLeft = taken.tokensLeft;
    if (!taken.ok) {
      record(flow, ctx, {
        kind: 'throttle',
        from: 'gateway',
        to: 'gateway',
        scope: 'usage-plan',
        outcome: 'throttled',
        tokensLeft: 0,
        summary: `usage plan ${plan.name}: ${plan.throttle.rateLimit}/s burst ${plan.throttle.burstLimit} exceeded: 429`,
        unconfirmed: 'rest-throttled-body',
      });
      return gatewayOut(REST_GATEWAY_RESPONSES.THROTTLED);
    }
  }
  let quotaLeft: number | undefined;
  if (plan.quota) {
    const qkey = `plan:${plan.name}:${key.id}`;
    let quota = ctx.quotas.get(qkey);
    if (!quota)
      ctx.quotas.set(qkey, (quota = new QuotaCounter({ limit: plan.quota.limit, period: plan.quota.period, now })));
    const used = quota.consume(now);
    quotaLeft = used.remaining;
    if (!used.ok) {
      record(flow, ctx, {
        kind: 'throttle',
        from: 'gateway',
        to: 'gateway',
        scope: 'usage-plan',
        outcome: 'quota-exceeded',
        quotaLeft: 0,
        summary: `usage plan ${plan.name}: quota of ${plan.quota.limit} per ${plan.quota.period} used up: 429`,
      });
      return gatewayOut(REST_GATEWAY_RESPONSES.QUOTA_EXCEEDED);
    }
  }
  record(flow, ctx, {
    kind: 'throttle',
    from: 'gateway',
    to: 'gateway',
    scope: 'usage-plan',
    outcome: 'allowed',
    ...(tokensLeft !== undefined ? { tokensLeft } : {}),
    ...(quotaLeft !== undefined ? { quotaLeft } : {}),
    summary: `usage plan ${plan.name}: ok${tokensLeft !== undefined ? `, ${tokensLeft} tokens left` : ''}${quotaLeft !== undefined ? `, quota ${quotaLeft} left` : ''}`,
  });
  return undefined;
}
