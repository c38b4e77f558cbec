// history: {"action":"history"} sends the caller the whole chat history (about 150 KB),
// in pieces that each fit in one 32 KB frame.
import { ApiGatewayManagementApiClient, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
import type { APIGatewayProxyResultV2, APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';

// Stand-in for a database read: 600 messages of about 250 bytes each.
const HISTORY = Array.from({ length: 600 }, (_, i) => ({
  id: i + 1,
  from: i % 2 ? 'alice' : 'bob',
  text: `message ${i + 1}: ${'lorem ipsum '.repeat(18)}`,
}));

/** The frame quota is 32 KB; leave room for the envelope around each page. */
const PAGE_BYTES = 30_000;

export const handler = async (event: APIGatewayProxyWebsocketEventV2): Promise<APIGatewayProxyResultV2> => {
  const { connectionId, domainName, stage } = event.requestContext;
  const api = new ApiGatewayManagementApiClient({ endpoint: `https://${domainName}/${stage}` });

  // Group whole messages into pages, so that each page is valid JSON on its own.
  const pages: (typeof HISTORY)[] = [[]];
  let size = 0;
  for (const message of HISTORY) {
    const bytes = JSON.stringify(message).length + 1;
    if (size + bytes > PAGE_BYTES) {
      pages.push([]);
      size = 0;
    }
    pages[pages.length - 1].push(message);
    size += bytes;
  }
  for (const [i, messages] of pages.entries()) {
    const page = JSON.stringify({ page: i + 1, pages: pages.length, messages });
    await api.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: page }));
  }
  return { statusCode: 200 };
};
