// $connect: remember the connection, so send can reach it.
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyResultV2, APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';

const db = new DynamoDBClient({});

export const handler = async (event: APIGatewayProxyWebsocketEventV2): Promise<APIGatewayProxyResultV2> => {
  await db.send(new PutItemCommand({ TableName: process.env.TABLE_NAME, Item: { connectionId: { S: event.requestContext.connectionId } } }));
  return { statusCode: 200 };
};
