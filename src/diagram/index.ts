/** Trace → Mermaid sequence text (pure). The Mermaid runtime lives in src/adapters/mermaid. */
export { traceToMermaid, DEFAULT_WINDOW_SIZE, type DiagramOptions, type DiagramText } from './sequence';
export { escapeMermaidText, encodeMermaidText, previewText, PREVIEW_LENGTH } from './escape';
