// help ($default) as a two-way route: with a route response, the body this function
// returns goes back to the sender (lesson 9), so no @connections call is needed.
import type { APIGatewayProxyResultV2, APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';

export const handler = async (event: APIGatewayProxyWebsocketEventV2): Promise<APIGatewayProxyResultV2> => {
  console.log('Not understood:', event.body);
  return {
    statusCode: 200,
    body: 'I only understand {"action":"sendmessage","data":"…"}',
  };
};
