/**
 * Where Mermaid puts the parts of a sequence diagram, worked out without Mermaid: lane boxes and
 * the gaps between them, each message's line and label, each note's box, and the viewBox. Pure
 * arithmetic over text sizes (the caller measures text, in a browser with SVG text as Mermaid
 * does), so the live diagram can draw a long trace in a few milliseconds while traffic flows and
 * let Mermaid draw the same text once it stops, with nothing on screen moving when it does.
 *
 * The rules are Mermaid 12's sequence renderer for the classic look, as the playground configures
 * it (no mirrored actors, no sequence numbers, no wrapping), read off its source and checked
 * against its SVG in a browser test (src/adapters/mermaid/quick.browser.test.ts):
 * - a lane is `width` wide, or its name's width plus 2 × 10 when that is more;
 * - the gap after a lane is `actorMargin`, or more when a message between it and the next lane
 *   (either way) needs it: label width + 2 × 10 + `actorMargin` − half of each box; a note over
 *   a lane asks half its width of the gaps on both sides (Mermaid's `getMaxMessageWidthPerActor`);
 *   messages between lanes that are not neighbours widen nothing;
 * - Mermaid measures a label before it decodes entity codes, so `#58;` counts as the
 *   placeholder `ﬂ°°58¶ß` (see `measuredText`): that is why a JSON body widens its gap so much;
 * - vertically a message takes 10 + 2 × its text height, the label 15 below the step's top and
 *   the line at its bottom; a note 10 + its text height + 2 × 10 (`boxMargin`, `noteMargin`).
 */

import { encodeMermaidText } from './escape';
import type { Arrow } from './steps';

/** One lane of a plain diagram: its display name, and whether it is drawn as a person (`actor`). */
export interface PlainLane {
  name: string;
  actor: boolean;
}

/** A message between two lanes, or a note over one lane or a run of them (lane indices). */
export type PlainStep =
  | { kind: 'message'; from: number; to: number; arrow: Arrow; text: string }
  | { kind: 'note'; from: number; to: number; text: string };

/** Mermaid's `width` and `actorMargin` for the diagram (front matter, else its defaults). */
export interface LaneSpacing {
  width: number;
  margin: number;
}

/** Mermaid's sequence defaults: what a diagram without front matter is laid out with. */
export const MERMAID_SPACING: LaneSpacing = { width: 150, margin: 50 };

/** A text's size as drawn (rounded px), as Mermaid's `calculateTextDimensions` gives it. */
export interface TextBox {
  width: number;
  height: number;
}

export type MeasureText = (text: string) => TextBox;

/** The text Mermaid measures for a label: entity codes as its placeholders (`ﬂ°°58¶ß`). */
export function measuredText(text: string): string {
  return encodeMermaidText(text).replace(/#(\d+);/g, 'ﬂ°°$1¶ß');
}

export type HeadKind = 'arrow' | 'cross' | 'filled';

export type PlacedStep =
  | {
      kind: 'message';
      x1: number;
      x2: number;
      /** The line's y. */
      y: number;
      textX: number;
      textY: number;
      dashed: boolean;
      head: HeadKind;
      text: string;
      from: number;
      to: number;
    }
  | { kind: 'note'; x: number; y: number; width: number; height: number; textX: number; textY: number; text: string };

export interface PlacedLane {
  name: string;
  actor: boolean;
  /** The box's left edge and width; `centre` is the life-line's x. */
  x: number;
  width: number;
  centre: number;
}

export interface SequenceLayout {
  lanes: PlacedLane[];
  steps: PlacedStep[];
  viewBox: { x: number; y: number; width: number; height: number };
}

/** Mermaid's fixed sizes for the classic sequence look (its `sequence` configuration defaults). */
export const SEQUENCE_SIZES = {
  actorHeight: 65,
  /** Room around a label inside a box and beside a message label (`wrapPadding`). */
  wrapPadding: 10,
  boxMargin: 10,
  noteMargin: 10,
  /** A label's top below the step's top. */
  labelOffset: 15,
  marginX: 50,
  marginY: 10,
} as const;

const HEADS: Record<Arrow, { dashed: boolean; head: HeadKind }> = {
  '->>': { dashed: false, head: 'arrow' },
  '-->>': { dashed: true, head: 'arrow' },
  '-x': { dashed: false, head: 'cross' },
  '--x': { dashed: true, head: 'cross' },
  '-)': { dashed: false, head: 'filled' },
};

/**
 * Lays out a sequence diagram as Mermaid would (module comment). `measure` gets the text as
 * Mermaid measures it (`measuredText`); what is drawn is the text itself.
 */
export function layoutSequence(
  lanes: readonly PlainLane[],
  steps: readonly PlainStep[],
  spacing: LaneSpacing,
  measure: MeasureText,
): SequenceLayout {
  const S = SEQUENCE_SIZES;
  const n = lanes.length;
  const widths = lanes.map((l) => Math.max(spacing.width, measure(measuredText(l.name)).width + 2 * S.wrapPadding));
  const boxes = steps.map((s) => measure(measuredText(s.text)));

  // What each gap must hold, keyed by the lane on its left (Mermaid's getMaxMessageWidthPerActor).
  const need = new Array<number>(n).fill(0);
  const ask = (lane: number, width: number) => {
    if (lane >= 0 && lane < n) need[lane] = Math.max(need[lane]!, width);
  };
  steps.forEach((s, i) => {
    const width = boxes[i]!.width + 2 * S.wrapPadding;
    const to = s.to;
    if (s.kind === 'message') {
      if (s.from === to + 1) ask(to, width);
      else if (s.from === to - 1) ask(s.from, width);
    } else {
      // Mermaid keys a note by its last lane: half its width on the gap before that lane, and
      // (only when a lane follows) on the gap after its first.
      if (to > 0) ask(to - 1, width / 2);
      if (to < n - 1) ask(s.from, width / 2);
    }
  });

  const placed: PlacedLane[] = [];
  let x = 0;
  for (let i = 0; i < n; i++) {
    const width = widths[i]!;
    placed.push({ name: lanes[i]!.name, actor: lanes[i]!.actor, x, width, centre: x + width / 2 });
    const next = widths[i + 1] ?? 0;
    const gap = need[i] ? Math.max(spacing.margin, need[i]! + spacing.margin - width / 2 - next / 2) : spacing.margin;
    x += width + gap;
  }

  let minX = 0;
  let maxX = placed.length ? placed.at(-1)!.x + placed.at(-1)!.width : 0;
  let y: number = S.actorHeight;
  const out: PlacedStep[] = [];
  steps.forEach((s, i) => {
    const h = boxes[i]!.height;
    const from = placed[s.from];
    const to = placed[s.to];
    if (!from || !to) return;
    if (s.kind === 'message') {
      const right = to.centre >= from.centre;
      const x1 = right ? from.centre + 1 : from.centre - 1;
      const x2 = right ? to.centre - 4 : to.centre + 4;
      const line = y + S.boxMargin + 2 * h;
      out.push({
        kind: 'message',
        x1,
        x2,
        y: line,
        textX: Math.round((x1 + x2) / 2),
        textY: y + S.labelOffset,
        ...HEADS[s.arrow],
        text: s.text,
        from: s.from,
        to: s.to,
      });
      y = line;
    } else {
      let left: number;
      let width: number;
      if (s.from === s.to) {
        width = Math.max(from.width, boxes[i]!.width + 2 * S.noteMargin);
        left = from.x + (from.width - width) / 2;
      } else {
        width = Math.abs(from.centre - to.centre) + spacing.margin;
        left = Math.min(from.centre, to.centre) - spacing.margin / 2;
      }
      const top = y + S.boxMargin;
      const height = h + 2 * S.noteMargin;
      out.push({
        kind: 'note',
        x: left,
        y: top,
        width,
        height,
        textX: left + width / 2,
        textY: top + 5,
        text: s.text,
      });
      minX = Math.min(minX, left);
      maxX = Math.max(maxX, left + width);
      y = top + height;
    }
  });
  return {
    lanes: placed,
    steps: out,
    viewBox: { x: minX - S.marginX, y: -S.marginY, width: maxX - minX + 2 * S.marginX, height: y + 2 * S.marginY },
  };
}
