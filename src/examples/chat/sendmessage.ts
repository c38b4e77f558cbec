// sendmessage: a client sends {"action":"sendmessage","data":"hello"};
// this function posts the data to every connection stored in the table.
import { ApiGatewayManagementApiClient, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
import { DeleteItemCommand, DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyResultV2, APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';

const ddb = new DynamoDBClient({});

export const handler = async (event: APIGatewayProxyWebsocketEventV2): Promise<APIGatewayProxyResultV2> => {
  const { domainName, stage } = event.requestContext;

  let data: string;
  try {
    data = String(JSON.parse(event.body ?? '{}').data ?? '');
  } catch {
    return { statusCode: 400, body: 'The message body must be JSON' };
  }

  const { Items = [] } = await ddb.send(
    new ScanCommand({ TableName: process.env.TABLE_NAME, ProjectionExpression: 'connectionId' }),
  );

  // The @connections endpoint of this API and stage.
  const api = new ApiGatewayManagementApiClient({ endpoint: `https://${domainName}/${stage}` });

  await Promise.all(
    Items.map(async (item) => {
      const connectionId = item.connectionId.S!;
      try {
        await api.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: data }));
      } catch (e) {
        // SDK v3 errors carry the exception name; a 410 means the client is gone.
        if ((e as Error).name === 'GoneException') {
          console.log('Removing stale connection', connectionId);
          await ddb.send(
            new DeleteItemCommand({ TableName: process.env.TABLE_NAME, Key: { connectionId: { S: connectionId } } }),
          );
        } else {
          throw e;
        }
      }
    }),
  );

  return { statusCode: 200, body: 'Data sent' };
};
