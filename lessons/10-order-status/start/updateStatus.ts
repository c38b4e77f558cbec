// updateStatus: the warehouse reports progress, e.g.
// {"action":"updateStatus","orderId":"o-1001","status":"shipped"}.
// (In production this would be triggered by an event from the order system; here the
// warehouse is just another client.)
import type { APIGatewayProxyResultV2, APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';

export const handler = async (event: APIGatewayProxyWebsocketEventV2): Promise<APIGatewayProxyResultV2> => {
  const { orderId, status } = JSON.parse(event.body ?? '{}');
  console.log(`Order ${orderId} is now ${status}`);
  // TODO: find every connection tracking this order (Query the subscriptions table by orderId)
  //       and push {"orderId": …, "status": …} to each one through @connections.
  return { statusCode: 200 };
};
