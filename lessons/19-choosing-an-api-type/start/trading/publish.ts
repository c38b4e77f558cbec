// WebSocket route "publish": the price feed sends {"action":"publish","symbol":"ACME","price":101.5};
// every subscriber of that symbol gets it pushed at once (POST @connections).
import { ApiGatewayManagementApiClient, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyResultV2, APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';

const db = new DynamoDBClient({});

export const handler = async (event: APIGatewayProxyWebsocketEventV2): Promise<APIGatewayProxyResultV2> => {
  const { domainName, stage } = event.requestContext;
  const { symbol, price } = JSON.parse(event.body ?? '{}') as { symbol?: string; price?: number };
  const api = new ApiGatewayManagementApiClient({ endpoint: `https://${domainName}/${stage}` });
  const { Items = [] } = await db.send(new ScanCommand({ TableName: process.env.TABLE_NAME }));
  for (const item of Items.filter((i) => i.symbol?.S === symbol))
    await api.send(new PostToConnectionCommand({ ConnectionId: item.connectionId.S!, Data: JSON.stringify({ symbol, price }) }));
  return { statusCode: 200 };
};
