'use client';
/**
 * The order every lesson's live column follows, so a learner finds things in the same place:
 * the mirror's status, the Run row (one primary action), then what the wire shows — the sequence
 * diagram with its clock and the statechart — then the lesson's own readouts, then the settings
 * (faults in one place) and the inspector.
 */
import type { ReactNode } from 'react';
import { MirrorBar } from '../mirror/mirror-bar';
import { useMirrorStatus } from '../mirror/mirror-provider';
import { TrafficViews } from '../workbench/traffic-views';
import type { Workbench } from '../workbench/use-workbench';
import { useActiveFocus } from './lesson-steps';
import styles from './live-layout.module.css';

interface Props {
  wb: Workbench;
  /** The lesson's one primary action. Its button, always named "Run", is enabled once the mirror is recording. */
  onRun: () => void;
  /** After Run: at most a few controls of the run itself (and its status). */
  run?: ReactNode;
  /** Statechart(s), drawn right under the sequence diagram. */
  chart?: ReactNode;
  /** The lesson's own cards: tables, checks, counters. */
  children?: ReactNode;
  /** Faults and knobs (ScenarioPanel). */
  settings?: ReactNode;
  /** Beside the inspector: what the page's JavaScript saw (ApiLog). */
  aside?: ReactNode;
}

export function LiveLayout({ wb, onRun, run, chart, children, settings, aside }: Props) {
  const ready = useMirrorStatus().state === 'open';
  // The events the active step talks about stay in view and are marked on the diagram.
  const focus = useActiveFocus();
  return (
    <div className={styles.live}>
      <fieldset className={styles.run}>
        <legend className="visually-hidden">Run</legend>
        <button type="button" className="primary" onClick={onRun} disabled={!ready}>
          Run
        </button>
        {run}
        <div className={styles.mirror}>
          <MirrorBar />
        </div>
      </fieldset>
      <TrafficViews wb={wb} aside={chart} focusSeqs={focus.focusSeqs} compact />
      {children}
      {settings}
      {aside}
    </div>
  );
}
