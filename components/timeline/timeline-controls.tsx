'use client';

import { type KeyboardEvent, useId, useSyncExternalStore } from 'react';
import type { WireEvent } from '@/lib/mirror/types';
import { eventLabel, formatMs } from '../sequence/event-label';
import { SPEEDS, type Speed } from './clock';
import styles from './timeline-controls.module.css';
import type { Timeline } from './use-timeline';

/**
 * One playback clock: Play / Pause, step back / forward by diagram event, scrub over the session's
 * time, Live, and the speed (1×, 1/10, 1/100). Keyboard operable, labelled; the readout of time,
 * position and speed is always shown in full. In a narrow column the buttons show their symbols
 * only: the words stay in their accessible names (visually hidden, not removed).
 */
export function TimelineControls({ timeline }: { timeline: Timeline }) {
  const { following, playing, index, length, speed } = timeline;
  const speedId = useId();
  return (
    <fieldset className={styles.bar}>
      <legend className="visually-hidden">Timeline</legend>
      <div className={styles.buttons}>
        {/* Stable under the pointer: Pause whenever the clock runs (live included), Play when held. */}
        {playing ? (
          <button type="button" onClick={timeline.pause}>
            ❚❚ <span className={styles.word}>Pause</span>
          </button>
        ) : (
          <button type="button" onClick={timeline.play} disabled={length === 0}>
            ▶ <span className={styles.word}>Play</span>
          </button>
        )}
        <button type="button" onClick={timeline.stepBack} disabled={length === 0 || index < 0}>
          ◀ <span className={styles.word}>Step back</span>
        </button>
        <button
          type="button"
          onClick={timeline.stepForward}
          disabled={length === 0 || index >= length - 1}
        >
          <span className={styles.word}>Step forward</span> ▶
        </button>
        <button
          type="button"
          aria-pressed={following}
          className={following ? styles.liveOn : undefined}
          onClick={following ? timeline.pause : timeline.goLive}
        >
          {following ? '● Live' : '▶ Go live'}
        </button>
        <span className={styles.speed}>
          <label htmlFor={speedId} className={styles.word}>
            Speed
          </label>
          <select
            id={speedId}
            value={String(speed)}
            onChange={(e) => timeline.setSpeed(Number(e.currentTarget.value) as Speed)}
          >
            {SPEEDS.map((s) => (
              <option key={s.value} value={String(s.value)}>
                {s.label}
              </option>
            ))}
          </select>
        </span>
      </div>
      <Scrubber timeline={timeline} />
    </fieldset>
  );
}

/** The time slider and readout: the only part that re-renders per animation frame while playing. */
function Scrubber({ timeline }: { timeline: Timeline }) {
  const { clock, length, index, event, following } = timeline;
  const snap = useSyncExternalStore(clock.subscribe, clock.getSnapshot, clock.getSnapshot);
  const first = clock.firstT();
  const end = Math.max(first, clock.endT());
  const t = following ? end : Math.max(first, snap.t);
  const position = readout(index, length, event);
  const mode = following ? 'LIVE' : snap.mode === 'playing' ? 'PLAYING' : 'PAUSED';
  const speedLabel = SPEEDS.find((s) => s.value === snap.speed)?.label ?? `${snap.speed}×`;
  const time = length === 0 ? '' : `${formatMs(Math.max(0, t - first))} since the first event`;
  const skipped = snap.skippedMs > 0 ? ` · skipped ${formatMs(snap.skippedMs)} idle` : '';

  /** Arrow keys step by diagram event, Page keys by ten events, Home / End to the ends. */
  const targetOf = (key: string): number | undefined => {
    if (key === 'ArrowLeft' || key === 'ArrowDown') return clock.stepTarget(-1);
    if (key === 'ArrowRight' || key === 'ArrowUp') return clock.stepTarget(1);
    if (key === 'PageUp') return index - 10;
    if (key === 'PageDown') return index + 10;
    if (key === 'Home') return -1;
    if (key === 'End') return length - 1;
    return undefined;
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    const target = targetOf(e.key);
    if (target === undefined) return;
    e.preventDefault();
    timeline.seek(target);
  };

  return (
    <div className={styles.slider}>
      <input
        type="range"
        aria-label="Timeline position"
        min={first}
        max={end}
        step="any"
        value={t}
        aria-valuetext={`${time}, ${position}`}
        onChange={(e) => timeline.seekTime(Number(e.currentTarget.value))}
        onKeyDown={onKeyDown}
        disabled={length === 0}
      />
      <output className={styles.readout} aria-live="off">
        <span className={styles.line}>
          <span className={styles.mode}>{mode}</span> · {speedLabel}
          {time ? ` · ${time}` : ''}
          {skipped}
        </span>
        <span className="visually-hidden"> · </span>
        <span className={styles.line} title={position}>
          {position}
        </span>
      </output>
    </div>
  );
}

function readout(index: number, length: number, event: WireEvent | undefined): string {
  if (length === 0) return 'no events yet';
  if (!event) return `start, before event 1 of ${length}`;
  return `event ${index + 1} of ${length}: ${eventLabel(event)}`;
}
