// $disconnect: forget the connection that just closed.
import type { APIGatewayProxyResultV2, APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';

export const handler = async (event: APIGatewayProxyWebsocketEventV2): Promise<APIGatewayProxyResultV2> => {
  // TODO: delete this connection's item from the table.
  console.log('Disconnected', event.requestContext.connectionId);
  return { statusCode: 200 };
};
