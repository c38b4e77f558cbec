// track: the customer's app sends {"action":"track","orderId":"o-1001"} once, after opening the
// order page. We remember which connection follows which order.
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyResultV2, APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';

const db = new DynamoDBClient({});

export const handler = async (event: APIGatewayProxyWebsocketEventV2): Promise<APIGatewayProxyResultV2> => {
  const { orderId } = JSON.parse(event.body ?? '{}');
  if (typeof orderId !== 'string') return { statusCode: 400 };
  await db.send(
    new PutItemCommand({
      TableName: process.env.SUBSCRIPTIONS,
      Item: { orderId: { S: orderId }, connectionId: { S: event.requestContext.connectionId } },
    }),
  );
  return { statusCode: 200 };
};
