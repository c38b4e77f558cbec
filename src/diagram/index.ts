/** Trace → Mermaid sequence text, and network-path flowcharts (pure). The Mermaid runtime lives in src/adapters/mermaid. */
export { traceToMermaid, DEFAULT_WINDOW_SIZE, type DiagramOptions, type DiagramText } from './sequence';
export { escapeMermaidText, encodeMermaidText, previewText, PREVIEW_LENGTH } from './escape';
export {
  networkPath,
  defaultEndpointType,
  ENDPOINT_TYPES_OF,
  type NetworkApiType,
  type EndpointType,
  type NetworkPathOptions,
} from './network-paths';
