// $default: everything else.
import type { APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';

export const handler = async (event: APIGatewayProxyWebsocketEventV2) => {
  console.log('Unrouted message of', event.body?.length ?? 0, 'characters');
  return { statusCode: 200 };
};
