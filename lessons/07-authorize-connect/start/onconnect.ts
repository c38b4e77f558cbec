// $connect: runs only after the authorizer allowed the connection.
import type { APIGatewayProxyResultV2, APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';

// The authorizer's principalId and context arrive in requestContext.authorizer.
type ConnectContext = APIGatewayProxyWebsocketEventV2['requestContext'] & {
  authorizer?: { principalId?: string };
};

export const handler = async (event: APIGatewayProxyWebsocketEventV2): Promise<APIGatewayProxyResultV2> => {
  const context = event.requestContext as ConnectContext;
  console.log('Welcome', context.authorizer?.principalId ?? '(nobody checked who this is)');
  return { statusCode: 200 };
};
