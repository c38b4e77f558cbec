// $disconnect: runs after the connection has closed, whoever closed it.
// The client is already gone, so whatever this returns goes nowhere.
import type { APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';

export const handler = async (event: APIGatewayProxyWebsocketEventV2) => {
  console.log('Closed connection', event.requestContext.connectionId);
  return { statusCode: 200 };
};
