// kick: {"action":"kick","target":"<connectionId>"} — tell the target, then disconnect it.
import {
  ApiGatewayManagementApiClient,
  DeleteConnectionCommand,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import type { APIGatewayProxyResultV2, APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';

export const handler = async (event: APIGatewayProxyWebsocketEventV2): Promise<APIGatewayProxyResultV2> => {
  const { connectionId, domainName, stage } = event.requestContext;
  const { target } = JSON.parse(event.body ?? '{}') as { target?: string };
  const api = new ApiGatewayManagementApiClient({ endpoint: `https://${domainName}/${stage}` });
  const reply = (data: object) =>
    api.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: JSON.stringify(data) }));

  if (!target) {
    await reply({ kicked: false, reason: 'target is required' });
    return { statusCode: 400 };
  }
  try {
    await api.send(new PostToConnectionCommand({ ConnectionId: target, Data: JSON.stringify({ notice: 'You have been kicked' }) }));
    await api.send(new DeleteConnectionCommand({ ConnectionId: target }));
    await reply({ kicked: true, target });
  } catch (e) {
    // SDK v3 names the error: a 410 from @connections is a GoneException.
    if ((e as Error).name !== 'GoneException') throw e;
    await reply({ kicked: false, reason: 'gone', target });
  }
  return { statusCode: 200 };
};
