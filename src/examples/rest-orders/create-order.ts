// POST /orders: the request validator "body" checks the JSON against the NewOrder model
// before this function runs, so a bad body gets 400 {"message": "Invalid request body"}.
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { findProduct } from './lib/catalog';
import { putOrder, seedSampleOrder, type Order } from './lib/orders';

const headers = { 'Content-Type': 'application/json', 'Access-Control-Allow-Origin': '*' };

export const handler = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
  await seedSampleOrder();
  const input = JSON.parse(event.body ?? '{}') as { productId: string; quantity: number };
  const product = findProduct(input.productId);
  if (!product) return { statusCode: 404, headers, body: JSON.stringify({ message: `No product ${input.productId}` }) };

  const order: Order = {
    orderId: Math.random().toString(36).slice(2, 8),
    productId: product.productId,
    quantity: input.quantity,
    status: 'placed',
    customer: event.requestContext.identity.apiKeyId ?? 'anonymous',
    createdAt: new Date().toISOString(),
  };
  await putOrder(order);
  console.log('Order placed', order.orderId);
  return { statusCode: 201, headers: { ...headers, Location: `/orders/${order.orderId}` }, body: JSON.stringify(order) };
};
