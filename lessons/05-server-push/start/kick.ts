// kick: {"action":"kick","target":"<connectionId>"} — tell the target, then disconnect it.
import {
  ApiGatewayManagementApiClient,
  DeleteConnectionCommand,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import type { APIGatewayProxyResultV2, APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';

export const handler = async (event: APIGatewayProxyWebsocketEventV2): Promise<APIGatewayProxyResultV2> => {
  const { connectionId, domainName, stage } = event.requestContext;
  const { target } = JSON.parse(event.body ?? '{}');
  const api = new ApiGatewayManagementApiClient({ endpoint: `https://${domainName}/${stage}` });
  // TODO 1: POST a notice to the target ("you have been kicked").
  // TODO 2: DELETE @connections/{target} to close its connection.
  // TODO 3: if the target is already gone (410 GoneException), tell the caller so instead of failing.
  console.log(connectionId, 'wants to kick', target, 'via', api);
  return { statusCode: 200 };
};
