// GET /orders/{id}: an HTTP API route with a path parameter, payload format 2.0.
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import { getOrder, seedSampleOrder, type Order } from './lib/orders';

export const handler = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyResultV2<Order>> => {
  await seedSampleOrder();
  // Path parameters are URL-decoded before they reach the function.
  const id = event.pathParameters?.id ?? '';
  console.log('GET order', id, 'route', event.routeKey);

  const order = await getOrder(id);
  if (!order) {
    return {
      statusCode: 404,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ message: `No order ${id}` }),
    };
  }
  // Payload 2.0: an object without statusCode is sent as a 200 JSON body (the gateway infers it).
  return order;
};
