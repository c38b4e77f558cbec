/**
 * The application behind each approach: the Lambda functions and the little store they
 * share (a stand-in for a DynamoDB table), written the way a learner would write them.
 *
 * Every client has a feed: the items it has to learn about (order updates, chat messages
 * addressed to it), numbered from 1. Polling clients read their feed after a cursor; with
 * WebSocket the function that adds an item pushes it to the client's connection.
 */
import type { InProcessHandler } from '../gateway';
import type { WebSocketApi } from '../gateway';

export interface FeedItem {
  /** Position in the client's feed, from 1. */
  id: number;
  /** The workload event it carries (the simulation's bookkeeping; not sent to the client). */
  eventId: string;
  /** The JSON the client receives for it. */
  json: Record<string, unknown>;
}

/** The shared store: per-client feeds and, for WebSocket, who is connected where. */
export class FeedStore {
  readonly #feeds = new Map<string, FeedItem[]>();
  readonly #connections = new Map<string, string>();

  append(client: string, eventId: string, json: Record<string, unknown>): FeedItem {
    const feed = this.#feeds.get(client) ?? [];
    this.#feeds.set(client, feed);
    const item = { id: feed.length + 1, eventId, json: { ...json } };
    feed.push(item);
    return item;
  }

  after(client: string, cursor: number): FeedItem[] {
    return (this.#feeds.get(client) ?? []).filter((i) => i.id > cursor);
  }

  eventFor(client: string, id: number): string | undefined {
    return this.#feeds.get(client)?.[id - 1]?.eventId;
  }

  connect(client: string, connectionId: string): void {
    this.#connections.set(client, connectionId);
  }

  disconnect(connectionId: string): void {
    for (const [client, id] of this.#connections) if (id === connectionId) this.#connections.delete(client);
  }

  connectionOf(client: string): string | undefined {
    return this.#connections.get(client);
  }

  clientOf(connectionId: string): string | undefined {
    for (const [client, id] of this.#connections) if (id === connectionId) return client;
    return undefined;
  }
}

const json = (statusCode: number, body: unknown) => ({
  statusCode,
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify(body),
});

// ------------------------------------------------------------------------ polling functions

/** An HTTP route of the polling app, in the API-neutral form both HTTP and REST definitions are built from. */
export interface PollingRoute {
  method: 'GET' | 'POST';
  /** Resource path with `{param}` segments, e.g. `/orders/{orderId}/updates`. */
  path: string;
  /** The Lambda function behind it. */
  fn: string;
}

export interface PollingApp {
  routes: PollingRoute[];
  handlers: Record<string, InProcessHandler>;
}

/**
 * `GET /orders/{orderId}/updates?after=N`: the order's status changes after version N
 * (an empty list when nothing changed). The payload format (1.0 for REST, 2.0 for HTTP APIs)
 * does not matter here: both carry `pathParameters` and `queryStringParameters`.
 */
export function orderPollingApp(store: FeedStore, customer: string): PollingApp {
  return {
    routes: [{ method: 'GET', path: '/orders/{orderId}/updates', fn: 'getOrderUpdates' }],
    handlers: {
      getOrderUpdates: async (event) => {
        const orderId = event.pathParameters?.orderId;
        const after = Number(event.queryStringParameters?.after ?? 0);
        const updates = store.after(customer, after).map((i) => i.json);
        return json(200, { orderId, updates });
      },
    },
  };
}

/** `POST /messages` stores a message for its recipient; `GET /messages?user=U&after=N` lists U's new ones. */
export function chatPollingApp(store: FeedStore, pending: { eventId: string }): PollingApp {
  return {
    routes: [
      { method: 'GET', path: '/messages', fn: 'listMessages' },
      { method: 'POST', path: '/messages', fn: 'postMessage' },
    ],
    handlers: {
      listMessages: async (event) => {
        const user = String(event.queryStringParameters?.user ?? '');
        const after = Number(event.queryStringParameters?.after ?? 0);
        return json(200, { messages: store.after(user, after).map((i) => i.json) });
      },
      postMessage: async (event) => {
        const { from, to, text } = JSON.parse(event.body ?? '{}');
        const id = store.after(to, 0).length + 1;
        store.append(to, pending.eventId, { id, from, text });
        return json(201, { id });
      },
    },
  };
}

// ---------------------------------------------------------------------- WebSocket functions

export interface PushApp {
  routes: Record<string, { fn: string }>;
  handlers: Record<string, InProcessHandler>;
}

/** `$connect?orderId=…` subscribes the connection; the order service pushes each change (see `notifyOrder`). */
export function orderPushApp(store: FeedStore, customer: string): PushApp {
  return {
    routes: { $connect: { fn: 'subscribe' }, $disconnect: { fn: 'unsubscribe' } },
    handlers: {
      subscribe: async (event) => {
        store.connect(customer, event.requestContext.connectionId);
        return { statusCode: 200 };
      },
      unsubscribe: async (event) => {
        store.disconnect(event.requestContext.connectionId);
        return { statusCode: 200 };
      },
    },
  };
}

/**
 * What the order service's function does when a status changes (triggered by the order
 * table, not by a route): PostToConnection to the subscribed customer. A 410 means the
 * customer is not connected; the update waits in the table.
 */
export async function notifyOrder(
  api: WebSocketApi,
  store: FeedStore,
  customer: string,
  item: FeedItem,
): Promise<number> {
  const connectionId = store.connectionOf(customer);
  if (!connectionId) return 410;
  const res = await api.management.postToConnection(connectionId, JSON.stringify(item.json), {
    functionName: 'notifyOrder',
  });
  return res.statusCode;
}

/**
 * The serverless chat of the AWS tutorial, one-to-one: `$connect?user=…` records the
 * connection, `sendmessage` stores the message and posts it to the recipient.
 */
export function chatPushApp(store: FeedStore, pending: { eventId: string }, api: () => WebSocketApi): PushApp {
  return {
    routes: { $connect: { fn: 'connect' }, $disconnect: { fn: 'disconnect' }, sendmessage: { fn: 'sendMessage' } },
    handlers: {
      connect: async (event) => {
        store.connect(String(event.queryStringParameters?.user ?? ''), event.requestContext.connectionId);
        return { statusCode: 200 };
      },
      disconnect: async (event) => {
        store.disconnect(event.requestContext.connectionId);
        return { statusCode: 200 };
      },
      sendMessage: async (event, context) => {
        const { to, text } = JSON.parse(event.body);
        const from = store.clientOf(event.requestContext.connectionId);
        const id = store.after(to, 0).length + 1;
        const item = store.append(to, pending.eventId, { id, from, text });
        const target = store.connectionOf(to);
        if (target)
          await api().management.postToConnection(target, JSON.stringify(item.json), {
            functionName: context.functionName,
            invocationId: context.awsRequestId,
          });
        return { statusCode: 200 };
      },
    },
  };
}
