// GET /products/{id}: a slow product service. Every call here is one the cache could have saved.
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';

export const get = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
  const id = event.pathParameters?.id ?? '';
  console.log('product service asked for', id);
  return {
    statusCode: 200,
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ id, name: `Product ${id}`, inStock: true }),
  };
};
