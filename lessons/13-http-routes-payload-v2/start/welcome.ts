// $default: whatever no other route matches ends up here.
import type { APIGatewayProxyResultV2 } from 'aws-lambda';

export const handler = async (): Promise<APIGatewayProxyResultV2<object>> => {
  return { message: 'Welcome to the shop' };
};
