// Route "sendmessage": {"action":"sendmessage","text":"hi"} is pushed to everyone else in the chat.
import { ApiGatewayManagementApiClient, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyResultV2, APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';

const db = new DynamoDBClient({});

export const handler = async (event: APIGatewayProxyWebsocketEventV2): Promise<APIGatewayProxyResultV2> => {
  const { connectionId, domainName, stage } = event.requestContext;
  const { text } = JSON.parse(event.body ?? '{}') as { text?: string };
  const api = new ApiGatewayManagementApiClient({ endpoint: `https://${domainName}/${stage}` });
  const { Items = [] } = await db.send(new ScanCommand({ TableName: process.env.TABLE_NAME }));
  for (const item of Items)
    if (item.connectionId.S !== connectionId)
      await api.send(new PostToConnectionCommand({ ConnectionId: item.connectionId.S!, Data: String(text) }));
  return { statusCode: 200 };
};
