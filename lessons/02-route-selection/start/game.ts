// Handles game/move.
import type { APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';

export const handler = async (event: APIGatewayProxyWebsocketEventV2) => {
  console.log('game route', event.requestContext.routeKey, 'body', event.body);
  return { statusCode: 200 };
};
