// report: {"action":"report"} builds a report, which takes a little over a second.
// (The wait below stands in for a slow database query: keep it.)
import type { APIGatewayProxyResultV2 } from 'aws-lambda';

const slowQuery = () => new Promise((resolve) => setTimeout(resolve, 1200));

export const handler = async (): Promise<APIGatewayProxyResultV2> => {
  await slowQuery();
  return { statusCode: 200, body: 'report ready: 42 orders today' };
};
