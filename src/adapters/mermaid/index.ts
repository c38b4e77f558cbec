/** Mermaid, lazily loaded: one-off renders and a coalescing live diagram. */
export {
  createDiagramRenderer,
  MAX_TEXT_SIZE,
  type DiagramRenderer,
  type DiagramRendererOptions,
  type DiagramTheme,
  type RenderResult,
} from './renderer';
export { createLiveDiagram, type LiveDiagram, type LiveDiagramOptions } from './live';
