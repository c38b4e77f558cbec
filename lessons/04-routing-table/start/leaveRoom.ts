// leaveRoom: {"action":"leaveRoom","data":{"roomId":"1234"}} removes this connection from the room.
import type { APIGatewayProxyResultV2, APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';

export const handler = async (event: APIGatewayProxyWebsocketEventV2): Promise<APIGatewayProxyResultV2> => {
  // TODO: read data.roomId from the body and delete this connection's item from the members table.
  console.log('leaveRoom is not written yet', event.body);
  return { statusCode: 200 };
};
