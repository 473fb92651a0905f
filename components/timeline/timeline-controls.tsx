'use client';

import { eventLabel, formatMs } from '../sequence/event-label';
import styles from './timeline-controls.module.css';
import type { Timeline } from './use-timeline';

/** Pause, step back/forward, scrub, and Live to resume following. Keyboard operable, labelled. */
export function TimelineControls({ timeline }: { timeline: Timeline }) {
  const { following, index, length, event } = timeline;
  const position = event
    ? `event ${index + 1} of ${length} · t = ${formatMs(event.t)} · ${eventLabel(event)}`
    : length === 0
      ? 'no events yet'
      : `start, before event 1 of ${length}`;
  return (
    <fieldset className={styles.bar}>
      <legend className="visually-hidden">Timeline</legend>
      <div className={styles.buttons}>
        <button
          type="button"
          aria-pressed={following}
          className={following ? styles.liveOn : undefined}
          onClick={following ? timeline.pause : timeline.goLive}
        >
          {following ? '● Live' : '▶ Go live'}
        </button>
        <button type="button" onClick={timeline.pause} disabled={!following}>
          Pause
        </button>
        <button type="button" onClick={timeline.stepBack} disabled={length === 0 || index < 0}>
          ◀ Step back
        </button>
        <button
          type="button"
          onClick={timeline.stepForward}
          disabled={length === 0 || index >= length - 1}
        >
          Step forward ▶
        </button>
      </div>
      <label className={styles.slider}>
        <span className="visually-hidden">Timeline position</span>
        <input
          type="range"
          min={-1}
          max={Math.max(-1, length - 1)}
          step={1}
          value={index}
          aria-valuetext={position}
          onChange={(e) => timeline.seek(Number(e.currentTarget.value))}
          disabled={length === 0}
        />
        <span className={styles.readout} aria-hidden="true">
          {following ? 'following live · ' : 'paused · '}
          {position}
        </span>
      </label>
    </fieldset>
  );
}
