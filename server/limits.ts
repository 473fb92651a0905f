/** Default per-session limits; every one is configurable through createWireLabServer({ limits }). */
import type { SessionLimits } from '../lib/mirror/protocol';

export const DEFAULT_LIMITS: SessionLimits = {
  // 50 simulated clients (the lab cap) plus the page's own, with room for polling's second socket each.
  maxConnections: 128,
  maxPayload: 1024 * 1024,
  maxEvents: 20_000,
  maxLifetimeMs: 2 * 60 * 60 * 1000,
  // Enough for every lesson many times over; a flood past it is thinned (counted, not carried), so
  // one learner's flood costs the server and the page a bounded amount.
  mirrorBytesPerSecond: 4 * 1024 * 1024,
  mirrorFramesPerSecond: 5_000,
};

/** How long a session outlives its mirror socket (a reload reconnects within this window). */
export const DEFAULT_GRACE_MS = 5_000;

export function resolveLimits(partial: Partial<SessionLimits> | undefined): SessionLimits {
  const limits = { ...DEFAULT_LIMITS, ...partial };
  for (const [key, value] of Object.entries(limits)) {
    if (!Number.isFinite(value) || value <= 0) {
      throw new RangeError(`session limit ${key} must be a positive number, got ${value}`);
    }
  }
  return limits;
}
