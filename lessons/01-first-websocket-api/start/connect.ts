// $connect: API Gateway calls this while the client's upgrade request is still waiting.
// Returning a 2xx statusCode lets the connection open; any other status refuses it.
import type { APIGatewayProxyResultV2, APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';

export const handler = async (event: APIGatewayProxyWebsocketEventV2): Promise<APIGatewayProxyResultV2> => {
  console.log('Opening connection', event.requestContext.connectionId);
  return { statusCode: 200 };
};
