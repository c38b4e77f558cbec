// help ($default): every message the API does not understand lands here, JSON or not.
// It answers the sender through @connections with the actions this API knows.
import { ApiGatewayManagementApiClient, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
import type { APIGatewayProxyResultV2, APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';

export const handler = async (event: APIGatewayProxyWebsocketEventV2): Promise<APIGatewayProxyResultV2> => {
  const { connectionId, domainName, stage } = event.requestContext;
  const api = new ApiGatewayManagementApiClient({ endpoint: `https://${domainName}/${stage}` });
  const reply = {
    error: 'Unknown action',
    actions: ['sendmessage'],
    example: { action: 'sendmessage', data: 'hello' },
  };
  await api.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: JSON.stringify(reply) }));
  return { statusCode: 200 };
};
