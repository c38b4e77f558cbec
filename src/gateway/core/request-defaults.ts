/**
 * What the engines put in a request, an event or an ARN when the caller does not say: the
 * client's address and user agent, the account, the Region, and the identity of a caller that
 * did not authenticate. Shared so every API type shows the same client the same way.
 */

/** The source IP of a client that names none: a documentation-range address (RFC 5737). */
export const DEFAULT_SOURCE_IP = '203.0.113.10';
/** The User-Agent of a headless client that sends none. */
export const DEFAULT_USER_AGENT = 'Mozilla/5.0 (API Gateway Playground)';
/** The account id in ARNs and events when none is given (the DG's examples use it). */
export const DEFAULT_ACCOUNT_ID = '123456789012';
/** The Region of a definition that names none (every CLI example's default). */
export const DEFAULT_REGION = 'us-east-1';

/** `requestContext.identity` of a payload 1.0 event (REST proxy integrations, HTTP API format 1.0). */
export interface PayloadV1Identity {
  accessKey: null;
  accountId: null;
  apiKey?: string;
  apiKeyId?: string;
  caller: null;
  cognitoAuthenticationProvider: null;
  cognitoAuthenticationType: null;
  cognitoIdentityId: null;
  cognitoIdentityPoolId: null;
  principalOrgId: null;
  sourceIp: string;
  user: null;
  userAgent: string | null;
  userArn: null;
}

/**
 * The payload 1.0 `requestContext.identity` of an unauthenticated caller: every field null but
 * the caller's address and agent (docs/aws-behaviour.md §5.2), on REST and HTTP API 1.0 events alike.
 */
export function anonymousIdentity(sourceIp: string, userAgent: string | null): PayloadV1Identity {
  return {
    accessKey: null,
    accountId: null,
    caller: null,
    cognitoAuthenticationProvider: null,
    cognitoAuthenticationType: null,
    cognitoIdentityId: null,
    cognitoIdentityPoolId: null,
    principalOrgId: null,
    sourceIp,
    user: null,
    userAgent,
    userArn: null,
  };
}
