/** Mermaid, lazily loaded: one-off renders, a coalescing live diagram, and reading its SVG for the zoomable view. */
export { createDiagramRenderer, setPageDiagramTheme, type RenderResult } from './renderer';
export { createLiveDiagram, type LiveDiagram } from './live';
export {
  decorateSteps,
  measureSvg,
  placeParticipantStrip,
  sizeSvg,
  type ParticipantStrip,
  type SvgSize,
} from './svg-view';
