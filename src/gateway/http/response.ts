/**
 * Turning what a Lambda function returned into what an HTTP API client receives
 * (DG http-api-develop-integrations-lambda "Lambda function response format"; docs/aws-behaviour.md
 * §5.4), and the gateway's own error responses (§5.11: `{"message":"Not Found"}`,
 * `{"message":"Internal Server Error"}`, `{"message":"Service Unavailable"}`, …; no spaces).
 */
import type { KnownDifferenceId } from '../core/known-differences';
import { utf8Decode } from '../core/bytes';
import { base64Decode } from './request';

export interface ShapedResponse {
  status: number;
  /** Lowercased names; single values. */
  headers: Record<string, string>;
  /** Headers with several values (several `set-cookie`, or a repeated header in payload 1.0). */
  multiValueHeaders: Record<string, string[]>;
  body: string;
  unconfirmed?: KnownDifferenceId;
}

export type ShapeResult = { ok: true; response: ShapedResponse } | { ok: false; reason: string };

/** The gateway's error bodies, exactly as AWS sends them. */
export const NOT_FOUND = 'Not Found';
export const INTERNAL_SERVER_ERROR = 'Internal Server Error';
export const SERVICE_UNAVAILABLE = 'Service Unavailable';
export const UNAUTHORIZED = 'Unauthorized';
export const FORBIDDEN = 'Forbidden';

/** `{"message":"…"}` as an HTTP API sends it (JSON without spaces, content-type application/json). */
export function gatewayError(status: number, message: string): ShapedResponse {
  return {
    status,
    headers: { 'content-type': 'application/json' },
    multiValueHeaders: {},
    body: JSON.stringify({ message }),
  };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function scalar(v: unknown): v is string | number | boolean {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

/** Adds a header value; a repeated name moves to multiValueHeaders. */
function addHeader(out: ShapedResponse, name: string, value: string): void {
  const multi = out.multiValueHeaders[name];
  if (multi) multi.push(value);
  else if (Object.prototype.hasOwnProperty.call(out.headers, name)) {
    out.multiValueHeaders[name] = [out.headers[name], value];
    delete out.headers[name];
  } else out.headers[name] = value;
}

function decodeBody(body: string, base64: boolean): string | null {
  if (!base64) return body;
  const bytes = base64Decode(body);
  return bytes ? utf8Decode(bytes) : null;
}

function badStatus(v: unknown): string {
  return `statusCode ${JSON.stringify(v)} is not a whole number from 100 to 599`;
}

function statusOf(v: unknown): number | null {
  return typeof v === 'number' && Number.isInteger(v) && v >= 100 && v <= 599 ? v : null;
}

/**
 * Payload 2.0 response. Valid JSON without a statusCode is inferred as
 * `{statusCode: 200, headers: {"content-type": "application/json"}, body: <output>}` (strings
 * as they are, anything else as JSON text); each entry of `cookies` becomes a `set-cookie`
 * header. UNCONFIRMED: [http-response-shape] what counts as malformed;
 * [http-default-content-type] the content type when the function sets none.
 */
export function shapeResponseV2(value: unknown): ShapeResult {
  if (!isRecord(value) || value.statusCode === undefined) {
    const inferred: ShapedResponse = {
      status: 200,
      headers: { 'content-type': 'application/json' },
      multiValueHeaders: {},
      body: typeof value === 'string' ? value : (JSON.stringify(value) ?? 'null'),
    };
    if (value === undefined || value === null) inferred.unconfirmed = 'http-response-shape';
    return { ok: true, response: inferred };
  }
  const status = statusOf(value.statusCode);
  if (status === null) return { ok: false, reason: badStatus(value.statusCode) };
  const out: ShapedResponse = { status, headers: {}, multiValueHeaders: {}, body: '' };
  if (value.headers !== undefined && value.headers !== null) {
    if (!isRecord(value.headers)) return { ok: false, reason: 'headers is not an object' };
    for (const [k, v] of Object.entries(value.headers)) {
      if (v === undefined || v === null) continue;
      if (!scalar(v)) return { ok: false, reason: `headers.${k} is not a string` };
      addHeader(out, k.toLowerCase(), String(v));
    }
  }
  if (value.cookies !== undefined && value.cookies !== null) {
    if (!Array.isArray(value.cookies) || !value.cookies.every((c) => typeof c === 'string'))
      return { ok: false, reason: 'cookies is not a list of strings' };
    for (const c of value.cookies) addHeader(out, 'set-cookie', c);
  }
  if (value.isBase64Encoded !== undefined && typeof value.isBase64Encoded !== 'boolean')
    return { ok: false, reason: 'isBase64Encoded is not a boolean' };
  if (value.body !== undefined && value.body !== null) {
    if (typeof value.body !== 'string') return { ok: false, reason: 'body is not a string' };
    const body = decodeBody(value.body, value.isBase64Encoded === true);
    if (body === null) return { ok: false, reason: 'isBase64Encoded is true but body is not base64' };
    out.body = body;
  }
  if (!('content-type' in out.headers) && !out.multiValueHeaders['content-type'] && out.body !== '') {
    out.headers['content-type'] = 'text/plain; charset=utf-8';
    out.unconfirmed = 'http-default-content-type';
  }
  return { ok: true, response: out };
}

/**
 * Payload 1.0 response: `{statusCode, headers, multiValueHeaders, body, isBase64Encoded}`.
 * When both header maps name a header the values are merged, multiValueHeaders first
 * (DG set-up-lambda-proxy-integrations). Anything else is malformed (500).
 */
export function shapeResponseV1(value: unknown): ShapeResult {
  if (!isRecord(value)) return { ok: false, reason: 'the function did not return an object' };
  const status = statusOf(value.statusCode);
  if (status === null) return { ok: false, reason: badStatus(value.statusCode) };
  const out: ShapedResponse = { status, headers: {}, multiValueHeaders: {}, body: '' };
  if (value.multiValueHeaders !== undefined && value.multiValueHeaders !== null) {
    if (!isRecord(value.multiValueHeaders)) return { ok: false, reason: 'multiValueHeaders is not an object' };
    for (const [k, list] of Object.entries(value.multiValueHeaders)) {
      if (!Array.isArray(list) || !list.every(scalar))
        return { ok: false, reason: `multiValueHeaders.${k} is not a list of strings` };
      for (const v of list) addHeader(out, k.toLowerCase(), String(v));
    }
  }
  if (value.headers !== undefined && value.headers !== null) {
    if (!isRecord(value.headers)) return { ok: false, reason: 'headers is not an object' };
    for (const [k, v] of Object.entries(value.headers)) {
      if (v === undefined || v === null) continue;
      if (!scalar(v)) return { ok: false, reason: `headers.${k} is not a string` };
      addHeader(out, k.toLowerCase(), String(v));
    }
  }
  if (value.body !== undefined && value.body !== null) {
    if (typeof value.body !== 'string') return { ok: false, reason: 'body is not a string' };
    const body = decodeBody(value.body, value.isBase64Encoded === true);
    if (body === null) return { ok: false, reason: 'isBase64Encoded is true but body is not base64' };
    out.body = body;
  }
  return { ok: true, response: out };
}
