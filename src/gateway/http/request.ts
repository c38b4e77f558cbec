/**
 * Reading a client's HTTP request the way an HTTP API does before building the Lambda event
 * (DG http-api-develop-integrations-lambda; docs/aws-behaviour.md §5.3): the URL split into stage
 * and path, header names lowercased with repeats comma-joined, cookies moved out of the
 * headers into `cookies`, query parameters URL-decoded and comma-joined, and the body as text
 * or base64. Pure string work; the gateway has no URL or TextEncoder types.
 */
import { base64Decode as decodeBase64, base64Encode, utf8Decode, utf8Encode, utf8Length } from '../core/bytes';

export interface ParsedRequestUrl {
  scheme: string;
  /** Host as sent, lowercased (DNS is case-insensitive). */
  host: string;
  /** `scheme://host`, the origin CORS compares with. */
  origin: string;
  /** The path as sent (still URL-encoded), `/` when empty. */
  rawPath: string;
  /** The query without `?` (`''` when none), as sent. */
  rawQuery: string;
}

/** Splits an absolute http(s) URL; undefined when it is not one. */
export function parseRequestUrl(url: string): ParsedRequestUrl | undefined {
  const m = /^(https?):\/\/([^/?#]+)([^?#]*)(?:\?([^#]*))?(?:#.*)?$/i.exec(url.trim());
  if (!m) return undefined;
  const scheme = m[1].toLowerCase();
  const host = m[2].toLowerCase().replace(scheme === 'https' ? /:443$/ : /:80$/, '');
  return { scheme, host, origin: `${scheme}://${host}`, rawPath: m[3] || '/', rawQuery: m[4] ?? '' };
}

/** The client's headers as ordered (name, value) pairs, names as sent. */
export function headerPairs(
  headers: Record<string, string | string[]> | [string, string][] | undefined,
): [string, string][] {
  if (!headers) return [];
  if (Array.isArray(headers)) return headers.map(([k, v]) => [k, String(v)]);
  const out: [string, string][] = [];
  for (const [k, v] of Object.entries(headers)) {
    if (Array.isArray(v)) for (const item of v) out.push([k, String(item)]);
    else if (v !== undefined && v !== null) out.push([k, String(v)]);
  }
  return out;
}

/** First value of a header, case-insensitively. */
export function getHeader(pairs: readonly [string, string][], name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const [k, v] of pairs) if (k.toLowerCase() === lower) return v;
  return undefined;
}

/** Every value of a header, case-insensitively, in order. */
export function getHeaderValues(pairs: readonly [string, string][], name: string): string[] {
  const lower = name.toLowerCase();
  return pairs.filter(([k]) => k.toLowerCase() === lower).map(([, v]) => v);
}

/**
 * Lowercased names, repeated headers joined with commas (payload 2.0: "Duplicate headers are
 * combined with commas and included in the headers field"), keys sorted as in the captures.
 */
export function joinedHeaders(pairs: readonly [string, string][]): Record<string, string> {
  const map = new Map<string, string>();
  for (const [k, v] of pairs) {
    const name = k.toLowerCase();
    const prev = map.get(name);
    map.set(name, prev === undefined ? v : `${prev},${v}`);
  }
  const out: Record<string, string> = {};
  for (const name of [...map.keys()].sort()) out[name] = map.get(name)!;
  return out;
}

/** Payload 1.0 headers: lowercased names (HTTP APIs lowercase every header name), last value wins; and all values. */
export function multiHeaders(pairs: readonly [string, string][]): {
  single: Record<string, string>;
  multi: Record<string, string[]>;
} {
  const multi = new Map<string, string[]>();
  for (const [k, v] of pairs) {
    const name = k.toLowerCase();
    const list = multi.get(name);
    if (list) list.push(v);
    else multi.set(name, [v]);
  }
  const single: Record<string, string> = {};
  const multiOut: Record<string, string[]> = {};
  for (const name of [...multi.keys()].sort()) {
    const list = multi.get(name)!;
    single[name] = list[list.length - 1];
    multiOut[name] = list;
  }
  return { single, multi: multiOut };
}

/**
 * Request cookies: every `Cookie` header split on `;` into `name=value` items. In payload 2.0
 * they are moved out of `headers` into `cookies` (DG http-api-develop-integrations-lambda; the
 * captured 2.0 events in Kludex/mangum#153 carry no cookie header).
 */
export function requestCookies(pairs: readonly [string, string][]): string[] {
  const out: string[] = [];
  for (const value of getHeaderValues(pairs, 'cookie'))
    for (const part of value.split(';')) {
      const c = part.trim();
      if (c) out.push(c);
    }
  return out;
}

function decodeQueryComponent(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

/** Query parameters in order, URL-decoded (`+` is a space, docs/aws-behaviour.md §5.2). */
export function queryPairs(rawQuery: string): [string, string][] {
  const out: [string, string][] = [];
  if (!rawQuery) return out;
  for (const part of rawQuery.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const k = decodeQueryComponent(eq === -1 ? part : part.slice(0, eq));
    const v = eq === -1 ? '' : decodeQueryComponent(part.slice(eq + 1));
    out.push([k, v]);
  }
  return out;
}

/** Payload 2.0: "Duplicate query strings are combined with commas". */
export function joinedQuery(pairs: readonly [string, string][]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of pairs) out[k] = Object.prototype.hasOwnProperty.call(out, k) ? `${out[k]},${v}` : v;
  return out;
}

/** Payload 1.0: the last value in the single map, all of them in the multi map (§5.2). */
export function multiQuery(pairs: readonly [string, string][]): {
  single: Record<string, string>;
  multi: Record<string, string[]>;
} {
  const single: Record<string, string> = {};
  const multi: Record<string, string[]> = {};
  for (const [k, v] of pairs) {
    single[k] = v;
    (multi[k] ??= []).push(v);
  }
  return { single, multi };
}

/**
 * A function's base64 body (`isBase64Encoded: true`), read leniently: whitespace anywhere and
 * any trailing `=` are ignored (AWS does not document its decoder). Null when it is not base64.
 */
export function base64Decode(text: string): Uint8Array | null {
  return decodeBase64(text.replace(/\s/g, '').replace(/=+$/, ''));
}

/**
 * Whether an HTTP API passes a body with this content type as text. Other bodies reach the
 * function base64-encoded with `isBase64Encoded: true`. UNCONFIRMED: [http-body-base64] the
 * list of text types (AWS does not publish it; form posts are commonly reported base64-encoded).
 */
export function isTextContentType(contentType: string | undefined): boolean {
  if (contentType === undefined) return true;
  const t = contentType.split(';')[0].trim().toLowerCase();
  if (t === '') return true;
  return (
    t.startsWith('text/') ||
    t === 'application/json' ||
    t.endsWith('+json') ||
    t === 'application/xml' ||
    t.endsWith('+xml') ||
    t === 'application/javascript' ||
    t === 'application/graphql'
  );
}

export interface RequestBody {
  /** What the event's `body` holds (absent when the request has none). */
  body: string | undefined;
  isBase64Encoded: boolean;
  /** Bytes on the wire. */
  size: number;
  /** Text for trace previews. */
  preview: string;
}

/** The request body as the event carries it. */
export function readBody(body: string | Uint8Array | undefined, contentType: string | undefined): RequestBody {
  if (body === undefined || body.length === 0) return { body: undefined, isBase64Encoded: false, size: 0, preview: '' };
  const text = isTextContentType(contentType);
  if (typeof body === 'string') {
    if (text) return { body, isBase64Encoded: false, size: utf8Length(body), preview: body };
    const bytes = utf8Encode(body);
    return { body: base64Encode(bytes), isBase64Encoded: true, size: bytes.length, preview: body };
  }
  if (text) {
    const decoded = utf8Decode(body);
    return { body: decoded, isBase64Encoded: false, size: body.length, preview: decoded };
  }
  return { body: base64Encode(body), isBase64Encoded: true, size: body.length, preview: `<${body.length} bytes>` };
}
