// GET /docs/{proxy+}: one function serves every help page below /docs.
// `proxy` holds the rest of the path, slashes included ("shipping/returns.md").
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';

export const handler = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyResultV2<object>> => {
  return { page: event.pathParameters?.proxy ?? null, rawPath: event.rawPath };
};
