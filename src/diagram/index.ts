/** Trace → Mermaid sequence text, network-path flowcharts and zoom arithmetic (pure). The Mermaid runtime lives in src/adapters/mermaid. */
export { traceToMermaid, READABLE_DIAGRAM, type DiagramItem, type DiagramText, type PlainDiagram } from './sequence';
export { networkPath, defaultEndpointType, ENDPOINT_TYPES_OF, type EndpointType } from './network-paths';
export { anchoredScroll, wheelFactor } from './zoom';
