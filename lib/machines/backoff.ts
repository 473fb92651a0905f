/**
 * Exponential backoff with jitter and a cap: the reconnect schedule, computed before it runs.
 *
 * Attempt i (0-based) waits `base × factor^i` ms, randomized by ± `jitter × delay` (socket.io-client's
 * `randomizationFactor`, which draws one number for the size of the deviation and its sign), then
 * capped at `cap`. socket.io-client's own Backoff is the same shape with the factor fixed at 2
 * (`reconnectionDelay` = base, `reconnectionDelayMax` = cap, `randomizationFactor` = jitter,
 * `reconnectionAttempts` = retries); here the factor is a knob too, and the dice are seeded
 * (lib/scenario/prng), so one scenario link always gives the same schedule.
 */
import { type Random, streamRandom } from '../scenario/prng';

export interface BackoffSettings {
  /** First delay, ms. */
  base: number;
  /** Multiplier per attempt (≥ 1). */
  factor: number;
  /** Largest delay, ms. */
  cap: number;
  /** 0 … 1: each delay moves by up to ± this fraction of itself. */
  jitter: number;
  /** Attempts before giving up. */
  retries: number;
}

export interface PlannedAttempt {
  /** 1-based attempt number. */
  n: number;
  /** Wait before this attempt, ms (after jitter and cap). */
  delay: number;
  /** Wait without jitter (capped), ms: the centre of the jitter band. */
  nominal: number;
  /** Time of the attempt after the drop, ms (sum of the delays so far, ignoring attempt durations). */
  at: number;
}

/** The delay before attempt `i` (0-based) with a given random draw `r` in [0, 1). */
export function backoffDelay(s: BackoffSettings, i: number, r: number): number {
  let ms = s.base * s.factor ** i;
  if (s.jitter > 0) {
    const deviation = Math.floor(r * s.jitter * ms);
    // socket.io-client's coin: the tenth digit of the same draw picks the sign.
    ms = (Math.floor(r * 10) & 1) === 0 ? ms - deviation : ms + deviation;
  }
  return Math.max(0, Math.min(ms, s.cap) | 0);
}

/** The whole schedule for one outage, from a seeded stream (same seed, same schedule). */
export function backoffSchedule(s: BackoffSettings, random: Random): PlannedAttempt[] {
  const out: PlannedAttempt[] = [];
  let at = 0;
  for (let i = 0; i < s.retries; i += 1) {
    const delay = backoffDelay(s, i, random());
    at += delay;
    out.push({ n: i + 1, delay, nominal: Math.min(s.base * s.factor ** i, s.cap) | 0, at });
  }
  return out;
}

/** The schedule for the k-th outage (1-based) of a scenario seed. */
export function seededSchedule(s: BackoffSettings, seed: number, outage: number): PlannedAttempt[] {
  return backoffSchedule(s, streamRandom(seed, `backoff/${outage}`));
}
