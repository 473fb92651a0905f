/**
 * The four-transport comparison of lesson 7, from the log: bytes per message (headers included),
 * requests, messages and latency per transport (transport-metrics.ts), with the latency taken from
 * each message's `at` stamp (the lab server's `Date.now()` when it published the message) to its
 * arrival on the browser ↔ edge hop. That includes the time a message waited in the server for the
 * next poll, which is what separates the transports.
 *
 * `at` is wall-clock time and the tap's `t` is ms since the session started, so the two clocks need
 * an offset: the session's start on the wall clock. It is estimated from the edge ↔ node hop, where a
 * message leaves the node no earlier than it was published: start ≥ at − t for every message seen
 * there, and the largest such value is the estimate (tight as soon as one message went out at once,
 * as the WebSocket feed and SSE do). Same process, same machine: one clock source.
 *
 * With that estimate no message seen leaving the node can arrive before it was published, so a
 * latency below 0 means the offset is wrong (a message the node hop never showed, or a wall clock
 * that stepped): the row keeps the negative figures and carries a clock-offset warning instead of
 * showing them as 0.
 *
 * SSE framing per message is counted from the bytes: the event fields (`id: `, `data: `, line ends,
 * the blank line, keep-alive comments) are the decoded body less the events' data, and chunked
 * transfer-encoding (chunk-size line, CRLFs, last chunk) is the wire body less the decoded body.
 */

import {
  type TransportMetrics,
  TransportMetricsTracker,
  TransportTally,
} from '@/lib/machines/transport-metrics';
import type { LabTransport } from '@/lib/mirror/select-transport';
import type { WireEvent } from '@/lib/mirror/types';

export const COMPARED: readonly LabTransport[] = ['short-poll', 'long-poll', 'sse', 'ws'];

export interface ComparisonRow {
  transport: LabTransport;
  messages: number;
  requests: number;
  totalBytes: number;
  bytesPerMessage: number;
  p50: number;
  p99: number;
  /** The lowest latency (ms) when it is below 0: the clock offset is wrong. */
  negativeLatency?: number;
  /** Per delivered message: chunk-size lines and CRLFs of chunked bodies (NaN without messages). */
  chunkFramingPerMessage: number;
  /** SSE only, per event: decoded stream bytes that are not event data (NaN otherwise). */
  sseFieldsPerMessage: number;
}

export class ComparisonTracker {
  private readonly browser = new TransportMetricsTracker({
    hop: 'browser-edge',
    latency: 'at',
    atClock: { kind: 'session' },
  });
  private readonly node = new TransportTally('edge-node');
  private scanned = 0;
  /** The session start on the wall clock (ms), once a message was seen leaving the node. */
  startEpochMs: number | undefined;

  push(events: readonly WireEvent[]): void {
    this.browser.push(events);
    for (const e of events) this.node.push(e);
    const list = this.node.messages;
    for (; this.scanned < list.length; this.scanned++) {
      const m = list[this.scanned];
      if (m?.at === undefined) continue;
      const start = m.at - m.t;
      if (this.startEpochMs === undefined || start > this.startEpochMs) this.startEpochMs = start;
    }
  }

  rows(): ComparisonRow[] {
    const metrics = new Map<LabTransport, TransportMetrics>(
      this.browser.metrics().map((m) => [m.transport, m]),
    );
    const start = this.startEpochMs;
    return COMPARED.map((transport) => {
      const m = metrics.get(transport);
      // Raw latencies are t − at (session ms − wall ms): adding the start shifts every one alike.
      const shift = (v: number | undefined) =>
        v === undefined || start === undefined ? Number.NaN : v + start;
      const lowest = m?.latencies.reduce<number | undefined>(
        (low, v) => (low === undefined || v < low ? v : low),
        undefined,
      );
      const lowestShifted = shift(lowest);
      const perMessage = (v: number) =>
        m === undefined || m.messages === 0 ? Number.NaN : v / m.messages;
      const decodedSse = m === undefined ? 0 : m.bodyBytes - m.chunkFramingBytes;
      return {
        transport,
        messages: m?.messages ?? 0,
        requests: m?.requests ?? 0,
        totalBytes: m?.totalBytes ?? 0,
        bytesPerMessage: m?.bytesPerMessage ?? Number.NaN,
        p50: shift(m?.latency?.p50),
        p99: shift(m?.latency?.p99),
        ...(lowestShifted < 0 ? { negativeLatency: lowestShifted } : {}),
        chunkFramingPerMessage: perMessage(m?.chunkFramingBytes ?? 0),
        sseFieldsPerMessage:
          transport === 'sse' ? perMessage(decodedSse - (m?.sseDataBytes ?? 0)) : Number.NaN,
      };
    });
  }
}
