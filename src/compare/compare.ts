/**
 * One workload, three ways, side by side: REST API polling, HTTP API polling and WebSocket
 * push, each on its own engine instance (own ManualClock, own seeded ids, own in-process
 * Lambda functions and store). Every figure comes from running the requests and frames
 * through the engines; only the monthly cost is extrapolated, from the run's measured rates.
 */
import { createHttpPollingApi, createRestPollingApi } from './engines';
import { runPolling, type PollingApproach } from './polling';
import { runPush } from './push';
import type { ComparisonInputs, ComparisonResult, InputName, Workload } from './types';
import { workloadEvents } from './workloads';

export const DEFAULT_INPUTS: ComparisonInputs = {
  rttMs: 100,
  pollIntervalS: 5,
  messageCount: 20,
  headerSet: { preset: 'browser-typical' },
  tlsVersion: '1.3',
  keepAlive: { enabled: true, idleTimeoutS: 60 },
  scale: { clients: 1_000, eventsPerDay: 50, activeHoursPerDay: 8, daysPerMonth: 30 },
};

export const POLLING_APPROACHES: PollingApproach[] = [
  { id: 'rest-polling', label: 'REST API polling', apiType: 'REST', factory: createRestPollingApi },
  { id: 'http-polling', label: 'HTTP API polling', apiType: 'HTTP', factory: createHttpPollingApi },
];

/** What the model leaves out, so the figures are read for what they are. */
export const ASSUMPTIONS: string[] = [
  'Bytes are HTTP/1.1 text and RFC 6455 frames as the client sends and receives them; TCP/IP and TLS record overhead is not counted (handshakes are counted in round trips). HTTP/2 would compress repeated headers (HPACK).',
  'A new connection costs 1 round trip for TCP and 1 (TLS 1.3) or 2 (TLS 1.2) for a full TLS handshake; no session resumption or 0-RTT. The WebSocket upgrade adds 1 round trip.',
  'Response bytes are the engine’s status, headers and body; Date, Content-Length and Connection are added on the wire when the engine does not set them.',
  'A request reaches API Gateway half a round trip after it leaves and the response takes the other half; the Lambda functions answer instantly.',
  'Polling clients poll at a fixed rate from the start (setInterval) and stop once they have every event; each event appears in one client feed.',
  'The WebSocket client connects at the start and closes (1000) once it has everything; no keep-alive messages are sent (the workloads never idle 10 minutes).',
  'HTTP API requests are billed in 512 KB increments of the larger of request and response; REST requests count once each; WebSocket messages in 32 KB increments of the payload.',
  'Monthly cost uses first-tier us-east-1 prices without the free tier; data transfer out is counted from the response bytes of the run.',
];

function positive(name: string, value: number, { integer = false, min = 0, max = Infinity } = {}): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max)
    throw new RangeError(`${name} must be a number from ${min} to ${max}, got ${String(value)}`);
  if (integer && !Number.isInteger(value)) throw new RangeError(`${name} must be a whole number, got ${value}`);
  return value;
}

/** Checks every input (naming the one that is wrong) and returns a clean copy. */
export function normaliseInputs(inputs: ComparisonInputs): ComparisonInputs {
  const headerSet = inputs.headerSet;
  if (!headerSet || !['browser-minimal', 'browser-typical', 'custom'].includes(headerSet.preset))
    throw new RangeError(`headerSet.preset must be 'browser-minimal', 'browser-typical' or 'custom'`);
  if (headerSet.preset === 'custom') {
    if (!Array.isArray(headerSet.headers)) throw new RangeError('headerSet.headers must be a list of [name, value]');
    for (const h of headerSet.headers)
      if (
        !Array.isArray(h) ||
        typeof h[0] !== 'string' ||
        typeof h[1] !== 'string' ||
        !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(h[0]) ||
        /[\r\n]/.test(h[1])
      )
        throw new RangeError(`headerSet.headers: ${JSON.stringify(h)} is not a valid [name, value] header`);
  }
  if (inputs.tlsVersion !== '1.3' && inputs.tlsVersion !== '1.2')
    throw new RangeError(`tlsVersion must be '1.3' or '1.2'`);
  return {
    rttMs: positive('rttMs', inputs.rttMs, { integer: true, max: 10_000 }),
    pollIntervalS: positive('pollIntervalS', inputs.pollIntervalS, { min: 0.1, max: 3600 }),
    messageCount: positive('messageCount', inputs.messageCount, { integer: true, min: 1, max: 10_000 }),
    headerSet:
      headerSet.preset === 'custom'
        ? { preset: 'custom', headers: headerSet.headers.map(([n, v]) => [n, v] as [string, string]) }
        : { preset: headerSet.preset },
    tlsVersion: inputs.tlsVersion,
    keepAlive: {
      enabled: Boolean(inputs.keepAlive?.enabled),
      idleTimeoutS: positive('keepAlive.idleTimeoutS', inputs.keepAlive?.idleTimeoutS, { max: 86_400 }),
    },
    scale: {
      clients: positive('scale.clients', inputs.scale?.clients, { max: 1e9 }),
      eventsPerDay: positive('scale.eventsPerDay', inputs.scale?.eventsPerDay, { max: 1e7 }),
      activeHoursPerDay: positive('scale.activeHoursPerDay', inputs.scale?.activeHoursPerDay, { max: 24 }),
      daysPerMonth: positive('scale.daysPerMonth', inputs.scale?.daysPerMonth, { max: 31 }),
    },
  };
}

/**
 * Runs `workload` as REST API polling, HTTP API polling and WebSocket push, one after the
 * other on separate engine instances. Same inputs, same result (ids are seeded, time is virtual).
 */
export async function runComparison(workload: Workload, inputs: ComparisonInputs): Promise<ComparisonResult> {
  const used = normaliseInputs(inputs);
  const events = workloadEvents(workload, used.messageCount);
  const approaches = [];
  for (const approach of POLLING_APPROACHES) approaches.push(await runPolling(approach, workload, events, used));
  approaches.push(await runPush(workload, events, used));
  const inputsUsed: InputName[] = ['rttMs', 'pollIntervalS', 'headerSet', 'tlsVersion', 'keepAlive', 'scale'];
  if (workload.id === 'chat') inputsUsed.splice(2, 0, 'messageCount');
  return {
    workload: { id: workload.id, name: workload.name, description: workload.description },
    inputs: used,
    inputsUsed,
    events,
    durationMs: Math.max(0, ...approaches.flatMap((a) => a.deliveries.map((d) => d.receivedAtMs))),
    approaches,
    assumptions: ASSUMPTIONS,
  };
}
