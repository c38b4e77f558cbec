// The old shop's URLs (/catalog/2019/spring, /catalog/crime/b-1…) all land here.
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';

export const handler = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
  // path has no stage (/catalog/2019/spring); requestContext.path has it (/prod/catalog/2019/spring).
  console.log('old link', event.path, 'requested as', event.requestContext.path);
  return {
    statusCode: 200,
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      message: 'This page has moved to /books',
      path: event.path,
      rest: event.pathParameters?.proxy ?? null,
    }),
  };
};
