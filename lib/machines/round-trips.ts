/**
 * Round trips before the first application message, counted from the browser-edge hop.
 *
 * Definition (what the engineio-upgrade lesson shows, step by step):
 * - A round trip is an exchange in which the browser sent something and the answer came back:
 *   1. an HTTP request answered by a response (polling handshake GET, POSTs, GETs, and the
 *      WebSocket upgrade GET answered by 101 — it is one HTTP exchange too), counted when the
 *      response head arrives;
 *   2. over an Engine.IO WebSocket: the probe `2probe` answered by `3probe`;
 *   3. over an Engine.IO WebSocket: a Socket.IO CONNECT sent by the client (`40`, `40/admin,`)
 *      answered by the server's CONNECT or CONNECT_ERROR for that namespace. Over polling, CONNECT
 *      rides on a POST and a GET that are already counted as HTTP exchanges, so it is not counted
 *      again.
 * - Only Engine.IO traffic counts: requests whose target carries `EIO=`, and frames on the WebSocket
 *   connections such requests opened. TCP connection setup is not counted (loopback, no TLS here).
 * - Exchanges are collected in the order they complete, up to the arrival at the browser of the
 *   first Socket.IO EVENT or BINARY_EVENT packet (inside an Engine.IO message, 'down' on
 *   browser-edge).
 * - Exchanges that overlap (a long-poll GET and a POST on another connection, or the probe
 *   WebSocket opening while a poll is held) are one round trip, not two: the count is the longest
 *   chain of exchanges each of which started after the previous one had completed (in wire order),
 *   i.e. how many times in a row the client waited a full round trip. Every exchange is listed with
 *   the round trip it belongs to, the earliest one that can precede it.
 * - The exchange whose response carries the first message counts (the client had to ask for it); a
 *   message pushed on an open WebSocket adds nothing.
 */
import { parseEioTarget } from '@/lib/mirror/select-eio';
import type { EioPacketInfo, WireEvent } from '@/lib/mirror/types';

export interface RoundTripStep {
  /** Seq of the event that completed the exchange. */
  seq: number;
  /** Seq of the event that started it (the request, or the frame the client sent). */
  startSeq: number;
  /**
   * Which round trip (1-based) it is: 1 + the deepest exchange that completed before it started.
   * Exchanges that overlapped share a number.
   */
  round: number;
  label: string;
}

export interface RoundTripCount {
  roundTrips: number;
  /** Seq of the event that delivered the first Socket.IO EVENT to the browser, if any did. */
  firstMessageSeq?: number;
  steps: RoundTripStep[];
}

function isAppMessage(packet: EioPacketInfo | undefined): boolean {
  const type = packet?.sio?.type;
  return packet?.type === 'message' && (type === 'EVENT' || type === 'BINARY_EVENT');
}

function shorten(text: string, max = 48): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function describeRequest(method: string, target: string): string {
  const q = parseEioTarget(target);
  if (q.transport === 'websocket') {
    return q.sid === undefined ? 'WebSocket handshake GET' : 'WebSocket upgrade GET (probe)';
  }
  return `${method} polling${q.sid === undefined ? ' handshake' : ''}`;
}

export function countRoundTripsToFirstMessage(events: readonly WireEvent[]): RoundTripCount {
  const steps: RoundTripStep[] = [];
  /** Pending Engine.IO HTTP request per connection: its description and seq. */
  const pending = new Map<string, { label: string; seq: number }>();
  /** Connections opened by an Engine.IO WebSocket request. */
  const eioSockets = new Set<string>();
  /**
   * Per WebSocket connection: what the client is waiting for ('probe' or a CONNECT namespace), with
   * the seq of the frame that asked.
   */
  const awaiting = new Map<string, Map<string, number>>();
  const push = (startSeq: number, seq: number, label: string) => {
    let round = 1;
    for (const s of steps) if (s.seq < startSeq) round = Math.max(round, s.round + 1);
    steps.push({ seq, startSeq, round, label });
  };
  const result = (firstMessageSeq?: number): RoundTripCount => ({
    roundTrips: steps.reduce((max, s) => Math.max(max, s.round), 0),
    ...(firstMessageSeq === undefined ? {} : { firstMessageSeq }),
    steps,
  });
  /** Index in `steps` of the exchange answered on a connection, to describe its body later. */
  const lastStepOnConn = new Map<string, number>();

  for (const e of events) {
    if (e.hop !== 'browser-edge') continue;
    switch (e.kind) {
      case 'http-request': {
        const q = parseEioTarget(e.target);
        if (q.eio === undefined) break;
        pending.set(e.conn, { label: describeRequest(e.method, e.target), seq: e.seq });
        if (q.transport === 'websocket') eioSockets.add(e.conn);
        break;
      }
      case 'http-response': {
        const request = pending.get(e.conn);
        if (request === undefined) break;
        pending.delete(e.conn);
        push(request.seq, e.seq, `${request.label} → ${e.status} ${e.reason}`);
        lastStepOnConn.set(e.conn, steps.length - 1);
        break;
      }
      case 'http-body': {
        if (e.dir !== 'down' || !e.final || e.eio === undefined) break;
        const index = lastStepOnConn.get(e.conn);
        const step = index === undefined ? undefined : steps[index];
        if (step !== undefined) {
          const packets = e.eio.map((p) => p.encoded ?? p.type).join(' ');
          step.label = `${step.label}: ${shorten(packets)}`;
          lastStepOnConn.delete(e.conn);
        }
        if (e.eio.some(isAppMessage)) return result(e.seq);
        break;
      }
      case 'ws-frame': {
        if (!eioSockets.has(e.conn)) break;
        const packet = e.message?.eio;
        if (packet === undefined) break;
        const waits = awaiting.get(e.conn) ?? new Map<string, number>();
        awaiting.set(e.conn, waits);
        const sio = packet.sio;
        if (e.dir === 'up') {
          if (packet.type === 'ping' && packet.data === 'probe') waits.set('probe', e.seq);
          if (sio?.type === 'CONNECT') waits.set(`connect:${sio.nsp}`, e.seq);
          break;
        }
        const probe = waits.get('probe');
        if (packet.type === 'pong' && packet.data === 'probe' && probe !== undefined) {
          waits.delete('probe');
          push(probe, e.seq, 'probe: 2probe → 3probe');
        }
        if (sio !== undefined && (sio.type === 'CONNECT' || sio.type === 'CONNECT_ERROR')) {
          const asked = waits.get(`connect:${sio.nsp}`);
          if (asked !== undefined) {
            waits.delete(`connect:${sio.nsp}`);
            const answer = shorten(packet.encoded ?? `4${sio.encoded}`, 32);
            push(asked, e.seq, `Socket.IO CONNECT over WebSocket: 40 → ${answer}`);
          }
        }
        if (isAppMessage(packet)) return result(e.seq);
        break;
      }
      default:
        break;
    }
  }
  return result();
}
