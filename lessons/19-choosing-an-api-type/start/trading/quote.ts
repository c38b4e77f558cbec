// GET /prices/{symbol}: the latest price, for a client that asks (polls) for it.
import type { APIGatewayProxyEventV2 } from 'aws-lambda';

export const handler = async (event: APIGatewayProxyEventV2) => ({
  symbol: event.pathParameters?.symbol,
  price: 101.5,
});
