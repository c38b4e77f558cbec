/**
 * The workloads the comparison runs, the two stories the course tells: an order moving packed →
 * shipped → delivered that the customer wants to see change (lessons/10-order-status), and a
 * chat between two users (lessons/06-serverless-chat).
 */
import type { ChatWorkload, OrderWorkload, Workload, WorkloadEvent } from './types';

export const ORDER_WORKLOAD: OrderWorkload = {
  id: 'order-status',
  name: 'Order status updates',
  description:
    'A customer watches order 1234 move packed → shipped → delivered. The status changes on the backend; the client wants every change as soon as it happens.',
  orderId: '1234',
  initialStatus: 'placed',
  // Compressed to minutes so the run stays short; the gaps stay under WebSocket's 10-minute idle timeout.
  // Not on round seconds: real status changes do not line up with a client's poll timer.
  changes: [
    { atS: 122.7, status: 'packed' },
    { atS: 306.1, status: 'shipped' },
    { atS: 547.3, status: 'delivered' },
  ],
  client: 'Customer',
  suggestedScale: { clients: 10_000, eventsPerDay: 3, activeHoursPerDay: 1, daysPerMonth: 30 },
};

export const CHAT_WORKLOAD: ChatWorkload = {
  id: 'chat',
  name: 'Chat between two users',
  description:
    'Alice and Bob exchange messages, taking turns. Each message has to reach the other user; the sender does not need it back.',
  users: ['Alice', 'Bob'],
  gapsS: [3.4, 8.1, 2.3, 12.6, 5.2, 7.7, 4.9, 10.3],
  texts: [
    'Hi Bob! Did the parcel arrive?',
    'Not yet, the tracking page says shipped.',
    'It left the warehouse this morning.',
    'Great, I will be home all afternoon.',
    'Can you send me a photo when it is there?',
    'Sure. Is it the blue box?',
    'Yes, the blue one with the red tape.',
    'Doorbell! I think that is it.',
    'Open it, open it!',
    'It is the headphones. They look great.',
    'Try them on and tell me how they sound.',
    'Very clear. The bass is strong.',
    'Perfect, that was the point.',
    'Thanks a lot, really kind of you.',
    'You are welcome. Happy birthday!',
    'Coffee on Saturday?',
    'Saturday at ten works for me.',
    'The place near the station?',
    'Yes, see you there.',
    'See you!',
  ],
  suggestedScale: { clients: 1_000, eventsPerDay: 200, activeHoursPerDay: 4, daysPerMonth: 30 },
};

/** The presets, keyed by id. */
export const WORKLOADS = {
  'order-status': ORDER_WORKLOAD,
  chat: CHAT_WORKLOAD,
} as const satisfies Record<Workload['id'], Workload>;

/**
 * The events a workload produces, in time order. The chat uses `messageCount`; the order's
 * status changes are fixed by the story.
 */
export function workloadEvents(workload: Workload, messageCount: number): WorkloadEvent[] {
  if (workload.id === 'order-status') {
    return workload.changes.map((c, i) => ({
      id: `e${i + 1}`,
      atMs: Math.round(c.atS * 1000),
      to: workload.client,
      data: c.status,
    }));
  }
  const events: WorkloadEvent[] = [];
  let t = 0;
  for (let i = 0; i < messageCount; i++) {
    t += Math.round(workload.gapsS[i % workload.gapsS.length] * 1000);
    const from = workload.users[i % 2];
    const to = workload.users[(i + 1) % 2];
    events.push({ id: `e${i + 1}`, atMs: t, from, to, data: workload.texts[i % workload.texts.length] });
  }
  return events;
}

/** The clients that take part (diagram lanes), in a stable order. */
export function workloadClients(workload: Workload): string[] {
  return workload.id === 'order-status' ? [workload.client] : [...workload.users];
}
