// POST /messages stores a message; GET /messages returns them. The other user only sees a
// message when their app next asks (polls).
import type { APIGatewayProxyEventV2 } from 'aws-lambda';

const messages: string[] = [];

export const handler = async (event: APIGatewayProxyEventV2) => {
  if (event.requestContext.http.method === 'POST') messages.push(event.body ?? '');
  return { messages };
};
