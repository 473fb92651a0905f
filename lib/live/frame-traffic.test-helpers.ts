/**
 * For the frame list's tests: captures with every kind of frame-like event, scripted or random.
 */
import fc from 'fast-check';
import { EIO_SID, eioTarget, WireScript, WS_PATH } from '@/lib/machines/test-fixtures';
import type { WireEvent } from '@/lib/mirror/types';

/** One scripted step of traffic on connection `conn`. */
export type TrafficOp =
  | { op: 'ws'; conn: number }
  | { op: 'text'; conn: number; up: boolean; text: string }
  | { op: 'binary'; conn: number; up: boolean; size: number }
  | { op: 'ping'; conn: number }
  | { op: 'eio-ping'; conn: number }
  | { op: 'eio-message'; conn: number; text: string }
  | { op: 'poll'; conn: number; packets: string[] }
  | { op: 'close'; conn: number }
  | { op: 'error'; conn: number }
  | { op: 'drop'; conn: number }
  | { op: 'marker' }
  | { op: 'tcp'; conn: number };

class Script extends WireScript {
  marker(): this {
    this.emit({ kind: 'marker', conn: '-', dir: 'down', label: 'run started' });
    return this;
  }

  drop(conn: string): this {
    this.emit({
      kind: 'fault',
      conn,
      dir: 'up',
      fault: 'drop',
      detail: 'frame dropped',
      bytes: 12,
    });
    return this;
  }
}

export function trafficOf(ops: readonly TrafficOp[], bothHops = true): WireEvent[] {
  const s = new Script({ bothHops });
  for (const o of ops) {
    s.wait(1);
    if (o.op === 'marker') {
      s.marker();
      continue;
    }
    const conn = `c${o.conn}`;
    switch (o.op) {
      case 'ws':
        s.connOpen(conn, WS_PATH);
        s.wsAccept(conn, s.wsUpgradeRequest(conn, WS_PATH));
        break;
      case 'text':
        s.wsText(conn, o.up ? 'up' : 'down', o.text);
        break;
      case 'binary':
        s.wsBinary(conn, o.up ? 'up' : 'down', new Uint8Array(o.size));
        break;
      case 'ping':
        s.wsPing(conn, 'down').wsPong(conn, 'up');
        break;
      case 'eio-ping':
        s.wsText(conn, 'down', '2', true).wsText(conn, 'up', '3', true);
        break;
      case 'eio-message':
        s.wsText(conn, 'down', `42${JSON.stringify(['chat', o.text])}`, true);
        break;
      case 'poll':
        s.pollGet(conn, eioTarget('polling', EIO_SID), o.packets);
        break;
      case 'close':
        s.wsClose(conn, 'up', 1000, 'done').wsClose(conn, 'down', 1000, 'done');
        break;
      case 'error':
        s.protocolError(conn, 'down', 'RSV2 set without a negotiated extension');
        break;
      case 'drop':
        s.drop(conn);
        break;
      case 'tcp':
        s.connClose(conn, 'end', 'server');
        break;
    }
  }
  return s.events;
}

const conn = fc.integer({ min: 1, max: 3 });
const word = fc.constantFrom('hello', 'chat', 'x'.repeat(120), 'Ping me', '');

export const trafficOp: fc.Arbitrary<TrafficOp> = fc.oneof(
  fc.record({ op: fc.constant('ws' as const), conn }),
  fc.record({ op: fc.constant('text' as const), conn, up: fc.boolean(), text: word }),
  fc.record({
    op: fc.constant('binary' as const),
    conn,
    up: fc.boolean(),
    size: fc.integer({ min: 0, max: 300 }),
  }),
  fc.record({ op: fc.constant('ping' as const), conn }),
  fc.record({ op: fc.constant('eio-ping' as const), conn }),
  fc.record({ op: fc.constant('eio-message' as const), conn, text: word }),
  fc.record({
    op: fc.constant('poll' as const),
    conn,
    packets: fc.array(fc.constantFrom('2', '3', '42["m","hello"]', '6'), {
      minLength: 1,
      maxLength: 3,
    }),
  }),
  fc.record({ op: fc.constant('close' as const), conn }),
  fc.record({ op: fc.constant('error' as const), conn }),
  fc.record({ op: fc.constant('drop' as const), conn }),
  fc.record({ op: fc.constant('marker' as const) }),
  fc.record({ op: fc.constant('tcp' as const), conn }),
);

/** A capture of every kind, in a fixed order (two connections, both hops). */
export function sampleTraffic(): WireEvent[] {
  const ops: TrafficOp[] = [{ op: 'ws', conn: 1 }, { op: 'marker' }, { op: 'ws', conn: 2 }];
  for (let i = 0; i < 6; i++) {
    ops.push({ op: 'text', conn: 1 + (i % 2), up: i % 3 === 0, text: `message ${i}` });
    if (i % 2 === 0) ops.push({ op: 'ping', conn: 1 }, { op: 'eio-ping', conn: 2 });
  }
  ops.push(
    { op: 'eio-message', conn: 2, text: `a needle deep in a long text${'.'.repeat(60)}` },
    { op: 'binary', conn: 1, up: true, size: 300 },
    { op: 'poll', conn: 3, packets: ['2'] },
    { op: 'poll', conn: 3, packets: ['42["m","hello"]', '2'] },
    { op: 'error', conn: 1 },
    { op: 'drop', conn: 2 },
    { op: 'close', conn: 1 },
    { op: 'tcp', conn: 1 },
  );
  return trafficOf(ops);
}
