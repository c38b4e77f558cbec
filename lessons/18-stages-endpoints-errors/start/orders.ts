// Two versions of the same function, both deployed. The stage decides which one it calls.
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';

const reply = (data: unknown): APIGatewayProxyResult => ({
  statusCode: 200,
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify(data),
});

export const v1 = async (): Promise<APIGatewayProxyResult> => reply({ version: 1, orders: ['o-1', 'o-2'] });

export const v2 = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> =>
  reply({ version: 2, stage: event.requestContext.stage, orders: [{ id: 'o-1' }, { id: 'o-2' }] });
