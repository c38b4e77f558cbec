// GET /report builds a report, which takes a little over a second.
// (The wait below stands in for a slow database query: keep it.)
import type { APIGatewayProxyResult } from 'aws-lambda';

const slowQuery = () => new Promise((resolve) => setTimeout(resolve, 1200));

export const handler = async (): Promise<APIGatewayProxyResult> => {
  await slowQuery();
  return { statusCode: 200, headers: { 'Content-Type': 'text/plain' }, body: 'report ready: 42 orders today' };
};
