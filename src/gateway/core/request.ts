/**
 * Reading a client's request the same way on every API type: header names looked up
 * case-insensitively, the query string split into the single- and multi-value maps the proxy
 * events carry, and `requestTime` in the common log format.
 */

/**
 * The methods a REST method or an HTTP API route can be defined for, the same seven on both, and
 * `ANY` for all of them (DG http-api-develop-routes; docs/aws-behaviour.md §5.5).
 */
export type ApiMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS' | 'ANY';
export const API_METHODS: readonly ApiMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'ANY'];

/** A parsed query string: last value wins in the single-value map, all values in the multi-value map (docs/aws-behaviour.md §5.2). */
export interface ParsedQuery {
  /** The raw query string, without `?`. */
  raw: string;
  single: Record<string, string>;
  multi: Record<string, string[]>;
  /** False when there is no query at all: the event then has no query fields. */
  present: boolean;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function pad2(n: number): string {
  return n < 10 ? '0' + n : String(n);
}

/** `$context.requestTime`: CLF `dd/MMM/yyyy:HH:mm:ss +0000` (DG apigateway-websocket-api-mapping-template-reference). */
export function clfTime(epochMs: number): string {
  const d = new Date(epochMs);
  return (
    `${pad2(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:` +
    `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())} +0000`
  );
}

/**
 * clfTime with a one-entry cache per instance: every message in the same second shares the
 * string (messages are formatted at up to 100k/s; the second rarely changes between them).
 */
export function clfFormatter(): (epochMs: number) => string {
  let second = NaN;
  let text = '';
  return (epochMs) => {
    const s = Math.floor(epochMs / 1000);
    if (s !== second) {
      second = s;
      text = clfTime(epochMs);
    }
    return text;
  };
}

function decodeQueryComponent(s: string): string {
  const plus = s.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(plus);
  } catch {
    // A malformed escape (`%zz`) is passed through as written rather than failing the upgrade.
    return plus;
  }
}

/** Parses `?a=1&a=2&b` (or a record) into the single- and multi-value maps of the CONNECT event. */
export function parseQuery(query: string | Record<string, string | string[]> | undefined): ParsedQuery {
  const single: Record<string, string> = {};
  const multi: Record<string, string[]> = {};
  let raw = '';
  let present = false;
  const add = (k: string, v: string) => {
    present = true;
    single[k] = v;
    (multi[k] ??= []).push(v);
  };
  if (typeof query === 'string') {
    raw = query.startsWith('?') ? query.slice(1) : query;
    for (const part of raw.split('&')) {
      if (part === '') continue;
      const eq = part.indexOf('=');
      const k = decodeQueryComponent(eq < 0 ? part : part.slice(0, eq));
      add(k, eq < 0 ? '' : decodeQueryComponent(part.slice(eq + 1)));
    }
  } else if (query) {
    const parts: string[] = [];
    for (const [k, v] of Object.entries(query)) {
      for (const one of Array.isArray(v) ? v : [v]) {
        add(k, one);
        parts.push(`${encodeURIComponent(k)}=${encodeURIComponent(one)}`);
      }
    }
    raw = parts.join('&');
  }
  return { raw, single, multi, present };
}

/** Looks a header up case-insensitively (HTTP header names are case-insensitive). */
export function findHeader(headers: Record<string, string>, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const k in headers) if (k.toLowerCase() === lower) return headers[k];
  return undefined;
}
