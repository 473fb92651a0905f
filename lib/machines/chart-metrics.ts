/**
 * The shape of a statechart layout (what `scripts/layout-statecharts.ts` writes to
 * `lib/machines/layouts/<chart-id>.json` and `components/statechart` draws) and the type metrics
 * both sides agree on. Everything is in CSS px at 1:1: the SVG's viewBox is the layout's size, so
 * a 12 px label is 12 px on screen. Widths are estimated per character for a monospace font, so
 * the estimate is deterministic and (for monospace) close to what the browser draws.
 */

/** Edge labels: 12 px monospace. */
export const LABEL_FONT_PX = 12;
/** State names: 13 px monospace. */
export const NAME_FONT_PX = 13;
/** Advance width of one monospace character, in em (DejaVu/SF Mono/Menlo ≈ 0.602, Consolas 0.55). */
export const MONO_EM = 0.62;
export const LABEL_LINE_PX = 16;
export const LABEL_PAD_X = 5;
export const LABEL_PAD_Y = 3;
/** Room before each label line for the taken (▸) / highlighted (◆) marker. */
export const LABEL_GUTTER_PX = 12;
/** Atomic state box: the name on the first line, the status caption ("● current") on the second. */
export const STATE_PAD_X = 14;
export const STATE_NAME_Y = 19;
export const STATE_CAPTION_Y = 37;
export const STATE_H = 48;
/** The longest caption a state box must hold ("◆ this step"). */
export const CAPTION_CHARS = 11;
/** Compound state header: its name sits in this band above its children. */
export const COMPOUND_HEADER_PX = 30;
export const COMPOUND_NAME_Y = 20;
/** The initial-state dot. */
export const INITIAL_DOT_PX = 14;

export function textWidth(chars: number, fontPx: number): number {
  return Math.ceil(chars * fontPx * MONO_EM);
}

export interface Point {
  x: number;
  y: number;
}

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export type LayoutNodeKind = 'atomic' | 'compound' | 'final' | 'initial' | 'any';

export interface LayoutNode extends Box {
  /** The xstate state node id ('ws.handshake.requestSent'), or a pseudo id for 'initial'/'any'. */
  id: string;
  kind: LayoutNodeKind;
  /** The state's key ('requestSent'); '' for the initial dot; 'any state' for the 'any' node. */
  key: string;
  parentId?: string;
  description?: string;
}

/** One line of an edge label; a transition's guard gets its own line under its event. */
export interface LabelLine {
  /** The chart edge (transition) this line belongs to. */
  edgeId: string;
  text: string;
}

export interface LayoutEdge {
  /** The first chart edge id it stands for (or `init:<target>` for an initial arrow). */
  id: string;
  kind: 'transition' | 'initial';
  source: string;
  target: string;
  /** Every chart edge id drawn by this arrow (transitions with one source and target share it). */
  edgeIds: string[];
  /** The polyline(s), absolute; the last point of the last section is the arrow tip. */
  sections: Point[][];
  label?: Box & { lines: LabelLine[] };
}

export interface ChartLayout {
  /** The machine id (also the file name). */
  id: string;
  direction: 'DOWN' | 'RIGHT';
  width: number;
  height: number;
  /** Parents before children. */
  nodes: LayoutNode[];
  edges: LayoutEdge[];
}
