/**
 * The network path of one request (or one WebSocket connection) through each API type, as
 * Mermaid `flowchart` text. Pure: no DOM, no Mermaid import, same options → same text.
 *
 * The story is the one the course tells (endpoint types, VPC links, `@connections`), kept to what
 * AWS's documentation says where a simpler telling would be wrong:
 * - DNS only resolves the name; TLS ends at the CloudFront edge (edge-optimized) or at API
 *   Gateway (Regional), not at Route 53 (DG api-gateway-api-endpoint-types).
 * - Edge-optimized and private endpoints exist only for REST APIs; HTTP and WebSocket APIs are
 *   Regional (docs/aws-behaviour.md §5.1; DG api-gateway-api-endpoint-types; whitepaper
 *   best-practices-api-gateway-private-apis-integration/websocket-api).
 * - A private REST API is reached only through an interface VPC endpoint and needs a resource
 *   policy (DG apigateway-private-apis).
 * - REST validates and maps with VTL templates; HTTP APIs have parameter mapping only, no body
 *   templates (docs/aws-behaviour.md §5.1, §5.9).
 * - VPC links: REST → private NLB or ALB (VPC link V2; V1 was NLB only, DG private-integration);
 *   HTTP → private ALB, NLB or Cloud Map (DG http-api-develop-integrations-private); WebSocket →
 *   private NLB (the WebSocket private-integration whitepaper).
 * - WebSocket: one upgrade, `$connect`, then a persistent connection; the backend pushes with
 *   `POST @connections/{id}` (docs/aws-behaviour.md §1.3, §3).
 *
 * Every label is constant text written here (nothing from a trace or a learner), checked to
 * hold no character Mermaid could read as syntax.
 */

import type { ApiType } from '../gateway';

/** The API types, by the gateway's own name for them. */
export type NetworkApiType = ApiType;
export type EndpointType = 'EDGE' | 'REGIONAL' | 'PRIVATE';

export interface NetworkPathOptions {
  /** REST only: EDGE (AWS's default for REST APIs), REGIONAL or PRIVATE. HTTP and WebSocket: REGIONAL. */
  endpointType?: EndpointType;
  /** The backend sits in your VPC behind a private load balancer, reached through a VPC link. */
  vpcLink?: boolean;
}

const API_TYPES: readonly NetworkApiType[] = ['REST', 'HTTP', 'WEBSOCKET'];
const ENDPOINT_TYPES: readonly EndpointType[] = ['EDGE', 'REGIONAL', 'PRIVATE'];

const TYPE_NAME: Record<NetworkApiType, string> = { REST: 'REST API', HTTP: 'HTTP API', WEBSOCKET: 'WebSocket API' };
const ENDPOINT_NAME: Record<EndpointType, string> = {
  EDGE: 'edge-optimized endpoint',
  REGIONAL: 'Regional endpoint',
  PRIVATE: 'private endpoint',
};

/** The endpoint types each API type offers (DG api-gateway-api-endpoint-types; docs/aws-behaviour.md §5.1). */
export const ENDPOINT_TYPES_OF: Record<NetworkApiType, readonly EndpointType[]> = {
  REST: ['EDGE', 'REGIONAL', 'PRIVATE'],
  HTTP: ['REGIONAL'],
  WEBSOCKET: ['REGIONAL'],
};

/** AWS's default: edge-optimized for a new REST API; the others have no choice. */
export function defaultEndpointType(type: NetworkApiType): EndpointType {
  return type === 'REST' ? 'EDGE' : 'REGIONAL';
}

/**
 * Characters that could mean something to Mermaid inside a quoted flowchart label (quote,
 * entity code, comment) or to the SVG text. Labels here are constant text, so one is a bug.
 * Entity codes (./escape.ts) are not used: with SVG text labels (htmlLabels false) Mermaid shows
 * them literally in flowcharts.
 */
const UNSAFE = /["#;%<>&`\r\n]/;

function plain(line: string): string {
  if (UNSAFE.test(line)) throw new Error(`network-paths: unsafe label text ${JSON.stringify(line)}`);
  return line;
}

/** A node label or edge label: lines joined with Mermaid's line break, quoted. */
function text(...lines: string[]): string {
  return `"${lines.map(plain).join('<br/>')}"`;
}

/** Nodes (and subgraphs) are written before every edge, so each node lands in its own subgraph. */
interface Builder {
  nodes: string[];
  edges: string[];
  steps: string[];
}

function node(b: Builder, id: string, shape: 'box' | 'round' | 'db', ...lines: string[]): void {
  const label = text(...lines);
  b.nodes.push(shape === 'box' ? `  ${id}[${label}]` : shape === 'round' ? `  ${id}(${label})` : `  ${id}[(${label})]`);
}

/** An edge; `step` (plain text) also goes into the accessible description, in order. */
function edge(b: Builder, from: string, arrow: '-->' | '==>' | '-.->' | '<==>', to: string, label?: string): void {
  b.edges.push(label === undefined ? `  ${from} ${arrow} ${to}` : `  ${from} ${arrow}|${text(label)}| ${to}`);
  if (label !== undefined) b.steps.push(label);
}

/** The backend: a Lambda function, or a service in your VPC behind a VPC link. */
function backend(b: Builder, type: NetworkApiType, vpcLink: boolean, from: string): string {
  if (!vpcLink) {
    const event = type === 'REST' ? 'payload 1.0 event' : type === 'HTTP' ? 'payload 2.0 event' : 'MESSAGE event';
    node(b, 'fn', 'round', 'Lambda function', event);
    edge(b, from, '-->', 'fn', 'invoke');
    return 'fn';
  }
  const balancer =
    type === 'REST'
      ? ['Private NLB or ALB', '(VPC link V2, V1 was NLB only)']
      : type === 'HTTP'
        ? ['Private ALB, NLB', 'or Cloud Map service']
        : ['Private NLB'];
  b.nodes.push(`  subgraph vpcb[${text('Your VPC (private subnets)')}]`);
  node(b, 'lb', 'box', ...balancer);
  node(b, 'svc', 'round', 'EC2 / ECS / EKS', 'HTTP service');
  b.nodes.push('  end');
  node(b, 'link', 'box', 'VPC link', 'managed ENIs into your VPC');
  edge(b, from, '-->', 'link', 'private integration (HTTP proxy)');
  edge(b, 'link', '-->', 'lb');
  edge(b, 'lb', '-->', 'svc');
  return 'svc';
}

/** Client → DNS → (CloudFront edge | interface VPC endpoint) → API Gateway (node `apigw`). */
function entry(b: Builder, type: NetworkApiType, endpoint: EndpointType): void {
  const host =
    type === 'WEBSOCKET'
      ? 'wss://{api-id}.execute-api.{region}.amazonaws.com/{stage}'
      : '{api-id}.execute-api.{region}.amazonaws.com';
  const upgrade = type === 'WEBSOCKET' ? ': GET with Upgrade: websocket' : '';
  if (endpoint === 'PRIVATE') {
    b.nodes.push(`  subgraph vpcc[${text('Your VPC (no route from the internet)')}]`);
    node(b, 'client', 'box', 'Client in your VPC', 'EC2, ECS, Lambda, or on-premises over VPN');
    node(b, 'dns', 'box', 'Private DNS (Route 53 Resolver)', 'the API name → the endpoint’s private IPs');
    node(b, 'vpce', 'box', 'Interface VPC endpoint', 'execute-api, AWS PrivateLink ENIs');
    b.nodes.push('  end');
    edge(b, 'client', '-->', 'dns', '1. DNS lookup');
    edge(b, 'client', '==>', 'vpce', '2. HTTPS 443 to private IPs (TCP + TLS)');
    edge(b, 'vpce', '==>', 'apigw', '3. PrivateLink to API Gateway');
    return;
  }
  node(b, 'client', 'box', 'Client', 'browser or app on the internet');
  node(b, 'dns', 'box', 'DNS (Route 53)', host);
  edge(
    b,
    'client',
    '-->',
    'dns',
    endpoint === 'EDGE' ? '1. DNS lookup → nearest edge' : '1. DNS lookup → Regional IPs',
  );
  if (endpoint === 'EDGE') {
    node(b, 'edge', 'box', 'CloudFront edge location (POP)', 'TLS ends here, distribution managed by API Gateway');
    edge(b, 'client', '==>', 'edge', `2. HTTPS 443 to the edge (TCP + TLS)${upgrade}`);
    edge(b, 'edge', '==>', 'apigw', '3. AWS backbone to the API’s Region');
  } else {
    edge(b, 'client', '==>', 'apigw', `2. HTTPS 443 straight to the Region (TCP + TLS)${upgrade}`);
  }
}

function validate(type: unknown, opts: NetworkPathOptions): { type: NetworkApiType; endpoint: EndpointType } {
  if (!API_TYPES.includes(type as NetworkApiType))
    throw new Error(`Unknown API type ${JSON.stringify(type)}: expected 'REST', 'HTTP' or 'WEBSOCKET'.`);
  const t = type as NetworkApiType;
  const endpoint = opts.endpointType ?? defaultEndpointType(t);
  if (!ENDPOINT_TYPES.includes(endpoint))
    throw new Error(`Unknown endpoint type ${JSON.stringify(endpoint)}: expected 'EDGE', 'REGIONAL' or 'PRIVATE'.`);
  if (!ENDPOINT_TYPES_OF[t].includes(endpoint))
    throw new Error(
      `${TYPE_NAME[t]}s have Regional endpoints only: edge-optimized and private endpoints exist only for REST APIs (DG api-gateway-api-endpoint-types).`,
    );
  return { type: t, endpoint };
}

/**
 * The network path of a request through `type` as Mermaid flowchart text: client → DNS →
 * (CloudFront edge for EDGE; interface VPC endpoint for PRIVATE) → API Gateway → route or
 * resource match → authorization → (REST: validation and VTL mapping; HTTP: parameter mapping;
 * WebSocket: `$connect`, then route selection on the open connection) → backend (Lambda, or a
 * VPC link to a private load balancer), and the way back (WebSocket: `@connections` push).
 * Throws when `endpointType` is EDGE or PRIVATE for an HTTP or WebSocket API: those are
 * REST-only (DG api-gateway-api-endpoint-types).
 */
export function networkPath(type: NetworkApiType, opts: NetworkPathOptions = {}): string {
  const { type: t, endpoint } = validate(type, opts);
  const vpcLink = Boolean(opts.vpcLink);
  const title = `Network path: ${TYPE_NAME[t]}, ${ENDPOINT_NAME[endpoint]}${vpcLink ? ', backend behind a VPC link' : ''}`;
  const b: Builder = { nodes: [], edges: [], steps: [] };

  entry(b, t, endpoint);
  if (t === 'REST') {
    b.nodes.push(`  subgraph region[${text('AWS Region')}]`);
    node(b, 'apigw', 'box', `API Gateway REST API (${ENDPOINT_NAME[endpoint]})`, 'stage in the path: /prod/…');
    node(b, 'match', 'box', 'Resource and method match', 'GET /orders/{id}, unknown → 403');
    node(
      b,
      'auth',
      'box',
      'Authorization',
      endpoint === 'PRIVATE'
        ? 'resource policy (required) + IAM / Lambda authorizer'
        : 'IAM, Cognito or Lambda authorizer',
      'API key + usage plan',
    );
    node(b, 'map', 'box', 'Request validation', '+ mapping template (VTL)');
    edge(b, 'apigw', '-->', 'match');
    edge(b, 'match', '-->', 'auth');
    edge(b, 'auth', '-->', 'map', 'allowed');
    const end = backend(b, t, vpcLink, 'map');
    b.nodes.push('  end');
    edge(b, end, '-.->', 'apigw', 'response (+ response mapping template)');
    edge(
      b,
      'apigw',
      '-.->',
      endpoint === 'EDGE' ? 'edge' : endpoint === 'PRIVATE' ? 'vpce' : 'client',
      'HTTP response',
    );
    if (endpoint === 'EDGE') edge(b, 'edge', '-.->', 'client');
    if (endpoint === 'PRIVATE') edge(b, 'vpce', '-.->', 'client');
  } else if (t === 'HTTP') {
    b.nodes.push(`  subgraph region[${text('AWS Region')}]`);
    node(
      b,
      'apigw',
      'box',
      'API Gateway HTTP API (Regional endpoint)',
      '$default stage at the root, answers CORS preflight itself',
    );
    node(b, 'match', 'box', 'Route match', 'METHOD /path, {proxy+}, then $default, none → 404');
    node(b, 'auth', 'box', 'Authorization', 'JWT, IAM or Lambda authorizer');
    node(b, 'map', 'box', 'Parameter mapping', 'headers, query string, path: no body templates');
    edge(b, 'apigw', '-->', 'match');
    edge(b, 'match', '-->', 'auth');
    edge(b, 'auth', '-->', 'map', 'allowed');
    const end = backend(b, t, vpcLink, 'map');
    b.nodes.push('  end');
    edge(b, end, '-.->', 'apigw', 'response');
    edge(b, 'apigw', '-.->', 'client', 'HTTP response (CORS headers added by API Gateway)');
  } else {
    b.nodes.push(`  subgraph region[${text('AWS Region')}]`);
    node(
      b,
      'apigw',
      'box',
      'API Gateway WebSocket API (Regional endpoint)',
      'holds the connection: idle 10 min, at most 2 h',
    );
    node(b, 'connect', 'box', '$connect route', 'authorizer (optional) + Lambda');
    node(b, 'match', 'box', 'Route selection', '$request.body.action → route key or $default');
    node(b, 'mgmt', 'box', '@connections API', 'POST / GET / DELETE a connection');
    edge(b, 'apigw', '-->', 'connect', 'on the upgrade');
    edge(b, 'connect', '-.->', 'apigw', 'allowed, or rejected');
    edge(b, 'apigw', '-.->', 'client', '101 Switching Protocols (or 401/403/502)');
    edge(b, 'client', '<==>', 'apigw', 'one persistent wss connection: frames both ways, no more handshakes');
    edge(b, 'apigw', '-->', 'match', 'each message');
    const end = backend(b, t, vpcLink, 'match');
    b.nodes.push('  end');
    edge(b, end, '-->', 'mgmt', 'POST @connections/{connectionId}, signed SigV4');
    edge(b, 'mgmt', '-.->', 'client', 'push: a frame on the open connection');
  }

  const description = `${title}. Steps: ${b.steps.join(', then ')}.`;
  return [
    // SVG text labels, not HTML ones: the app's diagram adapter removes <foreignObject>.
    '---',
    'config:',
    '  htmlLabels: false',
    '  flowchart:',
    '    htmlLabels: false',
    '---',
    'flowchart TD',
    `  accTitle: ${plain(title)}`,
    `  accDescr: ${plain(description)}`,
    ...b.nodes,
    ...b.edges,
    '',
  ].join('\n');
}
