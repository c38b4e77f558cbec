// sendmessage with the Document Client, posting one connection at a time.
import { ApiGatewayManagementApiClient, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';

const docs = DynamoDBDocumentClient.from(new DynamoDBClient({}));

export const handler = async (event: APIGatewayProxyWebsocketEventV2) => {
  const body = JSON.parse(event.body ?? '{}') as { data?: unknown };
  const text = typeof body.data === 'string' ? body.data : JSON.stringify(body.data);
  const api = new ApiGatewayManagementApiClient({
    endpoint: `https://${event.requestContext.domainName}/${event.requestContext.stage}`,
  });
  const scan = await docs.send(new ScanCommand({ TableName: process.env.TABLE_NAME }));
  for (const { connectionId } of scan.Items ?? []) {
    try {
      await api.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: text }));
    } catch (err) {
      if ((err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 410) {
        await docs.send(new DeleteCommand({ TableName: process.env.TABLE_NAME, Key: { connectionId } }));
      } else {
        throw err;
      }
    }
  }
  return { statusCode: 200 };
};
