// GET /products lists the catalogue; GET /products/{id} returns one product.
// Returning a plain object (no statusCode) lets the HTTP API infer the response: 200,
// content-type application/json, the object as the body (payload 2.0 only). The type
// APIGatewayProxyResultV2<object> says a handler may return such an object.
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';

const PRODUCTS = [
  { id: 'p-1', name: 'Blue mug', price: 9 },
  { id: 'p-2', name: 'Headphones', price: 59 },
  { id: 'p-3', name: 'Notebook', price: 4 },
];

export const handler = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyResultV2<object>> => {
  const id = event.pathParameters?.id;
  if (id === undefined) return { products: PRODUCTS };
  const product = PRODUCTS.find((p) => p.id === id);
  if (!product) return { statusCode: 404, body: JSON.stringify({ message: `No product ${id}` }) };
  return product;
};
