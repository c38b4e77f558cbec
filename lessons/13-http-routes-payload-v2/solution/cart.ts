// The cart: GET shows it, POST adds to it, DELETE empties it.
// The client sends its currency in an X-Currency header and its session in a cookie.
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';

export const handler = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyResultV2<object>> => {
  const method = event.requestContext.http.method;
  // Payload 2.0 lowercases header names and moves cookies into event.cookies.
  const currency = event.headers['x-currency'] ?? 'USD';
  const session = (event.cookies ?? [])
    .find((c) => c.startsWith('session='))
    ?.slice('session='.length);
  return { method, currency, session: session ?? null };
};
