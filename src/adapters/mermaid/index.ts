/** Mermaid, lazily loaded: one-off renders and a coalescing live diagram. */
export { createDiagramRenderer, setPageDiagramTheme, type RenderResult } from './renderer';
export { createLiveDiagram, type LiveDiagram } from './live';
