/** Trace → Mermaid sequence text, and network-path flowcharts (pure). The Mermaid runtime lives in src/adapters/mermaid. */
export { traceToMermaid, type DiagramText } from './sequence';
export { networkPath, defaultEndpointType, ENDPOINT_TYPES_OF, type EndpointType } from './network-paths';
