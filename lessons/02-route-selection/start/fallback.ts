// $default: everything no other route claims, including messages that are not JSON.
import type { APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';

export const handler = async (event: APIGatewayProxyWebsocketEventV2) => {
  console.log('no route matched; body was', event.body);
  return { statusCode: 200 };
};
