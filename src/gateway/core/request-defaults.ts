/**
 * What the engines put in a request, an event or an ARN when the caller does not say: the
 * client's address and user agent, the account and the Region. Shared so every API type shows
 * the same client the same way.
 */

/** The source IP of a client that names none: a documentation-range address (RFC 5737). */
export const DEFAULT_SOURCE_IP = '203.0.113.10';
/** The User-Agent of a headless client that sends none. */
export const DEFAULT_USER_AGENT = 'Mozilla/5.0 (API Gateway Playground)';
/** The account id in ARNs and events when none is given (the DG's examples use it). */
export const DEFAULT_ACCOUNT_ID = '123456789012';
/** The Region of a definition that names none (every CLI example's default). */
export const DEFAULT_REGION = 'us-east-1';
