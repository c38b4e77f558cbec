// $default: any message whose action matches no route (or that is not JSON) lands here.
// It answers the sender through @connections with the actions this API understands.
import {
  ApiGatewayManagementApiClient,
  GetConnectionCommand,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import type { APIGatewayProxyResultV2, APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';

export const handler = async (event: APIGatewayProxyWebsocketEventV2): Promise<APIGatewayProxyResultV2> => {
  const { connectionId, domainName, stage } = event.requestContext;
  const api = new ApiGatewayManagementApiClient({ endpoint: `https://${domainName}/${stage}` });

  const info = await api.send(new GetConnectionCommand({ ConnectionId: connectionId }));
  const reply = {
    message: 'Unrecognised action. Try: {"action":"sendmessage","data":"hello"}',
    actions: ['sendmessage'],
    connectedAt: info.ConnectedAt,
  };

  await api.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: JSON.stringify(reply) }));
  return { statusCode: 200 };
};
