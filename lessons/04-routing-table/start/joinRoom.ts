// joinRoom: {"action":"joinRoom","data":{"roomId":"1234"}} records that this connection is in the room.
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyResultV2, APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';

const db = new DynamoDBClient({});

export const handler = async (event: APIGatewayProxyWebsocketEventV2): Promise<APIGatewayProxyResultV2> => {
  const { connectionId } = event.requestContext;
  // The body arrives as the raw text of the frame: parse it yourself.
  const roomId = JSON.parse(event.body ?? '{}').data?.roomId;
  if (typeof roomId !== 'string' || roomId === '') return { statusCode: 400, body: 'data.roomId is required' };
  await db.send(
    new PutItemCommand({
      TableName: process.env.MEMBERS_TABLE,
      Item: { roomId: { S: roomId }, connectionId: { S: connectionId } },
    }),
  );
  console.log(connectionId, 'joined', roomId);
  return { statusCode: 200 };
};
