// updateStatus with the Document Client, posting to every subscriber in parallel.
import { ApiGatewayManagementApiClient, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';

const docs = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const TABLE = process.env.SUBSCRIPTIONS;

type StatusUpdate = { orderId: string; status: 'packed' | 'shipped' | 'delivered' };

export const handler = async (event: APIGatewayProxyWebsocketEventV2) => {
  const { orderId, status } = JSON.parse(event.body ?? '{}') as StatusUpdate;
  const api = new ApiGatewayManagementApiClient({
    endpoint: `https://${event.requestContext.domainName}/${event.requestContext.stage}`,
  });
  const result = await docs.send(
    new QueryCommand({ TableName: TABLE, KeyConditionExpression: 'orderId = :id', ExpressionAttributeValues: { ':id': orderId } }),
  );
  const outcomes = await Promise.allSettled(
    (result.Items ?? []).map((s) =>
      api.send(new PostToConnectionCommand({ ConnectionId: s.connectionId, Data: JSON.stringify({ status, orderId }) })),
    ),
  );
  // Forget subscribers whose connection is gone; report anything else.
  await Promise.all(
    outcomes.map(async (o, i) => {
      if (o.status === 'fulfilled') return;
      if ((o.reason as Error).name !== 'GoneException') throw o.reason;
      await docs.send(new DeleteCommand({ TableName: TABLE, Key: { orderId, connectionId: result.Items![i].connectionId } }));
    }),
  );
  return { statusCode: 200 };
};
