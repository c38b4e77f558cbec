import { describe, expect, it } from 'vitest';
import { DiagramSettings, DiagramView } from './diagram-view.svelte';

/** A chat diagram at Mermaid's 16-unit labels, 1,500 units wide, in a 600 px panel (fit would be 0.4). */
const wide = { width: 1500, height: 1100, smallestFont: 16, viewportWidth: 600, viewportHeight: 700 };

function make() {
  const settings = new DiagramSettings();
  const view = new DiagramView(settings);
  view.metrics = wide;
  return { settings, view };
}

describe('DiagramView', () => {
  it('draws a wide diagram with its smallest label at 12 px, not fitted to the panel', () => {
    const { view } = make();
    expect(view.scale).toBe(0.75);
    expect(view.smallestFontPx).toBe(12);
    expect(view.canZoomOut).toBe(false);
    expect(view.canZoomIn).toBe(true);
  });

  it('redraws at 16 px when the page-wide minimum is raised (presenter mode)', () => {
    const { settings, view } = make();
    settings.minFontPx = 16;
    expect(view.smallestFontPx).toBe(16);
    settings.minFontPx = 12;
    expect(view.smallestFontPx).toBe(12);
  });

  it('zooms in and back, and reset returns to the readable size', () => {
    const { view } = make();
    view.zoomIn();
    expect(view.scale).toBeCloseTo(0.9375);
    view.zoomOut();
    expect(view.scale).toBeCloseTo(0.75);
    view.zoomBy(3);
    expect(view.scale).toBeCloseTo(2.25);
    view.reset();
    expect(view.scale).toBe(0.75);
  });

  it('shows the overview only until the next zoom action', () => {
    const { view } = make();
    view.showOverview();
    expect(view.overview).toBe(true);
    expect(view.smallestFontPx).toBeLessThan(12);
    view.zoomIn();
    expect(view.overview).toBe(false);
    expect(view.smallestFontPx).toBe(12);
  });

  it('toggles focus mode', () => {
    const { view } = make();
    view.toggleFocus();
    expect(view.focusMode).toBe(true);
    view.toggleFocus();
    expect(view.focusMode).toBe(false);
  });
});
