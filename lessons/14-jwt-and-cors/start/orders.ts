// The orders of the signed-in customer. Who is signed in is the JWT authorizer's business:
// once it has checked the token, the claims are in event.requestContext.authorizer.jwt.claims.
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyResultV2 } from 'aws-lambda';

// Browsers need these on cross-origin responses... or do they come from somewhere else?
const CORS = { 'access-control-allow-origin': '*' };

function customer(event: APIGatewayProxyEventV2WithJWTAuthorizer): string {
  const sub = event.requestContext.authorizer?.jwt?.claims?.sub;
  return typeof sub === 'string' ? sub : 'anonymous';
}

export const list = async (event: APIGatewayProxyEventV2WithJWTAuthorizer): Promise<APIGatewayProxyResultV2> => {
  return {
    statusCode: 200,
    headers: { 'content-type': 'application/json', ...CORS },
    body: JSON.stringify({ customer: customer(event), orders: [{ orderId: 'o-1001', status: 'shipped' }] }),
  };
};

export const create = async (event: APIGatewayProxyEventV2WithJWTAuthorizer): Promise<APIGatewayProxyResultV2> => {
  return {
    statusCode: 201,
    headers: { 'content-type': 'application/json', ...CORS },
    body: JSON.stringify({ customer: customer(event), orderId: 'o-1002', status: 'placed' }),
  };
};
