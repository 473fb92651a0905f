/**
 * Where a session's tapped bytes go (TapSink): raw records onto its mirror channel, with the
 * session's own back-pressure. Its sockets wait while its page is behind (the mirror's backlog) or
 * while it floods the edge with more frames than it follows for one session (the budget's flood
 * guard): either way only this session slows, and its page is told why.
 */
import type { EdgeEvent } from '../lib/capture/records';
import { groupThousands } from '../lib/format/grouped';
import type { ServerMessage, SessionLimits } from '../lib/mirror/protocol';
import type { Dir, Hop } from '../lib/mirror/types';
import { MirrorBudget } from './edge/mirror-budget';
import type { TapSink } from './edge/tap';
import { liveAdd, liveRemove } from './live-resources';
import type { MirrorChannel } from './mirror-channel';
import type { SessionObserver } from './session-observer';

export interface SessionSinkDeps {
  now(): number;
  ended(): boolean;
  emit(event: EdgeEvent, affected?: Uint8Array): void;
  send(message: ServerMessage): void;
  mirror: MirrorChannel;
  limits: SessionLimits;
  observer?: SessionObserver;
}

/** The sink, and what ends it with its session: pending flood waits are cleared and their sockets released. */
export type SessionSink = TapSink & { close(): void };

export function sessionSink(d: SessionSinkDeps): SessionSink {
  const { mirror } = d;
  const budget = new MirrorBudget(
    {
      bytesPerSecond: d.limits.mirrorBytesPerSecond,
      framesPerSecond: d.limits.mirrorFramesPerSecond,
    },
    () => d.now(),
  );
  let told = false;
  const flooding = (): boolean => {
    if (!budget.flooding) return false;
    if (!told) {
      told = true;
      d.send({
        type: 'limit',
        what: 'rate',
        message: `this session sends more than ${groupThousands(budget.floodFramesPerSecond)} WebSocket frames/s: the edge now reads its connections only that fast (other learners are not slowed)`,
      });
    }
    return true;
  };
  const waits = new Map<NodeJS.Timeout, () => void>();
  const whenCalm = (callback: () => void): void => {
    const wait = d.ended() ? 0 : budget.floodWaitMs();
    if (wait <= 0) {
      mirror.onDrain(callback);
      return;
    }
    liveAdd('mirrorWaits');
    const timer = setTimeout(() => {
      waits.delete(timer);
      liveRemove('mirrorWaits');
      whenCalm(callback);
    }, wait);
    waits.set(timer, callback);
  };
  return {
    now: () => d.now(),
    emit: (event, affected) => d.emit(event, affected),
    bytes: (conn: string, hop: Hop, dir: Dir, chunk: Uint8Array, t: number) => {
      if (d.ended()) return;
      mirror.push({ kind: 'bytes', t, conn, hop, dir, data: chunk });
      d.observer?.bytesTapped(hop, dir, chunk.byteLength);
    },
    elided: (conn, hop, dir, length, frames, t) => {
      if (d.ended()) return;
      mirror.push({ kind: 'elided', t, conn, hop, dir, length, frames });
    },
    budget,
    releaseConn: () => {},
    get congested() {
      return mirror.congested || flooding();
    },
    onDrain: whenCalm,
    close: () => {
      for (const [timer, callback] of waits) {
        clearTimeout(timer);
        liveRemove('mirrorWaits');
        callback();
      }
      waits.clear();
    },
  };
}
