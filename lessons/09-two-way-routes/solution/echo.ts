// echo: {"action":"echo","data":"…"} is answered with the data, as is (a two-way route).
import type { APIGatewayProxyResultV2, APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';

export const handler = async (event: APIGatewayProxyWebsocketEventV2): Promise<APIGatewayProxyResultV2> => {
  const { data } = JSON.parse(event.body ?? '{}');
  // With a route response, this body is sent back to the caller as one text frame.
  return { statusCode: 200, body: typeof data === 'string' ? data : JSON.stringify(data) };
};
