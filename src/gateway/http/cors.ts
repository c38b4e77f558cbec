/**
 * CORS for HTTP APIs, the gateway's side (DG http-api-cors): with a CORS configuration it
 * answers preflight OPTIONS itself "even if there isn't an OPTIONS route", adds the configured
 * headers to integration responses, and "ignores CORS headers returned from your backend
 * integration". The browser's side, which HTTP and REST APIs share, is core/browser-cors.ts.
 */
import type { HttpCorsConfiguration } from './definition';

/** Does the configuration allow this origin? `*` allows any. */
export function originAllowed(cors: HttpCorsConfiguration, origin: string): boolean {
  const list = cors.allowOrigins ?? [];
  return list.includes('*') || list.some((o) => o.replace(/\/+$/, '').toLowerCase() === origin.toLowerCase());
}

function allowOriginValue(cors: HttpCorsConfiguration, origin: string): string {
  return (cors.allowOrigins ?? []).includes('*') && !cors.allowCredentials ? '*' : origin;
}

/**
 * The gateway's answer to a preflight (204). UNCONFIRMED: [http-cors-details] the exact header
 * formatting, and that an origin it does not allow gets 204 without CORS headers.
 */
export function preflightHeaders(cors: HttpCorsConfiguration, origin: string | undefined): Record<string, string> {
  if (origin === undefined || !originAllowed(cors, origin)) return {};
  const h: Record<string, string> = { 'access-control-allow-origin': allowOriginValue(cors, origin) };
  if (cors.allowCredentials) h['access-control-allow-credentials'] = 'true';
  if (cors.allowMethods?.length) h['access-control-allow-methods'] = cors.allowMethods.join(',');
  if (cors.allowHeaders?.length) h['access-control-allow-headers'] = cors.allowHeaders.join(',');
  if (cors.exposeHeaders?.length) h['access-control-expose-headers'] = cors.exposeHeaders.join(',');
  if (cors.maxAge !== undefined) h['access-control-max-age'] = String(cors.maxAge);
  return h;
}

/** The CORS headers the gateway adds to a response for an allowed origin. */
export function responseCorsHeaders(cors: HttpCorsConfiguration, origin: string | undefined): Record<string, string> {
  if (origin === undefined || !originAllowed(cors, origin)) return {};
  const h: Record<string, string> = { 'access-control-allow-origin': allowOriginValue(cors, origin) };
  if (cors.allowCredentials) h['access-control-allow-credentials'] = 'true';
  if (cors.exposeHeaders?.length) h['access-control-expose-headers'] = cors.exposeHeaders.join(',');
  return h;
}

/** Removes the backend's `access-control-*` headers ("API Gateway ignores CORS headers returned from your backend"). */
export function stripCorsHeaders(headers: Record<string, string>, multi: Record<string, string[]>): string[] {
  const removed: string[] = [];
  for (const map of [headers, multi])
    for (const k of Object.keys(map))
      if (k.toLowerCase().startsWith('access-control-')) {
        removed.push(k);
        delete (map as Record<string, unknown>)[k];
      }
  return removed;
}
