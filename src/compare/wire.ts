/**
 * Bytes and round trips on the wire: HTTP/1.1 messages as text, RFC 6455 frame overhead,
 * and the handshakes a new connection costs. Everything the comparison's byte and latency
 * figures are built from, kept separate so each rule has its own test.
 */
import { utf8Length } from '../gateway';
import type { HeaderSetInput } from './types';

// ------------------------------------------------------------------------------ header sets

const CHROME_UA =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36';
const APP_ORIGIN = 'https://shop.example.com';

/** What `fetch()` from a page on another origin sends at least (besides Host and Connection). */
const BROWSER_MINIMAL: [string, string][] = [
  ['User-Agent', CHROME_UA],
  ['Accept', '*/*'],
  ['Accept-Encoding', 'gzip, deflate, br, zstd'],
  ['Accept-Language', 'en-US,en;q=0.9'],
  ['Origin', APP_ORIGIN],
];

/** A current Chrome tab: client hints, fetch metadata, a Referer, and session plus analytics cookies. */
const BROWSER_TYPICAL: [string, string][] = [
  ['sec-ch-ua', '"Chromium";v="142", "Google Chrome";v="142", "Not_A Brand";v="99"'],
  ['sec-ch-ua-mobile', '?0'],
  ['sec-ch-ua-platform', '"Windows"'],
  ['User-Agent', CHROME_UA],
  ['Accept', '*/*'],
  ['Origin', APP_ORIGIN],
  ['Sec-Fetch-Site', 'cross-site'],
  ['Sec-Fetch-Mode', 'cors'],
  ['Sec-Fetch-Dest', 'empty'],
  ['Referer', `${APP_ORIGIN}/account/orders`],
  ['Accept-Encoding', 'gzip, deflate, br, zstd'],
  ['Accept-Language', 'en-US,en;q=0.9,de;q=0.8'],
  [
    'Cookie',
    'session=eyJ1aWQiOiJjdXN0LTQ4MjkxIiwiZXhwIjoxNzk1NDAwMDAwfQ.Yk3Jt0dQm2xN8sLr5vWc1A; ' +
      '_ga=GA1.1.1234567890.1763770000; _ga_7XK2B9LQ4M=GS2.1.s1763770000$o4$g1$t1763770420$j60$l0$h0; ' +
      'cart=3; consent=analytics:1,ads:0; theme=dark',
  ],
];

/** The headers of a set, in the order the client writes them. */
export function headerSetHeaders(set: HeaderSetInput): [string, string][] {
  switch (set.preset) {
    case 'browser-minimal':
      return BROWSER_MINIMAL.map(([n, v]) => [n, v]);
    case 'browser-typical':
      return BROWSER_TYPICAL.map(([n, v]) => [n, v]);
    case 'custom':
      return set.headers.map(([n, v]) => [n, v]);
  }
}

// ---------------------------------------------------------------------------- HTTP/1.1 text

/** `Name: value` lines joined by CRLF, each ending in CRLF (RFC 9112 §5). */
function headerLines(headers: [string, string][]): string {
  let s = '';
  for (const [n, v] of headers) s += `${n}: ${v}\r\n`;
  return s;
}

/** An HTTP/1.1 request as written on the wire: request line, headers, blank line, body (RFC 9112 §3). */
export function httpRequestText(method: string, target: string, headers: [string, string][], body = ''): string {
  return `${method} ${target} HTTP/1.1\r\n${headerLines(headers)}\r\n${body}`;
}

const REASONS: Record<number, string> = {
  101: 'Switching Protocols',
  200: 'OK',
  201: 'Created',
  204: 'No Content',
  304: 'Not Modified',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** An HTTP/1.1 response as written on the wire: status line, headers, blank line, body (RFC 9112 §4). */
export function httpResponseText(status: number, headers: [string, string][], body = ''): string {
  return `HTTP/1.1 ${status} ${REASONS[status] ?? 'Unknown'}\r\n${headerLines(headers)}\r\n${body}`;
}

/** Bytes of an HTTP message (UTF-8), split into start line + headers and body. */
export function httpMessageBytes(text: string, body: string): { bytes: number; overheadBytes: number } {
  const bytes = utf8Length(text);
  return { bytes, overheadBytes: bytes - utf8Length(body) };
}

// ---------------------------------------------------------------------------- RFC 6455 frames

/**
 * The frame header for a payload of `payloadBytes`: 2 bytes up to 125, 4 bytes (16-bit
 * extended length) up to 65,535, 10 bytes (64-bit length) beyond (RFC 6455 §5.2).
 */
export function frameHeaderBytes(payloadBytes: number): number {
  if (payloadBytes <= 125) return 2;
  if (payloadBytes <= 65_535) return 4;
  return 10;
}

/** The masking key every client-to-server frame carries (RFC 6455 §5.3); server frames are unmasked. */
export const CLIENT_MASK_BYTES = 4;

/** Bytes of one frame on the wire: header, the client's 4-byte masking key, payload. */
export function frameBytes(payloadBytes: number, direction: 'client-to-server' | 'server-to-client'): number {
  return frameHeaderBytes(payloadBytes) + (direction === 'client-to-server' ? CLIENT_MASK_BYTES : 0) + payloadBytes;
}

/** A close frame carrying a 2-byte status code and no reason (RFC 6455 §5.5.1). */
export function closeFrameBytes(direction: 'client-to-server' | 'server-to-client'): number {
  return frameBytes(2, direction);
}

// ------------------------------------------------------------------------------- handshakes

/** Round trips before the first byte of HTTP can be sent on a new connection: TCP + TLS. */
export function connectionSetupRoundTrips(tlsVersion: '1.3' | '1.2'): { tcp: number; tls: number } {
  // TCP's three-way handshake costs one round trip before data (RFC 9293 §3.5); a full TLS 1.3
  // handshake one more (RFC 8446 §2), TLS 1.2 two (RFC 5246 §7.3).
  return { tcp: 1, tls: tlsVersion === '1.3' ? 1 : 2 };
}

/** The WebSocket opening handshake: one HTTP round trip (GET Upgrade → 101) on top of TCP + TLS (RFC 6455 §4). */
export const UPGRADE_ROUND_TRIPS = 1;

// ------------------------------------------------------------------------- response headers

/**
 * The header lines of an engine's response as they go on the wire: repeated headers
 * (`multiValueHeaders`) as one line per value, the rest as given. Headers that every
 * HTTP/1.1 response of API Gateway carries at the transport level are added when the engine
 * does not model them: `Date` (RFC 9110 §6.6.1), `Content-Length` (message framing on a
 * persistent connection, RFC 9112 §6.3) and `Connection`.
 */
export function responseHeaderLines(
  response: { headers: Record<string, string>; multiValueHeaders?: Record<string, string[]>; body: string },
  options: { nowMs: number; keepAlive: boolean },
): [string, string][] {
  const multi = response.multiValueHeaders ?? {};
  const repeated = new Set(Object.keys(multi).map((n) => n.toLowerCase()));
  const lines: [string, string][] = [];
  for (const [n, v] of Object.entries(response.headers)) if (!repeated.has(n.toLowerCase())) lines.push([n, v]);
  for (const [n, vs] of Object.entries(multi)) for (const v of vs) lines.push([n, v]);
  const has = (name: string) => lines.some(([n]) => n.toLowerCase() === name);
  if (!has('date')) lines.push(['Date', new Date(options.nowMs).toUTCString()]);
  if (!has('content-length')) lines.push(['Content-Length', String(utf8Length(response.body))]);
  if (!has('connection')) lines.push(['Connection', options.keepAlive ? 'keep-alive' : 'close']);
  return lines;
}
