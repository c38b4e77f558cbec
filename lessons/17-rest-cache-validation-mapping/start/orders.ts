// POST /orders: trusts that the gateway only lets well-formed orders through.
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';

interface NewOrder {
  productId: string;
  quantity: number;
}

export const create = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
  const order = JSON.parse(event.body ?? '{}') as NewOrder;
  console.log('order for', order.quantity, 'x', order.productId);
  return {
    statusCode: 201,
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ orderId: 'o-1001', ...order }),
  };
};
