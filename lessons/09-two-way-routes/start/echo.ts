// echo: {"action":"echo","data":"…"} should be answered with the data, as is.
import type { APIGatewayProxyResultV2, APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';

export const handler = async (event: APIGatewayProxyWebsocketEventV2): Promise<APIGatewayProxyResultV2> => {
  // TODO: return the message's data as the body.
  console.log('echo', event.body);
  return { statusCode: 200 };
};
