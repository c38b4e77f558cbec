// sendmessage: broadcast to every stored connection, removing the ones that are gone.
import {
  ApiGatewayManagementApiClient,
  GoneException,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
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
        // The SDK exports its exception classes: a 410 is thrown as a GoneException.
        if (e instanceof GoneException) {
          console.log('Found stale connection, deleting', id);
          await db.send(new DeleteItemCommand({ TableName: process.env.TABLE_NAME, Key: { connectionId: { S: id } } }));
        } else {
          throw e;
        }
      }
    }),
  );
  return { statusCode: 200 };
};
