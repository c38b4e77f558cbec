// Shared by the order functions: the orders table through the SDK v3 document client.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';

export const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));
export const TABLE = process.env.TABLE_NAME;

export interface Order {
  orderId: string;
  productId: string;
  quantity: number;
  status: 'placed' | 'packed' | 'shipped' | 'delivered';
  customer: string;
  createdAt: string;
}

const SAMPLE: Order = {
  orderId: '1',
  productId: 'p-1',
  quantity: 2,
  status: 'shipped',
  customer: 'learner',
  createdAt: '2026-01-15T09:30:00.000Z',
};

// Module scope runs once per cold start (per function instance), like code outside a Lambda handler.
let seeded: Promise<void> | undefined;

/** Puts a sample order 1 into the table once, so GET /orders/1 answers before anything was posted. */
export function seedSampleOrder(): Promise<void> {
  seeded ??= (async () => {
    const { Item } = await db.send(new GetCommand({ TableName: TABLE, Key: { orderId: SAMPLE.orderId } }));
    if (!Item) await db.send(new PutCommand({ TableName: TABLE, Item: SAMPLE }));
  })();
  return seeded;
}

export async function getOrder(orderId: string): Promise<Order | undefined> {
  const { Item } = await db.send(new GetCommand({ TableName: TABLE, Key: { orderId } }));
  return Item as Order | undefined;
}

export async function putOrder(order: Order): Promise<void> {
  await db.send(new PutCommand({ TableName: TABLE, Item: order }));
}
