// ping: {"action":"ping"} should be answered with "pong".
import type { APIGatewayProxyResultV2 } from 'aws-lambda';

export const handler = async (): Promise<APIGatewayProxyResultV2> => {
  return { statusCode: 200, body: 'pong' };
};
