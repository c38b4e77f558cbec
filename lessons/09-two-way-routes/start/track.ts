// track: {"action":"track","event":"page_view"} records an analytics event. The client does not
// wait for an answer: the body returned here is for the logs, not for the client.
import type { APIGatewayProxyResultV2, APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';

export const handler = async (event: APIGatewayProxyWebsocketEventV2): Promise<APIGatewayProxyResultV2> => {
  const { event: name } = JSON.parse(event.body ?? '{}');
  console.log('tracked', name);
  return { statusCode: 200, body: `recorded ${name}` };
};
