/**
 * Test support: records → WireEvents with one ConnectionDecoder per connection and hop, the way
 * lib/mirror/record-decoder.ts does for the page (use that one once it lands). Elided bytes are
 * skipped; a conn-close ends both directions of its hop first.
 */
import { ConnectionDecoder } from '@/lib/mirror/connection-decoder';
import type { UnstampedEvent, WireEvent } from '@/lib/mirror/types';
import { toBase64 } from '@/lib/wire/bytes';
import type { TapRecord } from './records';

export function decodeRecords(records: Iterable<TapRecord>, maxPayload?: number): WireEvent[] {
  const decoders = new Map<string, ConnectionDecoder>();
  const out: WireEvent[] = [];
  const add = (events: UnstampedEvent[]) => {
    for (const e of events) out.push({ ...e, seq: out.length + 1 } as WireEvent);
  };
  const decoder = (conn: string, hop: 'browser-edge' | 'edge-node') => {
    const key = `${conn} ${hop}`;
    let d = decoders.get(key);
    if (!d) {
      d = new ConnectionDecoder({ conn, hop, ...(maxPayload ? { maxPayload } : {}) });
      decoders.set(key, d);
    }
    return d;
  };
  for (const r of records) {
    if (r.kind === 'bytes') add(decoder(r.conn, r.hop).push(r.dir, r.data, r.t));
    else if (r.kind === 'event') {
      const e = r.event;
      if (e.kind === 'conn-close') {
        const d = decoders.get(`${e.conn} ${e.hop}`);
        if (d) add([...d.end('up', e.t), ...d.end('down', e.t)]);
        decoders.delete(`${e.conn} ${e.hop}`);
      }
      add([r.affected && e.kind === 'fault' ? { ...e, affected: toBase64(r.affected) } : e]);
    }
  }
  return out;
}
