// $connect: API Gateway runs this while the WebSocket upgrade is still pending.
// Returning a 2xx statusCode accepts the connection; anything else rejects the handshake.
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyResultV2, APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';

const ddb = new DynamoDBClient({});

export const handler = async (event: APIGatewayProxyWebsocketEventV2): Promise<APIGatewayProxyResultV2> => {
  const { connectionId } = event.requestContext;
  try {
    // Remember who is connected so sendmessage can reach everyone later.
    await ddb.send(
      new PutItemCommand({
        TableName: process.env.TABLE_NAME,
        Item: { connectionId: { S: connectionId } },
      }),
    );
  } catch (err) {
    console.error('Could not store the connection', err);
    return { statusCode: 500, body: 'Failed to connect' };
  }
  console.log('Connected', connectionId);
  return { statusCode: 200, body: 'Connected' };
};
