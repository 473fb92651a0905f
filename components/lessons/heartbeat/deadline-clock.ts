/**
 * Who says a heartbeat deadline passed. The charts fold the log up to "now"; while the page follows
 * the live log, now is the last event's time plus the time since it arrived, read off the page's own
 * clock. A deadline that falls after the last event on the wire has passed only by that clock (the
 * next batch of events may still hold the packet that beat it), so the page must say so. Pure.
 */
import type { FoldTransition } from '@/lib/machines/fold';

export type DeadlineWitness = 'wire' | 'page-clock';

/**
 * For a transition fired by a deadline: 'wire' when the log already holds an event at or after its
 * due time (nothing arrived in time), 'page-clock' when only the page's clock has reached it.
 * Undefined for transitions caused by an event on the wire.
 */
export function deadlineWitness(
  tr: Pick<FoldTransition, 'delayed' | 't'>,
  lastWireT: number | undefined,
): DeadlineWitness | undefined {
  if (!tr.delayed) return undefined;
  return lastWireT !== undefined && lastWireT >= tr.t ? 'wire' : 'page-clock';
}

/** The deadline behind the current state passed by the page's clock only. */
export function overdueByPageClock(
  transitions: readonly Pick<FoldTransition, 'delayed' | 't'>[],
  lastWireT: number | undefined,
): boolean {
  const last = transitions.at(-1);
  return last !== undefined && deadlineWitness(last, lastWireT) === 'page-clock';
}
