/**
 * The pricing table behind the comparison's cost estimate: the one place prices live.
 *
 * Every row names its source and the date it was read. Prices are us-east-1, first tier, USD,
 * without the free tier (it lasts 12 months for new accounts only). When AWS changes a price,
 * change the row, its `readOn` date and, if the source moved, its `source`.
 *
 * How these rows were checked (2026-11-22): the AWS pricing page's own text (free tier, "Messages
 * are metered in 32 KB increments", "HTTP APIs are metered in 512 KB increments") was read from
 * stored copies of https://aws.amazon.com/api-gateway/pricing/ and of the AWS whitepaper below.
 * The page renders its rate tables from price tokens, so the figures themselves come from the
 * page's worked examples, as transcribed on 2026-09-20 by the api-evangelist harvest (which
 * checks every figure verbatim against the fetched page), and agree with every 2025–2026 guide
 * found. Rows are marked `recheck: true` because the live rate table itself was not read.
 */

export interface PricingRow {
  id: string;
  description: string;
  usdPerUnit: number;
  /** What one `usdPerUnit` buys. */
  unit: string;
  /** How many of `meteredOn` one unit holds (1 000 000 requests, 1 GB …). */
  unitSize: number;
  /** What is counted: `request`, `message`, `connection minute`, `byte`. */
  meteredOn: string;
  /** Metering increment, when AWS counts big items as several (HTTP APIs: 512 KB; WebSocket: 32 KB). */
  incrementBytes?: number;
  region: 'us-east-1';
  tier: string;
  source: string;
  /** Where the figure was seen, when not on the source itself. */
  via: string[];
  /** ISO date the row was read. */
  readOn: string;
  /** True while the figure should be confirmed against the live AWS rate table. */
  recheck: boolean;
  note?: string;
}

const PAGE = 'https://aws.amazon.com/api-gateway/pricing/';
const TRANSCRIPT =
  'https://github.com/api-evangelist/amazon-web-services/blob/main/plans/amazon-web-services-plans-pricing.yml';

export const PRICING = {
  'rest-requests': {
    id: 'rest-requests',
    description: 'REST API calls received',
    usdPerUnit: 3.5,
    unit: 'per million requests',
    unitSize: 1_000_000,
    meteredOn: 'request',
    region: 'us-east-1',
    tier: 'first 333 million requests per month',
    source: PAGE,
    via: [TRANSCRIPT, 'https://www.wring.co/blog/aws-api-gateway-pricing-guide'],
    readOn: '2026-11-22',
    recheck: true,
    note: 'Next tiers: $2.80 (next 667 million), $2.38 (next 19 billion), $1.51 (over 20 billion).',
  },
  'http-requests': {
    id: 'http-requests',
    description: 'HTTP API calls received',
    usdPerUnit: 1.0,
    unit: 'per million requests',
    unitSize: 1_000_000,
    meteredOn: 'request',
    incrementBytes: 512 * 1024,
    region: 'us-east-1',
    tier: 'first 300 million requests per month',
    source: PAGE,
    via: [
      TRANSCRIPT,
      'https://docs.aws.amazon.com/whitepapers/latest/best-practices-api-gateway-private-apis-integration/cost-optimization.html',
    ],
    readOn: '2026-11-22',
    recheck: true,
    note: '"HTTP APIs are metered in 512 KB increments." Over 300 million: $0.90 per million. AWS does not say which size counts; the comparison meters each request on the larger of its request and response.',
  },
  'websocket-messages': {
    id: 'websocket-messages',
    description: 'WebSocket messages sent and received',
    usdPerUnit: 1.0,
    unit: 'per million messages',
    unitSize: 1_000_000,
    meteredOn: 'message',
    incrementBytes: 32 * 1024,
    region: 'us-east-1',
    tier: 'first 1 billion messages per month',
    source: PAGE,
    via: [TRANSCRIPT],
    readOn: '2026-11-22',
    recheck: true,
    note: '"Messages are metered in 32 KB increments. So, a 33 KB message is metered as two messages."',
  },
  'websocket-connection-minutes': {
    id: 'websocket-connection-minutes',
    description: 'WebSocket connection minutes',
    usdPerUnit: 0.25,
    unit: 'per million connection minutes',
    unitSize: 1_000_000,
    meteredOn: 'connection minute',
    region: 'us-east-1',
    tier: 'all',
    source: PAGE,
    via: [
      TRANSCRIPT,
      'https://www.repost.aws/questions/QU7IqgooGeQmqudOsmzTw5YQ/how-to-interpret-websocket-api-connection-minutes-pricing',
    ],
    readOn: '2026-11-22',
    recheck: true,
  },
  'data-transfer-out': {
    id: 'data-transfer-out',
    description: 'Data transferred out to the internet',
    usdPerUnit: 0.09,
    unit: 'per GB',
    unitSize: 1024 ** 3,
    meteredOn: 'byte',
    region: 'us-east-1',
    tier: 'first 10 TB per month (after the account-wide free 100 GB)',
    source: PAGE,
    via: [
      TRANSCRIPT,
      'https://www.wring.co/blog/aws-api-gateway-pricing-guide',
      'https://amnic.com/blogs/aws-api-gateway-pricing',
    ],
    readOn: '2026-11-22',
    recheck: true,
    note: 'Counted here from the response bytes the run measured (HTTP and WebSocket data, not TCP/TLS overhead); the 100 GB free allowance is not subtracted.',
  },
} as const satisfies Record<string, PricingRow>;

export type PricingId = keyof typeof PRICING;
