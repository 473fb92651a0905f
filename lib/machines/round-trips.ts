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
 * - Exchanges are counted in the order they complete, up to the arrival at the browser of the first
 *   Socket.IO EVENT or BINARY_EVENT packet (inside an Engine.IO message, 'down' on browser-edge).
 *   Exchanges that run in parallel (a long-poll GET and a POST) each count: this is a count of
 *   exchanges the client waited on, not a latency.
 * - The exchange whose response carries the first message counts (the client had to ask for it); a
 *   message pushed on an open WebSocket adds nothing.
 */
import { parseEioTarget } from '@/lib/mirror/select-eio';
import type { EioPacketInfo, WireEvent } from '@/lib/mirror/types';

export interface RoundTripStep {
  /** Seq of the event that completed the exchange. */
  seq: number;
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
  /** Pending Engine.IO HTTP request per connection. */
  const pending = new Map<string, string>();
  /** Connections opened by an Engine.IO WebSocket request. */
  const eioSockets = new Set<string>();
  /** Per WebSocket connection: what the client is waiting for ('probe' or a CONNECT namespace). */
  const awaiting = new Map<string, Set<string>>();
  /** Index in `steps` of the exchange answered on a connection, to describe its body later. */
  const lastStepOnConn = new Map<string, number>();

  for (const e of events) {
    if (e.hop !== 'browser-edge') continue;
    switch (e.kind) {
      case 'http-request': {
        const q = parseEioTarget(e.target);
        if (q.eio === undefined) break;
        pending.set(e.conn, describeRequest(e.method, e.target));
        if (q.transport === 'websocket') eioSockets.add(e.conn);
        break;
      }
      case 'http-response': {
        const request = pending.get(e.conn);
        if (request === undefined) break;
        pending.delete(e.conn);
        steps.push({ seq: e.seq, label: `${request} → ${e.status} ${e.reason}` });
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
        if (e.eio.some(isAppMessage)) {
          return { roundTrips: steps.length, firstMessageSeq: e.seq, steps };
        }
        break;
      }
      case 'ws-frame': {
        if (!eioSockets.has(e.conn)) break;
        const packet = e.message?.eio;
        if (packet === undefined) break;
        const waits = awaiting.get(e.conn) ?? new Set<string>();
        awaiting.set(e.conn, waits);
        const sio = packet.sio;
        if (e.dir === 'up') {
          if (packet.type === 'ping' && packet.data === 'probe') waits.add('probe');
          if (sio?.type === 'CONNECT') waits.add(`connect:${sio.nsp}`);
          break;
        }
        if (packet.type === 'pong' && packet.data === 'probe' && waits.delete('probe')) {
          steps.push({ seq: e.seq, label: 'probe: 2probe → 3probe' });
        }
        if (sio !== undefined && (sio.type === 'CONNECT' || sio.type === 'CONNECT_ERROR')) {
          if (waits.delete(`connect:${sio.nsp}`)) {
            const answer = shorten(packet.encoded ?? `4${sio.encoded}`, 32);
            steps.push({ seq: e.seq, label: `Socket.IO CONNECT over WebSocket: 40 → ${answer}` });
          }
        }
        if (isAppMessage(packet))
          return { roundTrips: steps.length, firstMessageSeq: e.seq, steps };
        break;
      }
      default:
        break;
    }
  }
  return { roundTrips: steps.length, steps };
}
