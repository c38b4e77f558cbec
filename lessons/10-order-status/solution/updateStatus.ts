// updateStatus: the warehouse reports progress, e.g.
// {"action":"updateStatus","orderId":"o-1001","status":"shipped"}, and every customer
// connection that tracks the order gets it pushed at once — no polling.
import { ApiGatewayManagementApiClient, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
import { DeleteItemCommand, DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyResultV2, APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';

const db = new DynamoDBClient({});

export const handler = async (event: APIGatewayProxyWebsocketEventV2): Promise<APIGatewayProxyResultV2> => {
  const { orderId, status } = JSON.parse(event.body ?? '{}');
  const { domainName, stage } = event.requestContext;
  const api = new ApiGatewayManagementApiClient({ endpoint: `https://${domainName}/${stage}` });

  const { Items = [] } = await db.send(
    new QueryCommand({
      TableName: process.env.SUBSCRIPTIONS,
      KeyConditionExpression: 'orderId = :o',
      ExpressionAttributeValues: { ':o': { S: String(orderId) } },
    }),
  );
  const update = JSON.stringify({ orderId, status });
  for (const item of Items) {
    const connectionId = item.connectionId.S!;
    try {
      await api.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: update }));
    } catch (e) {
      // The customer closed the page: stop tracking for that connection.
      if ((e as Error).name !== 'GoneException') throw e;
      await db.send(
        new DeleteItemCommand({
          TableName: process.env.SUBSCRIPTIONS,
          Key: { orderId: { S: String(orderId) }, connectionId: { S: connectionId } },
        }),
      );
    }
  }
  return { statusCode: 200 };
};
