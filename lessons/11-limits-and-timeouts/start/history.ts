// history: {"action":"history"} sends the caller the whole chat history (about 150 KB).
import { ApiGatewayManagementApiClient, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
import type { APIGatewayProxyResultV2, APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';

// Stand-in for a database read: 600 messages of about 250 bytes each.
const HISTORY = Array.from({ length: 600 }, (_, i) => ({
  id: i + 1,
  from: i % 2 ? 'alice' : 'bob',
  text: `message ${i + 1}: ${'lorem ipsum '.repeat(18)}`,
}));

export const handler = async (event: APIGatewayProxyWebsocketEventV2): Promise<APIGatewayProxyResultV2> => {
  const { connectionId, domainName, stage } = event.requestContext;
  const api = new ApiGatewayManagementApiClient({ endpoint: `https://${domainName}/${stage}` });
  const text = JSON.stringify(HISTORY);
  console.log('history is', text.length, 'bytes');
  await api.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: text }));
  return { statusCode: 200 };
};
