// The cart: GET shows it, POST adds to it, DELETE empties it.
// The client sends its currency in an X-Currency header and its session in a cookie.
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';

export const handler = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyResultV2<object>> => {
  const method = event.requestContext.http.method;
  const currency = event.headers['X-Currency'] ?? 'USD';
  const cookieHeader = event.headers['Cookie'] ?? '';
  const session = cookieHeader
    .split('; ')
    .find((c) => c.startsWith('session='))
    ?.slice('session='.length);
  return { method, currency, session: session ?? null };
};
