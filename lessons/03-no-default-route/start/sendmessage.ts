// sendmessage: confirms the message back to its sender.
import { ApiGatewayManagementApiClient, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
import type { APIGatewayProxyResultV2, APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';

export const handler = async (event: APIGatewayProxyWebsocketEventV2): Promise<APIGatewayProxyResultV2> => {
  const { connectionId, domainName, stage } = event.requestContext;
  const { data } = JSON.parse(event.body ?? '{}');
  const api = new ApiGatewayManagementApiClient({ endpoint: `https://${domainName}/${stage}` });
  await api.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: `sent: ${data}` }));
  return { statusCode: 200 };
};
