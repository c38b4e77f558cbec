import { describe, expect, it } from 'vitest';
import { actionMatches, evaluateAuthorizerOutput, executeApiArn, policyAllows, resourceMatches } from './iam-policy';

const ARN = 'arn:aws:execute-api:us-east-1:123456789012:a123456789/test/POST/mydemoresource/items';
const doc = (...Statement: unknown[]) => ({ Version: '2012-10-17', Statement });
const allow = (Action: unknown, Resource: unknown) => ({ Effect: 'Allow', Action, Resource });
const deny = (Action: unknown, Resource: unknown) => ({ Effect: 'Deny', Action, Resource });

describe('execute-api ARNs (DG api-gateway-control-access-using-iam-policies-to-invoke-api)', () => {
  it('are arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/{METHOD}/{path}, or /{stage}/{routeKey} on WebSocket APIs', () => {
    expect(executeApiArn('us-east-1', '123456789012', 'a123456789', 'test', 'POST/mydemoresource/items')).toBe(ARN);
    expect(executeApiArn('eu-west-1', '123456789012', 'abcdef1234', 'dev', '$connect')).toBe(
      'arn:aws:execute-api:eu-west-1:123456789012:abcdef1234/dev/$connect',
    );
  });
});

describe('Action (IAM JSON policy elements: Action)', () => {
  it('matches action names case-insensitively', () => {
    expect(actionMatches('execute-api:Invoke', 'execute-api:Invoke')).toBe(true);
    expect(actionMatches('EXECUTE-API:invoke', 'execute-api:Invoke')).toBe(true);
    expect(actionMatches('execute-api:InvalidateCache', 'execute-api:Invoke')).toBe(false);
  });

  it('reads * as any run of characters and ? as exactly one', () => {
    for (const pattern of [
      '*',
      'execute-api:*',
      'execute-api:Inv*',
      'execute-api:*oke',
      'execute-api:Inv?ke',
      'exec*:In*',
    ])
      expect(actionMatches(pattern, 'execute-api:Invoke'), pattern).toBe(true);
    for (const pattern of ['execute-api:Inv?', 'execute-api:Invoke?', 's3:*', 'execute-api:Invoke*x'])
      expect(actionMatches(pattern, 'execute-api:Invoke'), pattern).toBe(false);
    expect(actionMatches('execute-api:Inv*', 'execute-api:InvalidateCache')).toBe(true);
  });
});

describe('Resource (IAM JSON policy elements: Resource, "Using wildcards in resource ARNs")', () => {
  it('matches ARNs exactly, case-sensitively', () => {
    expect(resourceMatches(ARN, ARN)).toBe(true);
    expect(resourceMatches(ARN.replace('POST', 'post'), ARN)).toBe(false);
  });

  it('lets * match any characters including "/", so one * covers every method and path below it', () => {
    // The DG's own examples (api-gateway-iam-policy-examples-for-api-execution).
    expect(resourceMatches('arn:aws:execute-api:us-east-1:*:a123456789/test/POST/mydemoresource/*', ARN)).toBe(true);
    expect(resourceMatches('arn:aws:execute-api:*:*:a123456789/*/*/mydemoresource/items', ARN)).toBe(true);
    expect(resourceMatches('arn:aws:execute-api:us-east-1:123456789012:a123456789/test/*', ARN)).toBe(true);
    expect(resourceMatches('arn:aws:execute-api:us-east-1:123456789012:a123456789/prod/*', ARN)).toBe(false);
  });

  it('reads ? as exactly one character', () => {
    expect(resourceMatches('arn:aws:execute-api:us-east-1:123456789012:a123456789/t?st/POST/*', ARN)).toBe(true);
    expect(resourceMatches('arn:aws:execute-api:us-east-1:123456789012:a123456789/t?t/POST/*', ARN)).toBe(false);
  });

  it('keeps a wildcard inside its colon-separated segment unless a * ends the segment', () => {
    expect(resourceMatches('arn:aws:execute-api:*', ARN)).toBe(true);
    expect(resourceMatches('arn:aws:execute-api:us-*-1:123456789012:a123456789/*', ARN)).toBe(true);
    // A * inside "us*2" cannot swallow the colon after the Region: the account is a segment of its own.
    expect(resourceMatches('arn:aws:execute-api:us*2:a123456789/*', ARN)).toBe(false);
    // A * that ends its segment may run on past colons ("us-*" covers "us-east-1:123456789012").
    expect(resourceMatches('arn:aws:execute-api:us-*:a123456789/*', ARN)).toBe(true);
    expect(resourceMatches('arn:aws:execute-api:us-east-?:123456789012:a123456789/*', ARN)).toBe(true);
    expect(resourceMatches('arn:aws:execute-api:us-east-1?123456789012:a123456789/*', ARN)).toBe(false);
  });
});

describe('policy evaluation (IAM "Policy evaluation logic"; DG api-gateway-lambda-authorizer-output)', () => {
  it('allows when an Allow statement covers the action and the resource', () => {
    expect(policyAllows(doc(allow('execute-api:Invoke', ARN)), 'execute-api:Invoke', ARN)).toEqual({
      allowed: true,
      explicitDeny: false,
    });
  });

  it('denies implicitly when no statement covers the request', () => {
    expect(policyAllows(doc(allow('execute-api:Invoke', `${ARN}/x`)), 'execute-api:Invoke', ARN)).toEqual({
      allowed: false,
      explicitDeny: false,
    });
    expect(policyAllows(doc(), 'execute-api:Invoke', ARN)).toEqual({ allowed: false, explicitDeny: false });
  });

  it('lets an explicit Deny win over any Allow, in any order', () => {
    for (const statements of [
      [allow('*', '*'), deny('execute-api:Inv*', ARN)],
      [deny('execute-api:Invoke', ARN), allow('execute-api:Invoke', ARN)],
    ])
      expect(policyAllows(doc(...statements), 'execute-api:Invoke', ARN)).toEqual({
        allowed: false,
        explicitDeny: true,
      });
  });

  it('takes one statement or a list, and Action and Resource as a string or a list', () => {
    expect(
      policyAllows({ Statement: allow(['s3:*', 'execute-api:Invoke'], ['x', ARN]) }, 'execute-api:Invoke', ARN),
    ).toEqual({ allowed: true, explicitDeny: false });
  });

  it('checks another action on the same ARN, as the REST cache does for execute-api:InvalidateCache', () => {
    const policy = doc(allow('execute-api:Invoke', ARN));
    expect(policyAllows(policy, 'execute-api:InvalidateCache', ARN)).toMatchObject({ allowed: false });
    expect(policyAllows(doc(allow('execute-api:*', ARN)), 'execute-api:InvalidateCache', ARN)).toMatchObject({
      allowed: true,
    });
  });

  it('reports a malformed document: no Statement, a bad Effect, missing or non-string Action/Resource', () => {
    expect(policyAllows({}, 'execute-api:Invoke', ARN)).toBe('the authorizer response has no policyDocument.Statement');
    expect(policyAllows(doc('x'), 'execute-api:Invoke', ARN)).toBe('a policy statement is not an object');
    expect(policyAllows(doc({ Effect: 'allow', Action: '*', Resource: '*' }), 'execute-api:Invoke', ARN)).toBe(
      'policy Effect must be "Allow" or "Deny", got "allow"',
    );
    expect(policyAllows(doc({ Effect: 'Allow', Action: '*' }), 'execute-api:Invoke', ARN)).toBe(
      'policy Action and Resource must be strings or lists of strings',
    );
    expect(policyAllows(doc(allow(['*', 3], '*')), 'execute-api:Invoke', ARN)).toBe(
      'policy Action and Resource must be strings or lists of strings',
    );
  });

  it('refuses NotAction and NotResource, which the authorizer output does not document, rather than ignoring them', () => {
    expect(
      policyAllows(doc({ Effect: 'Deny', NotAction: 'execute-api:Invoke', Resource: '*' }), 'execute-api:Invoke', ARN),
    ).toBe('NotAction is not supported in an authorizer policy: list what the statement covers in Action');
    expect(policyAllows(doc({ Effect: 'Allow', Action: '*', NotResource: ARN }), 'execute-api:Invoke', ARN)).toBe(
      'NotResource is not supported in an authorizer policy: list what the statement covers in Resource',
    );
  });
});

describe('authorizer output (DG api-gateway-lambda-authorizer-output)', () => {
  const output = (extra: object = {}) => ({
    principalId: 'user-42',
    policyDocument: doc(allow('execute-api:Invoke', ARN)),
    ...extra,
  });

  it('allows with principalId and the context values stringified', () => {
    expect(evaluateAuthorizerOutput(output({ context: { tier: 'gold', n: 1, ok: true } }), ARN)).toEqual({
      decision: 'allow',
      principalId: 'user-42',
      context: { principalId: 'user-42', tier: 'gold', n: '1', ok: 'true' },
    });
  });

  it('passes usageIdentifierKey on (REST API keys from the authorizer)', () => {
    expect(evaluateAuthorizerOutput(output({ usageIdentifierKey: 'k'.repeat(20) }), ARN)).toMatchObject({
      usageIdentifierKey: 'k'.repeat(20),
    });
  });

  it('denies explicitly or implicitly, naming the ARN', () => {
    expect(evaluateAuthorizerOutput(output({ policyDocument: doc(deny('*', '*')) }), ARN)).toEqual({
      decision: 'deny',
      explicit: true,
      principalId: 'user-42',
      reason: `explicit Deny for ${ARN}`,
    });
    expect(evaluateAuthorizerOutput(output({ policyDocument: doc() }), ARN)).toMatchObject({
      decision: 'deny',
      explicit: false,
      reason: `no statement allows ${ARN}`,
    });
  });

  it('is an authorizer failure without principalId, or with an object in the context ("You cannot set a JSON object or array")', () => {
    expect(evaluateAuthorizerOutput({ policyDocument: doc(allow('*', '*')) }, ARN)).toEqual({
      decision: 'error',
      reason: 'the authorizer response has no principalId',
    });
    expect(evaluateAuthorizerOutput(output({ context: { nested: { a: 1 } } }), ARN)).toEqual({
      decision: 'error',
      reason: 'context.nested must be a string, number or boolean',
    });
    expect(evaluateAuthorizerOutput('Allow', ARN)).toEqual({
      decision: 'error',
      reason: 'the authorizer did not return an object',
    });
  });
});
