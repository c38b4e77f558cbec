// leaveRoom: {"action":"leaveRoom","data":{"roomId":"1234"}} removes this connection from the room.
import { DeleteItemCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyResultV2, APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';

const db = new DynamoDBClient({});

export const handler = async (event: APIGatewayProxyWebsocketEventV2): Promise<APIGatewayProxyResultV2> => {
  const { connectionId } = event.requestContext;
  const roomId = JSON.parse(event.body ?? '{}').data?.roomId;
  if (typeof roomId !== 'string' || roomId === '') return { statusCode: 400, body: 'data.roomId is required' };
  // The key is the whole primary key: partition key and sort key.
  await db.send(
    new DeleteItemCommand({
      TableName: process.env.MEMBERS_TABLE,
      Key: { roomId: { S: roomId }, connectionId: { S: connectionId } },
    }),
  );
  console.log(connectionId, 'left', roomId);
  return { statusCode: 200 };
};
