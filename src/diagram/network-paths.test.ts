import { describe, expect, it } from 'vitest';
import {
  defaultEndpointType,
  ENDPOINT_TYPES_OF,
  networkPath,
  type EndpointType,
  type NetworkApiType,
} from './network-paths';

/** The text as a learner reads it (labels are plain text; kept as a seam should that change). */
const words = (text: string) => text;
const nodes = (text: string) => [...text.matchAll(/^\s+(\w+)(?:\[\(|\[|\()"/gm)].map((m) => m[1]!);
const edges = (text: string) => [...text.matchAll(/^\s+(\w+) (-->|==>|-\.->|<==>)(?:\|"([^"]*)"\|)? (\w+)$/gm)];
const edgeLabels = (text: string) => edges(text).map((m) => words(m[3] ?? ''));
const hasEdge = (text: string, from: string, to: string) => edges(text).some((m) => m[1] === from && m[4] === to);

const ALL: [NetworkApiType, EndpointType | undefined, boolean][] = [];
for (const type of ['REST', 'HTTP', 'WEBSOCKET'] as const)
  for (const endpointType of [undefined, ...ENDPOINT_TYPES_OF[type]])
    for (const vpcLink of [false, true]) ALL.push([type, endpointType, vpcLink]);

describe('networkPath: endpoint types (DG api-gateway-api-endpoint-types)', () => {
  it('offers edge-optimized and private endpoints only for REST APIs; HTTP and WebSocket APIs are Regional', () => {
    expect(ENDPOINT_TYPES_OF).toEqual({
      REST: ['EDGE', 'REGIONAL', 'PRIVATE'],
      HTTP: ['REGIONAL'],
      WEBSOCKET: ['REGIONAL'],
    });
    for (const type of ['HTTP', 'WEBSOCKET'] as const) {
      for (const endpointType of ['EDGE', 'PRIVATE'] as const) {
        expect(() => networkPath(type, { endpointType })).toThrow(/Regional endpoints only.*exist only for REST APIs/);
      }
      expect(() => networkPath(type, { endpointType: 'REGIONAL' })).not.toThrow();
    }
  });

  it('names the API type in the error', () => {
    expect(() => networkPath('HTTP', { endpointType: 'EDGE' })).toThrow(/^HTTP APIs have Regional endpoints only/);
    expect(() => networkPath('WEBSOCKET', { endpointType: 'PRIVATE' })).toThrow(
      /^WebSocket APIs have Regional endpoints only/,
    );
  });

  it('rejects an unknown API type or endpoint type', () => {
    expect(() => networkPath('GRPC' as NetworkApiType)).toThrow(/Unknown API type "GRPC"/);
    expect(() => networkPath('REST', { endpointType: 'GLOBAL' as EndpointType })).toThrow(
      /Unknown endpoint type "GLOBAL"/,
    );
  });

  it('defaults a REST API to edge-optimized, AWS’s default, and the others to Regional', () => {
    expect(defaultEndpointType('REST')).toBe('EDGE');
    expect(defaultEndpointType('HTTP')).toBe('REGIONAL');
    expect(networkPath('REST')).toBe(networkPath('REST', { endpointType: 'EDGE' }));
    expect(networkPath('WEBSOCKET')).toBe(networkPath('WEBSOCKET', { endpointType: 'REGIONAL' }));
  });

  it('routes an edge-optimized REST API through a CloudFront edge location, where TLS ends, on both legs', () => {
    const text = networkPath('REST', { endpointType: 'EDGE' });
    expect(words(text)).toMatch(/CloudFront edge location \(POP\)<br\/>TLS ends here/);
    expect(hasEdge(text, 'client', 'edge')).toBe(true);
    expect(hasEdge(text, 'edge', 'apigw')).toBe(true);
    expect(hasEdge(text, 'apigw', 'edge') && hasEdge(text, 'edge', 'client')).toBe(true);
    expect(hasEdge(text, 'client', 'apigw')).toBe(false);
  });

  it('sends a Regional REST API’s client straight to API Gateway, with no edge location', () => {
    const text = networkPath('REST', { endpointType: 'REGIONAL' });
    expect(nodes(text)).not.toContain('edge');
    expect(words(text)).not.toContain('CloudFront');
    expect(hasEdge(text, 'client', 'apigw')).toBe(true);
  });

  it('reaches a private REST API only from a VPC, through an interface VPC endpoint, with a required resource policy (DG apigateway-private-apis)', () => {
    const text = words(networkPath('REST', { endpointType: 'PRIVATE' }));
    expect(text).toMatch(/subgraph vpcc\["Your VPC \(no route from the internet\)"\]\n\s+client\[/);
    expect(text).toContain('Interface VPC endpoint<br/>execute-api, AWS PrivateLink ENIs');
    expect(text).toContain('Private DNS (Route 53 Resolver)');
    expect(text).toContain('resource policy (required)');
    expect(hasEdge(text, 'client', 'vpce') && hasEdge(text, 'vpce', 'apigw')).toBe(true);
    expect(text).not.toContain('on the internet');
  });

  it('starts every public path with a DNS lookup, then TCP + TLS on port 443', () => {
    for (const [type, endpointType, vpcLink] of ALL) {
      const labels = edgeLabels(networkPath(type, { endpointType, vpcLink }));
      expect(labels[0], `${type} ${endpointType}`).toMatch(/^1\. DNS lookup/);
      expect(labels[1], `${type} ${endpointType}`).toMatch(/^2\. HTTPS 443 .*\(TCP \+ TLS\)/);
    }
  });
});

describe('networkPath: what happens inside API Gateway (docs/aws-behaviour.md §5.1, §5.9)', () => {
  it('gives REST a resource and method match, authorization with API keys, then validation and a VTL mapping template', () => {
    const text = words(networkPath('REST', { endpointType: 'REGIONAL' }));
    expect(text).toContain('Resource and method match');
    expect(text).toContain('API key + usage plan');
    expect(text).toContain('Request validation<br/>+ mapping template (VTL)');
    expect(text).toContain('response (+ response mapping template)');
    const order = ['apigw', 'match', 'auth', 'map', 'fn'];
    for (let i = 1; i < order.length; i++) expect(hasEdge(text, order[i - 1]!, order[i]!), order[i]).toBe(true);
  });

  it('gives HTTP APIs parameter mapping, never templates, and a JWT authorizer, with no API keys', () => {
    const text = words(networkPath('HTTP'));
    expect(text).toContain('Parameter mapping<br/>headers, query string, path: no body templates');
    expect(text).not.toMatch(/VTL|mapping template|API key|usage plan|validation/i);
    expect(text).toContain('JWT, IAM or Lambda authorizer');
    expect(text).toContain('answers CORS preflight itself');
    expect(text).toContain('payload 2.0 event');
  });

  it('gives WebSocket APIs the upgrade, $connect, a persistent connection, route selection and @connections push back (§1.3, §3)', () => {
    const text = words(networkPath('WEBSOCKET'));
    expect(text).toContain('GET with Upgrade: websocket');
    expect(text).toContain('$connect route');
    expect(text).toContain('101 Switching Protocols');
    expect(text).toMatch(/client <==>\|"one persistent wss connection: frames both ways, no more handshakes"\| apigw/);
    expect(text).toContain('$request.body.action → route key or $default');
    expect(text).toMatch(/fn -->\|"POST @connections\/\{connectionId\}, signed SigV4"\| mgmt/);
    expect(text).toMatch(/mgmt -\.->\|"push: a frame on the open connection"\| client/);
    expect(text).not.toMatch(/VTL|API key/);
  });

  it('answers REST and HTTP requests on the way back; only WebSocket holds one connection open', () => {
    for (const [type, endpointType, vpcLink] of ALL) {
      const text = networkPath(type, { endpointType, vpcLink });
      expect(text.includes('<==>'), `${type}`).toBe(type === 'WEBSOCKET');
      if (type !== 'WEBSOCKET')
        expect(
          edgeLabels(text).some((l) => l.startsWith('HTTP response')),
          type,
        ).toBe(true);
    }
  });
});

describe('networkPath: the backend', () => {
  it('invokes a Lambda function by default', () => {
    for (const type of ['REST', 'HTTP', 'WEBSOCKET'] as const) {
      const text = words(networkPath(type));
      expect(text).toContain('fn("Lambda function');
      expect(text).not.toContain('VPC link');
    }
  });

  it('reaches a private load balancer in your VPC through a VPC link, per API type (DG private-integration, http-api-develop-integrations-private)', () => {
    const balancer = (type: NetworkApiType) =>
      words(networkPath(type, { vpcLink: true })).match(/lb\["([^"]*)"\]/)?.[1];
    expect(balancer('REST')).toBe('Private NLB or ALB<br/>(VPC link V2, V1 was NLB only)');
    expect(balancer('HTTP')).toBe('Private ALB, NLB<br/>or Cloud Map service');
    expect(balancer('WEBSOCKET')).toBe('Private NLB');
    for (const type of ['REST', 'HTTP', 'WEBSOCKET'] as const) {
      const text = networkPath(type, { vpcLink: true });
      expect(hasEdge(text, 'link', 'lb') && hasEdge(text, 'lb', 'svc')).toBe(true);
      expect(nodes(text)).not.toContain('fn');
      expect(words(text)).toContain('VPC link<br/>managed ENIs into your VPC');
    }
  });

  it('has the WebSocket backend in a VPC push through @connections too', () => {
    expect(hasEdge(networkPath('WEBSOCKET', { vpcLink: true }), 'svc', 'mgmt')).toBe(true);
  });
});

describe('networkPath: Mermaid text', () => {
  it('is a top-down flowchart with SVG text labels (the diagram adapter drops foreignObject) and an accessible title', () => {
    const text = networkPath('HTTP');
    expect(text.startsWith('---\nconfig:\n  htmlLabels: false\n')).toBe(true);
    expect(text).toContain('\nflowchart TD\n');
    expect(words(text)).toContain('accTitle: Network path: HTTP API, Regional endpoint\n');
    expect(words(text)).toMatch(/accDescr: Network path: HTTP API, Regional endpoint\. Steps: 1\. DNS lookup/);
  });

  it('declares every node before any edge, so each node stays in its subgraph', () => {
    for (const [type, endpointType, vpcLink] of ALL) {
      const lines = networkPath(type, { endpointType, vpcLink }).split('\n');
      const lastNode = Math.max(...lines.map((l, i) => (/^\s+(\w+)(\[|\()"|^\s+(subgraph|end)\b/.test(l) ? i : -1)));
      const firstEdge = lines.findIndex((l) => /^\s+\w+ (-->|==>|-\.->|<==>)/.test(l));
      expect(lastNode, `${type} ${endpointType} ${vpcLink}`).toBeLessThan(firstEdge);
      // Every edge joins declared nodes.
      const declared = new Set(nodes(lines.join('\n')));
      for (const m of edges(lines.join('\n'))) expect(declared.has(m[1]!) && declared.has(m[4]!), m[0]).toBe(true);
    }
  });

  it('keeps every label free of characters Mermaid could read as syntax (quotes, entity codes, comments, markup)', () => {
    for (const [type, endpointType, vpcLink] of ALL) {
      const text = networkPath(type, { endpointType, vpcLink });
      const labels = [...text.matchAll(/"([^"]*)"/g)].map((m) => m[1]!);
      expect(labels.length).toBeGreaterThan(10);
      for (const l of labels) expect(l.replace(/<br\/>/g, ''), l).not.toMatch(/[#;%<>&`]/);
      for (const line of text.split('\n').filter((l) => /^\s+acc(Title|Descr):/.test(l)))
        expect(line).not.toMatch(/[#;%<>&`"]/);
    }
  });

  it('is deterministic', () => {
    expect(networkPath('REST', { endpointType: 'PRIVATE', vpcLink: true })).toBe(
      networkPath('REST', { endpointType: 'PRIVATE', vpcLink: true }),
    );
  });
});
