// GET /forecast?city=Oslo: tomorrow's weather. Every call costs us money, so callers need a key.
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';

export const handler = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
  const city = event.queryStringParameters?.city ?? 'Oslo';
  // Which key the gateway accepted (null when the method does not require one).
  console.log('forecast for', city, 'key', event.requestContext.identity.apiKeyId);
  return {
    statusCode: 200,
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ city, tomorrow: 'light rain', high: 9, low: 4 }),
  };
};
