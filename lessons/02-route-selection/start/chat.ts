// Handles chat/join and chat/say. The route that selected it is in requestContext.routeKey.
import type { APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';

export const handler = async (event: APIGatewayProxyWebsocketEventV2) => {
  console.log('chat route', event.requestContext.routeKey, 'body', event.body);
  return { statusCode: 200 };
};
