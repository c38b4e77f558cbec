// sendmessage: {"action":"sendmessage","data":"hello"} reaches everyone in the chat.
import { ApiGatewayManagementApiClient, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
import { DeleteItemCommand, DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyResultV2, APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';

const db = new DynamoDBClient({});

export const handler = async (event: APIGatewayProxyWebsocketEventV2): Promise<APIGatewayProxyResultV2> => {
  const { domainName, stage } = event.requestContext;
  const { data } = JSON.parse(event.body ?? '{}');
  const api = new ApiGatewayManagementApiClient({ endpoint: `https://${domainName}/${stage}` });

  const { Items = [] } = await db.send(new ScanCommand({ TableName: process.env.TABLE_NAME }));
  await Promise.all(
    Items.map(async (item) => {
      const id = item.connectionId.S!;
      try {
        await api.send(new PostToConnectionCommand({ ConnectionId: id, Data: String(data) }));
      } catch (e) {
        // $disconnect is best effort: a connection can vanish without it. Clean up here too.
        if ((e as Error).name !== 'GoneException') throw e;
        await db.send(new DeleteItemCommand({ TableName: process.env.TABLE_NAME, Key: { connectionId: { S: id } } }));
      }
    }),
  );
  return { statusCode: 200 };
};
