/**
 * One row of the engineio-upgrade lesson's side-by-side table: what a run was started with (the
 * transport and whether the proxy blocked the upgrade) and what its capture shows (round trips to
 * the first message, the transport it ended on, messages delivered over each transport).
 */
import { engineIoSessionsOf } from '@/lib/machines/engineio-mapper';
import { engineIoTransportMachine } from '@/lib/machines/engineio-transport';
import { foldEvents, stateValueToString } from '@/lib/machines/fold';
import { countRoundTripsToFirstMessage } from '@/lib/machines/round-trips';
import type { WireEvent } from '@/lib/mirror/types';
import type { Transport } from '@/lib/scenario/schema';
import { appMessagesOf, eioPacketsOf, eventsOfRun, type RunRange } from './eio-observations';

export interface RunConfig {
  transport: Transport;
  /** "Strip Upgrade header" was on when the run started. */
  strip: boolean;
  loss: number;
}

export interface RunSummary {
  roundTrips: number;
  /** The first Socket.IO event reached the browser. */
  firstMessage: boolean;
  /** 'polling', 'websocket', 'probing', 'closed', … (the Engine.IO statechart's state). */
  state: string;
  probeFailed: number;
  /** Application messages (EVENT / ACK) that reached the browser over each transport. */
  deliveredOverPolling: number;
  deliveredOverWebSocket: number;
}

export function summarizeRun(events: readonly WireEvent[], run: RunRange | undefined): RunSummary {
  const runEvents = eventsOfRun(events, run);
  const rt = countRoundTripsToFirstMessage(runEvents);
  const session = engineIoSessionsOf(runEvents, 'browser-edge')[0];
  const fold = foldEvents(engineIoTransportMachine, session?.events ?? []);
  const value = stateValueToString(fold.snapshot.value);
  const delivered = appMessagesOf(eioPacketsOf(runEvents)).filter((s) => s.dir === 'down');
  return {
    roundTrips: rt.roundTrips,
    firstMessage: rt.firstMessageSeq !== undefined,
    state: session ? value.replace(/^session\./, '') : 'no session',
    probeFailed: fold.snapshot.context.probeFailed,
    deliveredOverPolling: delivered.filter((s) => s.transport === 'polling').length,
    deliveredOverWebSocket: delivered.filter((s) => s.transport === 'websocket').length,
  };
}
