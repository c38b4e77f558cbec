// GET /products and ANY /products/{proxy+}: one function behind a greedy path variable.
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import { PRODUCTS, findProduct } from './lib/catalog';

const json = (statusCode: number, body: unknown): APIGatewayProxyResultV2 => ({
  statusCode,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

export const handler = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyResultV2> => {
  // Stage variables belong to the stage ($default here), not to the code.
  const currency = event.stageVariables?.currency ?? 'USD';
  const method = event.requestContext.http.method;

  if (event.routeKey === 'GET /products') {
    return json(200, { currency, products: PRODUCTS });
  }
  // ANY /products/{proxy+}: `proxy` holds the rest of the path, e.g. "p-2" for /products/p-2.
  if (method !== 'GET') return json(405, { message: `${method} is not supported on products` });
  const product = findProduct(event.pathParameters?.proxy ?? '');
  return product ? json(200, { ...product, currency }) : json(404, { message: `No product ${event.pathParameters?.proxy}` });
};
