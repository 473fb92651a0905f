'use client';

import type { ReactNode } from 'react';
import { FaultsInForce } from '../controls/faults-in-force';
import { FrameList } from '../frame-list/frame-list';
import { FrameInspector } from '../inspector/frame-inspector';
import { useLiveFold } from '../lesson/use-live-fold';
import { diagramLayoutFold } from '../sequence/layout-fold';
import { SequenceDiagram } from '../sequence/sequence-diagram';
import { TimelineControls } from '../timeline/timeline-controls';
import styles from './traffic-views.module.css';
import type { Workbench } from './use-workbench';

/**
 * Sequence diagram + timeline on one side, the inspector on the other (stacked when narrow).
 * `focusSeqs`: the events the lesson's active step names (kept in view, emphasised).
 */
export function TrafficViews({
  wb,
  aside,
  focusSeqs,
  compact = false,
  frameList = false,
}: {
  wb: Workbench;
  aside?: ReactNode;
  focusSeqs?: readonly number[];
  /** In a lesson's live column: the heading is for screen readers only, to save height. */
  compact?: boolean;
  /** Every frame of both hops in a filterable list under the diagram (the lab). */
  frameList?: boolean;
}) {
  const layout = useLiveFold(diagramLayoutFold);
  return (
    <div className={styles.grid} data-testid="traffic-views">
      <div className={styles.stack}>
        <h3
          className={`${styles.heading} ${compact ? 'visually-hidden' : ''}`}
          id="traffic-heading"
        >
          Traffic on both hops
        </h3>
        <FaultsInForce />
        <TimelineControls timeline={wb.timeline} />
        {/* The diagram and the statechart side by side when the column is wide enough. */}
        <div className={styles.pair}>
          <SequenceDiagram
            layout={layout}
            cursorSeq={wb.timeline.following ? Number.POSITIVE_INFINITY : wb.timeline.cursorSeq}
            selectedSeq={wb.selectedSeq}
            onSelect={wb.select}
            follow={wb.timeline.following}
            label="Sequence diagram: browser, edge and node"
            clock={wb.timeline.clock}
            {...(focusSeqs ? { focusSeqs } : {})}
          />
          {aside}
        </div>
        {frameList ? (
          <FrameList wb={wb} heading="Every frame" label="Frames on both hops, one row per frame" />
        ) : null}
      </div>
      {/* biome-ignore lint/a11y/useSemanticElements: a scroll container, not a form group */}
      <div
        className={`${styles.stack} ${styles.inspector}`}
        role="group"
        aria-label="Frame details (scrolls)"
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scroll region must be reachable by keyboard (axe scrollable-region-focusable)
        tabIndex={0}
        // Frame lists bring this into view when a row is opened (frame-list/reveal-inspector.ts).
        data-frame-inspector=""
      >
        <FrameInspector event={wb.selectedEvent} />
      </div>
    </div>
  );
}
