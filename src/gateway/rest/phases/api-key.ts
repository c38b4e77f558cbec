/**
 * The API key check of methods that require one (DG api-gateway-api-usage-plans,
 * DG api-gateway-api-key-source; docs/aws-behaviour.md §5.8).
 */
import { headerValue } from '../events';
import { REST_GATEWAY_RESPONSES } from '../responses';
import { record, routeOf, type Flow, type PhaseResult, type RestContext } from './flow';
import { gatewayOut } from './respond';

type KeyOutcome = 'ok' | 'missing' | 'invalid' | 'disabled' | 'not-in-plan';

/**
 * When the method has apiKeyRequired (docs/aws-behaviour.md §5.8), the key comes from
 * `x-api-key`, or from the authorizer's usageIdentifierKey when the API's apiKeySource is
 * AUTHORIZER (which is why this runs after the authorizer); missing, unknown, disabled, or in no
 * usage plan of this stage → 403 Forbidden (INVALID_API_KEY). Sets the flow's key and usage
 * plan, which meterUsagePlan meters next.
 */
export function checkApiKey(flow: Flow, ctx: RestContext): PhaseResult {
  if (!routeOf(flow).method.apiKeyRequired) return undefined;
  const fromAuthorizer = ctx.definition.apiKeySource === 'AUTHORIZER';
  const value = fromAuthorizer ? flow.usageIdentifierKey : headerValue(flow.req.headers, 'x-api-key');
  const check = (outcome: KeyOutcome, summary: string, keyId?: string) =>
    record(flow, ctx, {
      kind: 'apikey.check',
      from: 'gateway',
      to: 'gateway',
      outcome,
      ...(keyId ? { keyId } : {}),
      summary,
    });
  const forbidden = gatewayOut(REST_GATEWAY_RESPONSES.INVALID_API_KEY);
  if (value === undefined || value === '') {
    check('missing', fromAuthorizer ? 'the authorizer returned no usageIdentifierKey' : 'no x-api-key header');
    return forbidden;
  }
  const key = ctx.keysByValue.get(value);
  if (!key) {
    check('invalid', 'no API key has this value');
    return forbidden;
  }
  if (key.enabled === false) {
    check('disabled', `API key ${key.name} is disabled`, key.id);
    return forbidden;
  }
  const plan = ctx.planOfKey.get(key.id);
  if (!plan) {
    check('not-in-plan', `API key ${key.name} is in no usage plan for stage ${ctx.stage}`, key.id);
    return forbidden;
  }
  check('ok', `API key ${key.name} (usage plan ${plan.name})`, key.id);
  flow.apiKey = { id: key.id, value: key.value };
  flow.usagePlan = plan;
  return undefined;
}
