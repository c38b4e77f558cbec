// sendmessage: {"action":"sendmessage","data":"hello"} should reach everyone in the chat.
import { ApiGatewayManagementApiClient, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
import type { APIGatewayProxyResultV2, APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';

export const handler = async (event: APIGatewayProxyWebsocketEventV2): Promise<APIGatewayProxyResultV2> => {
  const { connectionId, domainName, stage } = event.requestContext;
  const { data } = JSON.parse(event.body ?? '{}');
  const api = new ApiGatewayManagementApiClient({ endpoint: `https://${domainName}/${stage}` });
  // TODO: read every connection id from the table and post the message to each of them.
  // For now it only goes back to the sender.
  await api.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: String(data) }));
  return { statusCode: 200 };
};
