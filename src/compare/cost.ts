/**
 * The monthly cost estimate: the run's measured rates (polls per hour, requests and messages
 * per event, billed units and response bytes per request) scaled to the learner's scale and
 * priced with the PRICING table. Free tiers are not applied.
 */
import { PRICING, type PricingId } from './pricing';
import type { CostLine, MonthlyCost, ScaleInput } from './types';

/** What a polling run measured, per client. */
export interface PollingRates {
  kind: 'polling';
  apiType: 'REST' | 'HTTP';
  /** Polls a client makes per hour the app is open. */
  pollsPerActiveHour: number;
  /** Requests other than polls (the chat's POSTs) per event delivered. */
  requestsPerEvent: number;
  /** Average billed units per poll and per other request (HTTP APIs meter in 512 KB increments). */
  billedPerPoll: number;
  billedPerEventRequest: number;
  /** Average response bytes per poll and per other request (data transfer out). */
  bytesOutPerPoll: number;
  bytesOutPerEventRequest: number;
}

/** What a WebSocket run measured, per client. */
export interface PushRates {
  kind: 'push';
  /** Data messages (in + out) per event delivered. */
  messagesPerEvent: number;
  /** Average billed units per message (32 KB increments). */
  billedPerMessage: number;
  /** Server-to-client frame bytes per event delivered. */
  bytesOutPerEvent: number;
  /** The 101 response and close frame the server sends per connection. */
  bytesOutPerConnection: number;
}

/** A WebSocket connection lasts at most 2 hours (DG limits), so a longer session reconnects. */
const MAX_CONNECTION_HOURS = 2;

function line(pricingId: PricingId, item: string, quantity: number, unit: string): CostLine {
  const row = PRICING[pricingId];
  return {
    pricingId,
    item,
    quantity,
    unit,
    price: row.usdPerUnit,
    priceUnit: row.unit,
    usd: (quantity / row.unitSize) * row.usdPerUnit,
  };
}

function total(lines: CostLine[], basis: string[]): MonthlyCost {
  return { lines, totalUsd: lines.reduce((s, l) => s + l.usd, 0), basis };
}

/** The estimated monthly bill for one approach at `scale`. */
export function monthlyCost(rates: PollingRates | PushRates, scale: ScaleInput): MonthlyCost {
  const clientDays = scale.clients * scale.daysPerMonth;
  const events = clientDays * scale.eventsPerDay;
  const who = `${scale.clients} clients × ${scale.daysPerMonth} days`;
  if (rates.kind === 'polling') {
    const polls = clientDays * scale.activeHoursPerDay * rates.pollsPerActiveHour;
    const others = events * rates.requestsPerEvent;
    const billed = polls * rates.billedPerPoll + others * rates.billedPerEventRequest;
    const bytesOut = polls * rates.bytesOutPerPoll + others * rates.bytesOutPerEventRequest;
    const id: PricingId = rates.apiType === 'REST' ? 'rest-requests' : 'http-requests';
    return total(
      [
        line(id, `${rates.apiType === 'REST' ? 'REST' : 'HTTP'} API requests`, billed, 'requests'),
        line('data-transfer-out', 'Responses sent to clients', bytesOut, 'bytes'),
      ],
      [
        `${who} × ${scale.activeHoursPerDay} h open × ${round(rates.pollsPerActiveHour)} polls per hour`,
        `+ ${round(rates.requestsPerEvent)} other requests per event × ${scale.eventsPerDay} events per client per day`,
      ],
    );
  }
  const messages = events * rates.messagesPerEvent;
  const minutes = clientDays * scale.activeHoursPerDay * 60;
  const connections = clientDays * Math.ceil(scale.activeHoursPerDay / MAX_CONNECTION_HOURS);
  const bytesOut = events * rates.bytesOutPerEvent + connections * rates.bytesOutPerConnection;
  return total(
    [
      line(
        'websocket-messages',
        'WebSocket messages (sent and received)',
        messages * rates.billedPerMessage,
        'messages',
      ),
      line('websocket-connection-minutes', 'WebSocket connection minutes', minutes, 'connection minutes'),
      line('data-transfer-out', 'Frames and handshakes sent to clients', bytesOut, 'bytes'),
    ],
    [
      `${who} × ${scale.eventsPerDay} events × ${round(rates.messagesPerEvent)} messages per event`,
      `+ connection minutes: ${who} × ${scale.activeHoursPerDay} h × 60`,
    ],
  );
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
