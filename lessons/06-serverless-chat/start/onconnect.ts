// $connect: remember the new connection, so sendmessage can reach it later.
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyResultV2, APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';

const db = new DynamoDBClient({});

export const handler = async (event: APIGatewayProxyWebsocketEventV2): Promise<APIGatewayProxyResultV2> => {
  const { connectionId } = event.requestContext;
  await db.send(new PutItemCommand({ TableName: process.env.TABLE_NAME, Item: { connectionId: { S: connectionId } } }));
  return { statusCode: 200 };
};
