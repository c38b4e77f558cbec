// leaveRoom with the DynamoDB Document Client.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';

const docs = DynamoDBDocumentClient.from(new DynamoDBClient({}));

export async function handler(event: APIGatewayProxyWebsocketEventV2) {
  const roomId: string | undefined = JSON.parse(event.body ?? '{}').data?.roomId;
  if (!roomId) return { statusCode: 400, body: 'data.roomId is required' };
  await docs.send(new DeleteCommand({ TableName: process.env.MEMBERS_TABLE, Key: { roomId, connectionId: event.requestContext.connectionId } }));
  return { statusCode: 200 };
}
