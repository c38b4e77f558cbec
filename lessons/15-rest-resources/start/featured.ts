// GET /books/featured: a static resource, so it wins over /books/{id} for this path.
import type { APIGatewayProxyResult } from 'aws-lambda';

export const handler = async (): Promise<APIGatewayProxyResult> => ({
  statusCode: 200,
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify({ featured: { id: 'b-3', title: 'Small Hours', genre: 'poetry' } }),
});
