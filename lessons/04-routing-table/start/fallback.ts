// $default: anything that is not joinRoom or leaveRoom.
import type { APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';

export const handler = async (event: APIGatewayProxyWebsocketEventV2) => {
  console.log('Unrouted message:', event.body);
  return { statusCode: 200 };
};
