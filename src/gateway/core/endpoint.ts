/**
 * execute-api URLs: `wss://{apiId}.execute-api.{region}.amazonaws.com/{stage}` for clients and
 * `https://…/{stage}/@connections/{id}` for the management API (DG
 * apigateway-how-to-call-websocket-api-connections; the path is URL-encoded on the wire:
 * `%40connections/R0oXAdfD0kwCH6w%3D`). Pure string parsing (the gateway has no URL type).
 */

export interface ExecuteApiEndpoint {
  scheme: 'wss' | 'https';
  apiId: string;
  region: string;
  stage: string;
  /** The decoded path after the stage, starting with `/`, or `''` for the stage root. */
  path: string;
  /** The raw query string without `?` (`''` when none). */
  query: string;
  /** Set when the path is `/@connections/{connectionId}` (decoded). */
  connectionId?: string;
}

const EXECUTE_API =
  /^(wss|https):\/\/([a-z0-9]{10})\.execute-api\.([a-z]{2}(?:-[a-z]+)+-\d{1,2})\.amazonaws\.com(?:\.cn)?(?::443)?(\/[^?#]*)?(?:\?([^#]*))?(?:#.*)?$/i;

function decodeSegment(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * Parses an execute-api URL, or returns undefined when it is not one (wrong scheme or host, or
 * no stage). Host matching is case-insensitive as DNS is; the stage and path are not.
 */
export function parseExecuteApiUrl(url: string): ExecuteApiEndpoint | undefined {
  const m = EXECUTE_API.exec(url.trim());
  if (!m) return undefined;
  const segments = (m[4] ?? '/').split('/').slice(1);
  const stage = decodeSegment(segments[0] ?? '');
  if (!stage) return undefined;
  const rest = segments.slice(1).map(decodeSegment);
  const endpoint: ExecuteApiEndpoint = {
    scheme: m[1].toLowerCase() as 'wss' | 'https',
    apiId: m[2].toLowerCase(),
    region: m[3].toLowerCase(),
    stage,
    path: rest.length ? '/' + rest.join('/') : '',
    query: m[5] ?? '',
  };
  if (rest.length === 2 && rest[0] === '@connections' && rest[1] !== '') endpoint.connectionId = rest[1];
  return endpoint;
}

/** `{apiId}.execute-api.{region}.amazonaws.com` */
export function executeApiHost(apiId: string, region: string): string {
  return `${apiId}.execute-api.${region}.amazonaws.com`;
}

/** The client URL of a WebSocket stage: `wss://{host}/{stage}`. */
export function webSocketUrl(apiId: string, region: string, stage: string): string {
  return `wss://${executeApiHost(apiId, region)}/${stage}`;
}

/** The `@connections` URL of one connection, encoded as SDKs send it (`%40connections`, `%3D`). */
export function connectionUrl(apiId: string, region: string, stage: string, connectionId: string): string {
  return `https://${executeApiHost(apiId, region)}/${stage}/%40connections/${encodeURIComponent(connectionId)}`;
}

/**
 * The base URL of an HTTP or REST API stage. An HTTP API's `$default` stage is served at the
 * root, without a stage segment (DG http-api-stages); every other stage is the first segment.
 */
export function httpApiUrl(apiId: string, region: string, stage: string): string {
  return stage === '$default'
    ? `https://${executeApiHost(apiId, region)}`
    : `https://${executeApiHost(apiId, region)}/${stage}`;
}

const EXECUTE_API_HTTPS =
  /^https:\/\/([a-z0-9]{10})\.execute-api\.([a-z]{2}(?:-[a-z]+)+-\d{1,2})\.amazonaws\.com(?:\.cn)?(?::443)?(\/[^?#]*)?(?:\?[^#]*)?(?:#.*)?$/i;

/**
 * The apiId, region and first path segment (decoded; `''` at the root) of an `https://`
 * execute-api URL, for HTTP and REST APIs where the stage may be absent (`$default`).
 */
export function parseExecuteApiHttpsUrl(
  url: string,
): { apiId: string; region: string; firstSegment: string } | undefined {
  const m = EXECUTE_API_HTTPS.exec(url.trim());
  if (!m) return undefined;
  const first = (m[3] ?? '/').split('/')[1] ?? '';
  return { apiId: m[1].toLowerCase(), region: m[2].toLowerCase(), firstSegment: decodeSegment(first) };
}
