// The same authorizer written another way: a lookup in a Map, and a policy whose Resource
// uses wildcards to cover $connect on any stage of any API in the account.
import type { APIGatewayAuthorizerResult, APIGatewayRequestAuthorizerEvent } from 'aws-lambda';

const users = new Map([
  ['alice-token-123', 'alice'],
  ['bob-token-456', 'bob'],
]);

export async function handler(event: APIGatewayRequestAuthorizerEvent): Promise<APIGatewayAuthorizerResult> {
  const user = users.get(event.queryStringParameters?.token ?? '');
  return {
    principalId: user ?? 'unknown',
    policyDocument: {
      Version: '2012-10-17',
      Statement: [
        {
          Action: 'execute-api:*',
          Effect: user === undefined ? 'Deny' : 'Allow',
          Resource: 'arn:aws:execute-api:*:*:*/*/$connect',
        },
      ],
    },
    context: { user: user ?? '' },
  };
}
