// GET /orders/{id}: a REST API Lambda proxy integration (payload format 1.0).
// The method needs an API key, and the stage cache answers repeats for 300 s without calling us.
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { getOrder, seedSampleOrder } from './lib/orders';

// REST proxy responses must carry their own CORS headers (the gateway adds none).
const headers = { 'Content-Type': 'application/json', 'Access-Control-Allow-Origin': '*' };

export const handler = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
  await seedSampleOrder();
  const id = event.pathParameters?.id ?? '';
  // The caller's key, as the gateway checked it (requestContext.identity.apiKey / apiKeyId).
  console.log('GET order', id, 'key', event.requestContext.identity.apiKeyId);

  const order = await getOrder(id);
  if (!order) return { statusCode: 404, headers, body: JSON.stringify({ message: `No order ${id}` }) };
  // Payload 1.0 needs an explicit statusCode and a string body.
  return { statusCode: 200, headers, body: JSON.stringify(order) };
};
