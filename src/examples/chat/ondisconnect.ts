// $disconnect: runs after the connection has closed (best effort; the return value is ignored).
import { DeleteItemCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyResultV2, APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';

const ddb = new DynamoDBClient({});

export const handler = async (event: APIGatewayProxyWebsocketEventV2): Promise<APIGatewayProxyResultV2> => {
  const { connectionId } = event.requestContext;
  await ddb.send(
    new DeleteItemCommand({
      TableName: process.env.TABLE_NAME,
      Key: { connectionId: { S: connectionId } },
    }),
  );
  console.log('Disconnected', connectionId);
  return { statusCode: 200, body: 'Disconnected' };
};
