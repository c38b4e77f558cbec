// joinRoom with the DynamoDB Document Client: plain values instead of {"S": …} attribute values.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';

const docs = DynamoDBDocumentClient.from(new DynamoDBClient({}));

interface JoinMessage {
  action: 'joinRoom';
  data?: { roomId?: string };
}

export async function handler(event: APIGatewayProxyWebsocketEventV2) {
  const message = JSON.parse(event.body ?? '{}') as JoinMessage;
  const roomId = message.data?.roomId;
  if (!roomId) return { statusCode: 400, body: 'data.roomId is required' };
  await docs.send(new PutCommand({ TableName: process.env.MEMBERS_TABLE, Item: { roomId, connectionId: event.requestContext.connectionId } }));
  return { statusCode: 200 };
}
