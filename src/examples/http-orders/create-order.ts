// POST /orders: protected by the JWT authorizer "shop-users"; the token needs the scope orders:write.
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyResultV2 } from 'aws-lambda';
import { findProduct } from './lib/catalog';
import { putOrder, seedSampleOrder, type Order } from './lib/orders';

export const handler = async (event: APIGatewayProxyEventV2WithJWTAuthorizer): Promise<APIGatewayProxyResultV2> => {
  await seedSampleOrder();
  // The gateway verified the token before calling us; its claims arrive in the request context.
  const claims = event.requestContext.authorizer.jwt.claims;

  let input: { productId?: unknown; quantity?: unknown };
  try {
    input = JSON.parse(event.body ?? '{}');
  } catch {
    return { statusCode: 400, body: JSON.stringify({ message: 'The body must be JSON' }) };
  }
  const product = typeof input.productId === 'string' ? findProduct(input.productId) : undefined;
  const quantity = Number(input.quantity ?? 1);
  if (!product || !Number.isInteger(quantity) || quantity < 1) {
    return { statusCode: 400, body: JSON.stringify({ message: 'Send {"productId": "p-1", "quantity": 1}' }) };
  }

  const order: Order = {
    orderId: Math.random().toString(36).slice(2, 8),
    productId: product.productId,
    quantity,
    status: 'placed',
    customer: String(claims.sub),
    createdAt: new Date().toISOString(),
  };
  await putOrder(order);
  console.log('Order placed', order.orderId, 'for', order.customer);

  return {
    statusCode: 201,
    headers: { 'content-type': 'application/json', location: `/orders/${order.orderId}` },
    body: JSON.stringify(order),
  };
};
