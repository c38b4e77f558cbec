// $connect with the Document Client: items are plain objects.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';

const table = process.env.TABLE_NAME;
const docs = DynamoDBDocumentClient.from(new DynamoDBClient({}));

export const handler = async (event: APIGatewayProxyWebsocketEventV2) => {
  await docs.send(new PutCommand({ TableName: table, Item: { connectionId: event.requestContext.connectionId, connectedAt: event.requestContext.connectedAt } }));
  return { statusCode: 200 };
};
