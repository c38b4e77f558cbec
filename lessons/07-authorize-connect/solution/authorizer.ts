// A Lambda REQUEST authorizer for $connect: decides who may open a connection at all.
// It receives the upgrade request (headers, query string) and returns an IAM policy.
import type { APIGatewayAuthorizerResult, APIGatewayRequestAuthorizerEvent } from 'aws-lambda';

// Stand-in for a real identity provider: token → user.
const TOKENS: Record<string, string> = {
  'alice-token-123': 'alice',
  'bob-token-456': 'bob',
};

const policy = (principalId: string, effect: 'Allow' | 'Deny', resource: string): APIGatewayAuthorizerResult => ({
  principalId,
  policyDocument: {
    Version: '2012-10-17',
    Statement: [{ Action: 'execute-api:Invoke', Effect: effect, Resource: resource }],
  },
});

export const handler = async (event: APIGatewayRequestAuthorizerEvent): Promise<APIGatewayAuthorizerResult> => {
  // API Gateway only calls us when the token is present (it is the identity source).
  const token = event.queryStringParameters?.token ?? '';
  const user = TOKENS[token];
  // Allow → the connection proceeds to $connect; Deny → the client gets 403.
  return user ? policy(user, 'Allow', event.methodArn) : policy('anonymous', 'Deny', event.methodArn);
};
