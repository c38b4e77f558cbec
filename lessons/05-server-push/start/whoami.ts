// whoami: {"action":"whoami"} — answer the caller with what API Gateway knows about its connection.
import {
  ApiGatewayManagementApiClient,
  GetConnectionCommand,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import type { APIGatewayProxyResultV2, APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';

export const handler = async (event: APIGatewayProxyWebsocketEventV2): Promise<APIGatewayProxyResultV2> => {
  const { connectionId, domainName, stage } = event.requestContext;
  // The @connections endpoint of this API and stage.
  const api = new ApiGatewayManagementApiClient({ endpoint: `https://${domainName}/${stage}` });
  // TODO 1: GET @connections/{connectionId} with GetConnectionCommand.
  // TODO 2: POST the answer back with PostToConnectionCommand, as JSON with
  //         connectionId, connectedAt, lastActiveAt and sourceIp.
  console.log('whoami from', connectionId, 'via', api);
  return { statusCode: 200 };
};
