// whoami: {"action":"whoami"} — answer the caller with what API Gateway knows about its connection.
import {
  ApiGatewayManagementApiClient,
  GetConnectionCommand,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import type { APIGatewayProxyResultV2, APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';

export const handler = async (event: APIGatewayProxyWebsocketEventV2): Promise<APIGatewayProxyResultV2> => {
  const { connectionId, domainName, stage } = event.requestContext;
  const api = new ApiGatewayManagementApiClient({ endpoint: `https://${domainName}/${stage}` });

  // GET @connections/{id}: when it connected, when it was last active, where from.
  const info = await api.send(new GetConnectionCommand({ ConnectionId: connectionId }));

  // POST @connections/{id}: push the answer down the caller's own connection.
  const answer = {
    connectionId,
    connectedAt: info.ConnectedAt,
    lastActiveAt: info.LastActiveAt,
    sourceIp: info.Identity?.SourceIp,
  };
  await api.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: JSON.stringify(answer) }));
  return { statusCode: 200 };
};
