// GET /whoami: shows what the function learns about the way the request came in.
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';

export const handler = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => ({
  statusCode: 200,
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify({
    stage: event.requestContext.stage,
    stageVariables: event.stageVariables,
    // Only an edge-optimized endpoint passes CloudFront, which adds these.
    via: event.headers.Via ?? null,
    forwardedFor: event.headers['X-Forwarded-For'] ?? null,
  }),
});
