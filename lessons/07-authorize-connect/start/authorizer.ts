// A Lambda REQUEST authorizer for $connect: decides who may open a connection at all.
// It receives the upgrade request (headers, query string) and returns an IAM policy.
import type { APIGatewayAuthorizerResult, APIGatewayRequestAuthorizerEvent } from 'aws-lambda';

// Stand-in for a real identity provider: token → user.
const TOKENS: Record<string, string> = {
  'alice-token-123': 'alice',
  'bob-token-456': 'bob',
};

export const handler = async (event: APIGatewayRequestAuthorizerEvent): Promise<APIGatewayAuthorizerResult> => {
  const token = event.queryStringParameters?.token;
  console.log('Authorizing token', token, 'for', event.methodArn, 'known users:', Object.keys(TOKENS).length);
  // TODO: a known token → Allow execute-api:Invoke on event.methodArn, with the user as principalId.
  //       an unknown token → Deny.
  throw new Error('not implemented yet');
};
