import { describe, expect, it } from 'vitest';
import { layoutSequence, measuredText, type PlainLane, type PlainStep } from './layout';

/** 10 px per character, 17 px high: easy sums. */
const measure = (text: string) => ({ width: 10 * [...text].length, height: 17 });
const lanes = (...names: string[]): PlainLane[] => names.map((name) => ({ name, actor: false }));
const tight = { width: 110, margin: 30 };

describe('the sequence layout Mermaid would draw', () => {
  it('makes a lane its configured width, or its name plus padding when that is wider', () => {
    const layout = layoutSequence(lanes('API Gateway', 'Table connections!'), [], tight, measure);
    expect(layout.lanes.map((l) => l.width)).toEqual([130, 200]);
    expect(layout.lanes.map((l) => l.x)).toEqual([0, 160]);
    expect(layout.lanes.map((l) => l.centre)).toEqual([65, 260]);
  });

  it('widens the gap between neighbouring lanes to fit a message label, either way', () => {
    const label = 'x'.repeat(50); // 500 px + 2 × 10 padding
    for (const [from, to] of [
      [0, 1],
      [1, 0],
    ] as const) {
      const steps: PlainStep[] = [{ kind: 'message', from, to, arrow: '->>', text: label }];
      const layout = layoutSequence(lanes('a', 'b', 'c'), steps, tight, measure);
      // gap = 520 + 30 − 55 − 55 = 440
      expect(layout.lanes[1]!.x - (layout.lanes[0]!.x + 110)).toBe(440);
      expect(layout.lanes[2]!.x - (layout.lanes[1]!.x + 110)).toBe(30);
    }
  });

  it('lets a message between lanes that are not neighbours widen nothing, as Mermaid does', () => {
    const steps: PlainStep[] = [{ kind: 'message', from: 0, to: 2, arrow: '->>', text: 'x'.repeat(80) }];
    const layout = layoutSequence(lanes('a', 'b', 'c'), steps, tight, measure);
    expect(layout.lanes.map((l) => l.x)).toEqual([0, 140, 280]);
  });

  it('counts a label as Mermaid measures it, with entity codes as its placeholders', () => {
    expect(measuredText('{"a":1}')).toBe('ﬂ°°123¶ßﬂ°°34¶ßaﬂ°°34¶ßﬂ°°58¶ß1ﬂ°°125¶ß');
    expect(measuredText('plain text')).toBe('plain text');
  });

  it('stacks messages and notes down the page with Mermaid’s margins', () => {
    const steps: PlainStep[] = [
      { kind: 'message', from: 0, to: 1, arrow: '->>', text: 'hi' },
      { kind: 'note', from: 1, to: 1, text: 'route' },
      { kind: 'message', from: 1, to: 0, arrow: '-->>', text: 'ok' },
    ];
    const layout = layoutSequence(lanes('a', 'b'), steps, tight, measure);
    const [m1, note, m2] = layout.steps;
    // Below the 65 px boxes: label 15 down, line at 10 + 2 × 17.
    expect(m1).toMatchObject({ kind: 'message', textY: 80, y: 109, x1: 56, x2: 191, textX: 124, dashed: false });
    expect(note).toMatchObject({ kind: 'note', y: 119, height: 37, width: 110, x: 140, textY: 124 });
    expect(m2).toMatchObject({ kind: 'message', textY: 171, y: 200, x1: 194, x2: 59, dashed: true, head: 'arrow' });
    expect(layout.viewBox).toEqual({ x: -50, y: -10, width: 350, height: 220 });
  });

  it('spans a note over a run of lanes from centre to centre, plus a margin', () => {
    const steps: PlainStep[] = [{ kind: 'note', from: 0, to: 2, text: 'hidden' }];
    const layout = layoutSequence(lanes('a', 'b', 'c'), steps, tight, measure);
    expect(layout.steps[0]).toMatchObject({ x: 40, width: 310 });
  });

  it('grows the viewBox to a note wider than its lane', () => {
    const steps: PlainStep[] = [{ kind: 'note', from: 0, to: 0, text: 'x'.repeat(30) }];
    const layout = layoutSequence(lanes('a'), steps, tight, measure);
    expect(layout.steps[0]).toMatchObject({ x: -105, width: 320 });
    expect(layout.viewBox.x).toBe(-155);
    expect(layout.viewBox.width).toBe(420);
  });

  it('draws each arrow kind with Mermaid’s dash and head', () => {
    const arrows = ['->>', '-->>', '-x', '--x', '-)'] as const;
    const layout = layoutSequence(
      lanes('a', 'b'),
      arrows.map((arrow) => ({ kind: 'message', from: 0, to: 1, arrow, text: arrow })),
      tight,
      measure,
    );
    expect(layout.steps.map((s) => (s.kind === 'message' ? [s.dashed, s.head] : null))).toEqual([
      [false, 'arrow'],
      [true, 'arrow'],
      [false, 'cross'],
      [true, 'cross'],
      [false, 'filled'],
    ]);
  });
});
