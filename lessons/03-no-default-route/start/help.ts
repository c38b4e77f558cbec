// help: meant for every message the API does not understand.
// TODO: tell the sender which actions this API understands (it only knows "sendmessage").
import type { APIGatewayProxyResultV2, APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';

export const handler = async (event: APIGatewayProxyWebsocketEventV2): Promise<APIGatewayProxyResultV2> => {
  console.log('Not understood:', event.body);
  return { statusCode: 200 };
};
