/**
 * Ids and times differ on every run and between any two gateways, so they are taken out before
 * anything is compared: each side's connection and request ids become `<id 1>`, `<id 2>`… in the
 * order they first appear (so "the same connection twice" still matches, and a swapped pair does
 * not), times become `<time>`, and each side's own host and API id become `<host>` and `<apiId>`.
 * Transport headers that any two servers write differently (Date, Content-Length,
 * Transfer-Encoding, Connection, Keep-Alive) are left out.
 */

/** JSON members whose value is an id (case-insensitive): API Gateway's, Lambda's and X-Ray's. */
const ID_KEYS = new Set([
  'connectionid',
  'requestid',
  'extendedrequestid',
  'messageid',
  'awsrequestid',
  'eventid',
  'traceid',
  'x-amzn-requestid',
  'x-amz-apigw-id',
  'apigw-requestid',
  'x-amzn-trace-id',
]);
/** JSON members whose value is a time: requestContext's, GetConnection's and Lambda's. */
const TIME_KEYS = new Set([
  'requesttime',
  'requesttimeepoch',
  'timeepoch',
  'connectedat',
  'lastactiveat',
  'time',
  'timestamp',
  'date',
  'expires',
]);
/** Members that name the endpoint: one value per side. */
const HOST_KEYS = new Set(['domainname', 'domainprefix', 'host']);
const API_ID_KEYS = new Set(['apiid']);

/** Response headers that say how the bytes travelled, not what the gateway answered. */
const TRANSPORT_HEADERS = new Set(['date', 'content-length', 'transfer-encoding', 'connection', 'keep-alive']);
/** Response headers whose whole value is an id. */
const ID_HEADERS = new Set(['x-amzn-requestid', 'x-amz-apigw-id', 'apigw-requestid', 'x-amzn-trace-id', 'x-amz-cf-id']);

const MONTH = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)';
const TIME_PATTERNS = [
  // ISO 8601 (JSON dates, GetConnection's ConnectedAt)
  /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?/g,
  // HTTP dates (RFC 9110 IMF-fixdate)
  new RegExp(`(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \\d{2} ${MONTH} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT`, 'g'),
  // requestContext.requestTime (`07/Dec/2026:17:52:32 +0000`)
  new RegExp(`\\d{2}/${MONTH}/\\d{4}:\\d{2}:\\d{2}:\\d{2} [+-]\\d{4}`, 'g'),
  // epoch milliseconds between 2001 and 2286
  /(?<![\d.])1\d{12}(?![\d.])/g,
];
/** AWS WebSocket connection and request ids: 15 URL-safe characters and `=` (`R1kmxc2VNjMCFIA=`). */
const AWS_ID = /(?<![A-Za-z0-9_+/=-])[A-Za-z0-9_-]{15}=(?![A-Za-z0-9_+/=-])/g;
const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;
const TRACE_ID = /Root=1-[0-9a-f]{8}-[0-9a-f]{24}(?:;[^,\s"]*)?/g;

export interface NormaliserOptions {
  /** This side's endpoint host (`abc.execute-api.us-east-1.amazonaws.com`, `127.0.0.1:4010`). */
  host?: string;
  /** This side's API id, when known. */
  apiId?: string;
}

/**
 * One side's normaliser. Stateful on purpose: ids are numbered in the order `text`/`headers`
 * first meet them, so both sides must be normalised in the same order (the comparison does).
 */
export class Normaliser {
  readonly #ids = new Map<string, string>();
  readonly #host: string;
  readonly #apiId: string;

  constructor(opts: NormaliserOptions = {}) {
    this.#host = opts.host ?? '';
    this.#apiId = opts.apiId ?? '';
  }

  #id(token: string): string {
    let name = this.#ids.get(token);
    if (!name) {
      name = `<id ${this.#ids.size + 1}>`;
      this.#ids.set(token, name);
    }
    return name;
  }

  /** A frame, a body or a reason: JSON is normalised member by member, anything else as text. */
  text(s: string): string {
    const trimmed = s.trim();
    if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
      try {
        return JSON.stringify(this.#json(JSON.parse(trimmed) as unknown, ''));
      } catch {
        // not JSON after all: normalised as text
      }
    }
    return this.#plain(s);
  }

  #json(v: unknown, key: string): unknown {
    const k = key.toLowerCase();
    if (typeof v === 'string' || typeof v === 'number') {
      if (ID_KEYS.has(k)) return this.#id(String(v));
      if (TIME_KEYS.has(k)) return '<time>';
      if (HOST_KEYS.has(k)) return '<host>';
      if (API_ID_KEYS.has(k)) return '<apiId>';
      if (typeof v === 'number') return v;
      // A string member may hold JSON itself (a body inside an event): normalise that too.
      return this.text(v);
    }
    if (Array.isArray(v)) return v.map((x) => this.#json(x, ''));
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [name, value] of Object.entries(v as Record<string, unknown>)) out[name] = this.#json(value, name);
      return out;
    }
    return v;
  }

  #plain(s: string): string {
    let out = s;
    // Ids already met by name (from JSON members) are replaced wherever they appear in text.
    for (const [token, name] of this.#ids) if (token.length >= 6) out = out.split(token).join(name);
    if (this.#host) out = out.split(this.#host).join('<host>');
    if (this.#apiId) out = out.split(this.#apiId).join('<apiId>');
    out = out.replace(TRACE_ID, '<trace>');
    for (const p of TIME_PATTERNS) out = out.replace(p, '<time>');
    out = out.replace(UUID, (m) => this.#id(m.toLowerCase()));
    out = out.replace(AWS_ID, (m) => this.#id(m));
    return out;
  }

  /**
   * Response headers: names lower-cased, transport headers left out, values normalised; sorted
   * by name (values of a repeated header keep their order), so the order a server writes
   * different headers in does not count.
   */
  headers(pairs: readonly (readonly [string, string])[]): [string, string][] {
    const out: [string, string][] = [];
    for (const [rawName, value] of pairs) {
      const name = rawName.toLowerCase();
      if (TRANSPORT_HEADERS.has(name)) continue;
      // A request id header is one id per response, never referred to again: no number needed.
      out.push([name, ID_HEADERS.has(name) ? '<id>' : this.#plain(value)]);
    }
    return out.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  }
}
