import type { ChartLayout, LayoutEdge, LayoutNode, Point } from '@/lib/machines/chart-metrics';
import {
  COMPOUND_NAME_Y,
  LABEL_GUTTER_PX,
  LABEL_LINE_PX,
  LABEL_PAD_X,
  LABEL_PAD_Y,
  STATE_CAPTION_Y,
  STATE_NAME_Y,
  STATE_PAD_X,
} from '@/lib/machines/chart-metrics';
import styles from './statechart.module.css';

export interface ChartMarks {
  active: ReadonlySet<string>;
  taken: ReadonlySet<string>;
  highlight: ReadonlySet<string>;
}

function pathOf(points: readonly Point[]): string {
  return points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x},${p.y}`).join(' ');
}

const cx = (...names: (string | false | undefined)[]) => names.filter(Boolean).join(' ');

function captionOf(active: boolean, highlighted: boolean): string | undefined {
  if (active && highlighted) return '● current ◆';
  if (active) return '● current';
  if (highlighted) return '◆ this step';
  return undefined;
}

function StateNode({ node, marks }: { node: LayoutNode; marks: ChartMarks }) {
  const active = marks.active.has(node.id);
  const highlighted = marks.highlight.has(node.id);
  const title = `${node.key}${active ? ' (current)' : ''}${highlighted ? ' (this step)' : ''}${node.description ? `: ${node.description}` : ''}`;
  if (node.kind === 'initial') {
    const r = node.w / 2;
    return <circle className={styles.initial} cx={node.x + r} cy={node.y + r} r={r - 1} />;
  }
  if (node.kind === 'compound') {
    const suffix = `${active ? ' · current' : ''}${highlighted ? ' ◆' : ''}`;
    return (
      <g
        className={cx(active && styles.active, highlighted && styles.highlighted)}
        data-state={node.key}
        data-current={active}
      >
        {highlighted ? (
          <rect
            className={styles.glow}
            x={node.x - 4}
            y={node.y - 4}
            width={node.w + 8}
            height={node.h + 8}
            rx={12}
          />
        ) : null}
        <rect
          className={styles.container}
          x={node.x}
          y={node.y}
          width={node.w}
          height={node.h}
          rx={10}
        />
        <text className={styles.name} x={node.x + 12} y={node.y + COMPOUND_NAME_Y}>
          {node.key}
          {suffix ? <tspan className={styles.caption}>{suffix}</tspan> : null}
        </text>
        <title>{title}</title>
      </g>
    );
  }
  const caption = captionOf(active, highlighted);
  return (
    <g
      className={cx(active && styles.active, highlighted && styles.highlighted)}
      data-state={node.key}
      data-current={active}
    >
      {highlighted ? (
        <rect
          className={styles.glow}
          x={node.x - 5}
          y={node.y - 5}
          width={node.w + 10}
          height={node.h + 10}
          rx={17}
        />
      ) : null}
      <rect
        className={node.kind === 'any' ? styles.any : styles.box}
        x={node.x}
        y={node.y}
        width={node.w}
        height={node.h}
        rx={12}
      />
      {node.kind === 'final' ? (
        <rect
          className={styles.final}
          x={node.x + 4}
          y={node.y + 4}
          width={node.w - 8}
          height={node.h - 8}
          rx={9}
        />
      ) : null}
      <text
        className={cx(styles.name, node.kind === 'any' && styles.anyName)}
        x={node.x + STATE_PAD_X}
        y={node.y + STATE_NAME_Y}
      >
        {node.key}
      </text>
      {caption ? (
        <text className={styles.caption} x={node.x + STATE_PAD_X} y={node.y + STATE_CAPTION_Y}>
          {caption}
        </text>
      ) : null}
      <title>{title}</title>
    </g>
  );
}

function EdgePath({
  edge,
  marks,
  headId,
}: {
  edge: LayoutEdge;
  marks: ChartMarks;
  headId: string;
}) {
  const taken = edge.edgeIds.some((id) => marks.taken.has(id));
  const highlighted = edge.edgeIds.some((id) => marks.highlight.has(id));
  const d = edge.sections.map(pathOf).join(' ');
  return (
    <g data-edge={edge.id} data-taken={taken}>
      {highlighted ? <path className={styles.edgeGlow} d={d} /> : null}
      <path
        className={cx(
          styles.edge,
          edge.kind === 'initial' && styles.edgeInitial,
          taken && styles.edgeTaken,
        )}
        d={d}
        markerEnd={`url(#${headId}${taken ? '-t' : ''})`}
      />
    </g>
  );
}

function EdgeLabel({ edge, marks }: { edge: LayoutEdge; marks: ChartMarks }) {
  const label = edge.label;
  if (label === undefined) return null;
  const highlighted = edge.edgeIds.some((id) => marks.highlight.has(id));
  return (
    <g className={styles.label}>
      <rect
        className={cx(styles.labelBg, highlighted && styles.labelBgHighlighted)}
        x={label.x}
        y={label.y}
        width={label.w}
        height={label.h}
        rx={3}
      />
      {label.lines.map((line, i) => {
        const taken = marks.taken.has(line.edgeId);
        const lit = marks.highlight.has(line.edgeId);
        const y = label.y + LABEL_PAD_Y + i * LABEL_LINE_PX + LABEL_LINE_PX / 2;
        const first = i === 0 || label.lines[i - 1]?.edgeId !== line.edgeId;
        return (
          <g key={`${line.edgeId}:${line.text}`}>
            {first && (taken || lit) ? (
              <text
                className={cx(styles.labelMark, taken && styles.labelTaken)}
                x={label.x + LABEL_PAD_X}
                y={y}
                dominantBaseline="central"
              >
                {taken ? '▸' : '◆'}
              </text>
            ) : null}
            <text
              className={cx(styles.labelText, taken && styles.labelTaken)}
              x={label.x + LABEL_PAD_X + LABEL_GUTTER_PX}
              y={y}
              dominantBaseline="central"
              xmlSpace="preserve"
            >
              {line.text}
            </text>
          </g>
        );
      })}
    </g>
  );
}

/** The chart at 1:1 CSS px: containers, then edges, then labels and states on top. */
export function ChartSvg({
  layout,
  marks,
  idBase,
  ariaLabel,
}: {
  layout: ChartLayout;
  marks: ChartMarks;
  idBase: string;
  ariaLabel: string;
}) {
  const headId = `${idBase}-head`;
  const containers = layout.nodes.filter((n) => n.kind === 'compound');
  const states = layout.nodes.filter((n) => n.kind !== 'compound');
  // Draw the taken arrow last so it stays on top where arrows cross.
  const edges = [...layout.edges].sort(
    (a, b) =>
      Number(a.edgeIds.some((id) => marks.taken.has(id))) -
      Number(b.edgeIds.some((id) => marks.taken.has(id))),
  );
  return (
    <svg
      className={styles.svg}
      width={layout.width}
      height={layout.height}
      viewBox={`0 0 ${layout.width} ${layout.height}`}
      role="img"
      aria-label={ariaLabel}
    >
      <defs>
        <marker
          id={headId}
          viewBox="0 0 10 10"
          refX="9"
          refY="5"
          markerWidth="7"
          markerHeight="7"
          markerUnits="userSpaceOnUse"
          orient="auto"
        >
          <path d="M0,0 L10,5 L0,10 z" className={styles.head} />
        </marker>
        <marker
          id={`${headId}-t`}
          viewBox="0 0 10 10"
          refX="9"
          refY="5"
          markerWidth="10"
          markerHeight="10"
          markerUnits="userSpaceOnUse"
          orient="auto"
        >
          <path d="M0,0 L10,5 L0,10 z" className={styles.headTaken} />
        </marker>
      </defs>
      {containers.map((node) => (
        <StateNode key={node.id} node={node} marks={marks} />
      ))}
      {edges.map((edge) => (
        <EdgePath key={edge.id} edge={edge} marks={marks} headId={headId} />
      ))}
      {states.map((node) => (
        <StateNode key={node.id} node={node} marks={marks} />
      ))}
      {layout.edges.map((edge) => (
        <EdgeLabel key={edge.id} edge={edge} marks={marks} />
      ))}
    </svg>
  );
}
