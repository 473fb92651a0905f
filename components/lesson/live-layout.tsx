'use client';
/**
 * The order every lesson's live column follows, so a learner finds things in the same place:
 * the mirror's status, the Run row (one primary action), then what the wire shows — the sequence
 * diagram with its clock and the statechart — then the lesson's own readouts, then the settings
 * (faults in one place) and the inspector.
 */
import { type ReactNode, useRef } from 'react';
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

/**
 * After Run, the diagram must be in view: where it starts below the middle of the screen (a phone,
 * a short window), the page scrolls it up (under the Run row where that row is pinned). Focus stays
 * on Run.
 */
function revealViews(views: HTMLElement | null, runRow: HTMLElement | null): void {
  if (!views) return;
  if (views.getBoundingClientRect().top <= window.innerHeight * 0.5) return;
  // Below whatever stays pinned at the top: the Run row in wide columns, the page's progress line
  // on phones (the shell marks it `data-pinned-top`).
  let top = 0;
  for (const el of [runRow, ...document.querySelectorAll<HTMLElement>('[data-pinned-top]')]) {
    if (!el || getComputedStyle(el).position !== 'sticky' || el.offsetHeight === 0) continue;
    top = Math.max(top, (Number.parseFloat(getComputedStyle(el).top) || 0) + el.offsetHeight);
  }
  views.style.scrollMarginTop = `${top + 8}px`;
  const reduced = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
  views.scrollIntoView({ block: 'start', behavior: reduced ? 'auto' : 'smooth' });
}

export function LiveLayout({
  wb,
  onRun,
  run: runControls,
  chart,
  children,
  settings,
  aside,
}: Props) {
  const ready = useMirrorStatus().state === 'open';
  // The events the active step talks about stay in view and are marked on the diagram.
  const focus = useActiveFocus();
  const runRow = useRef<HTMLFieldSetElement>(null);
  const views = useRef<HTMLDivElement>(null);
  const run = () => {
    onRun();
    revealViews(views.current, runRow.current);
  };
  return (
    <div className={styles.live}>
      <fieldset className={styles.run} ref={runRow}>
        <legend className="visually-hidden">Run</legend>
        <button type="button" className="primary" onClick={run} disabled={!ready}>
          Run
        </button>
        {runControls}
        <div className={styles.mirror}>
          <MirrorBar />
        </div>
      </fieldset>
      <div ref={views}>
        <TrafficViews wb={wb} aside={chart} focusSeqs={focus.focusSeqs} compact />
      </div>
      {children}
      {settings}
      {aside}
    </div>
  );
}
