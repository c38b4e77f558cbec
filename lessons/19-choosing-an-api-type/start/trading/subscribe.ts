// WebSocket route "subscribe": {"action":"subscribe","symbol":"ACME"} remembers who follows what.
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyResultV2, APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';

const db = new DynamoDBClient({});

export const handler = async (event: APIGatewayProxyWebsocketEventV2): Promise<APIGatewayProxyResultV2> => {
  const { symbol } = JSON.parse(event.body ?? '{}') as { symbol?: string };
  await db.send(
    new PutItemCommand({
      TableName: process.env.TABLE_NAME,
      Item: { connectionId: { S: event.requestContext.connectionId }, symbol: { S: String(symbol) } },
    }),
  );
  return { statusCode: 200 };
};
