/**
 * Protocol-level heartbeat for the raw ws endpoint (heartbeat lesson), modelled on Engine.IO's:
 * when `wsPing` is on, the server sends a ping frame (opcode 0x9) `pingInterval` ms after the
 * connection opened or after the last pong, and expects the pong (0xA) within `pingTimeout`.
 * Browsers answer pings by themselves; JavaScript never sees them.
 *
 * No pong in time → the server sends close 1001 with reason "pong timeout" (the server is going
 * away from this connection) and destroys the TCP connection 1 s later if the peer has not answered
 * the close by then (through a blackhole it never does). Reconfiguring restarts every open
 * connection's cycle with the new values; turning wsPing off stops it.
 */
import type { WebSocket } from 'ws';
import type { LabConfig } from './lab-config';
import type { TimerSet } from './timer-set';

export const PONG_TIMEOUT_CLOSE = { code: 1001, reason: 'pong timeout' } as const;
/** How long a connection that missed its pong gets to answer our close before we destroy it. */
export const CLOSE_GRACE_MS = 1_000;

interface Beat {
  next: NodeJS.Timeout | null;
  deadline: NodeJS.Timeout | null;
  expired: boolean;
}

export class WsHeartbeat {
  private readonly beats = new Map<WebSocket, Beat>();

  constructor(
    private readonly timers: TimerSet,
    private readonly config: () => LabConfig,
  ) {}

  add(ws: WebSocket): void {
    const beat: Beat = { next: null, deadline: null, expired: false };
    this.beats.set(ws, beat);
    ws.on('pong', () => {
      if (beat.expired) return;
      this.timers.clear(beat.deadline);
      beat.deadline = null;
      this.schedule(ws, beat);
    });
    ws.on('close', () => {
      this.stop(beat);
      this.beats.delete(ws);
    });
    this.schedule(ws, beat);
  }

  /** Applies the current config to every open connection (restarts their cycles). */
  reconfigure(): void {
    for (const [ws, beat] of this.beats) {
      if (beat.expired) continue;
      this.stop(beat);
      this.schedule(ws, beat);
    }
  }

  close(): void {
    for (const beat of this.beats.values()) this.stop(beat);
    this.beats.clear();
  }

  get size(): number {
    return this.beats.size;
  }

  private schedule(ws: WebSocket, beat: Beat): void {
    this.timers.clear(beat.next);
    beat.next = null;
    const { wsPing, pingInterval, pingTimeout } = this.config();
    if (!wsPing) return;
    beat.next = this.timers.timeout(() => {
      beat.next = null;
      if (ws.readyState !== ws.OPEN) return;
      ws.ping();
      beat.deadline = this.timers.timeout(() => this.expire(ws, beat), pingTimeout);
    }, pingInterval);
  }

  private expire(ws: WebSocket, beat: Beat): void {
    beat.deadline = null;
    beat.expired = true;
    if (ws.readyState === ws.OPEN) ws.close(PONG_TIMEOUT_CLOSE.code, PONG_TIMEOUT_CLOSE.reason);
    beat.next = this.timers.timeout(() => {
      beat.next = null;
      ws.terminate();
    }, CLOSE_GRACE_MS);
  }

  private stop(beat: Beat): void {
    this.timers.clear(beat.next);
    this.timers.clear(beat.deadline);
    beat.next = null;
    beat.deadline = null;
  }
}
