/**
 * The tap worker: decodes tapped bytes with lib/mirror's ConnectionDecoder and serializes the events,
 * off the proxying thread. Started by worker-engine.ts (through a tsx-registering bootstrap).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ConnectionDecoder } from '../../lib/mirror/connection-decoder';
import type { Dir, Hop } from '../../lib/mirror/types';
import { DecoderTable, decodeSafely } from './engine';
import type { TapBatch, TapResult } from './messages';

const HOPS: readonly Hop[] = ['browser-edge', 'edge-node'];
const DIRS: readonly Dir[] = ['up', 'down'];

const decoders = new DecoderTable((opts) => new ConnectionDecoder(opts));

export function handleBatch(batch: TapBatch): TapResult {
  const bytes = new Uint8Array(batch.buf);
  let offset = 0;
  const out = new Map<string, string[]>();
  const emit = (session: string, json: string) => {
    let list = out.get(session);
    if (list === undefined) {
      list = [];
      out.set(session, list);
    }
    list.push(json);
  };
  for (const record of batch.records) {
    switch (record.k) {
      case 0: {
        // A copy, so a decoder holding a partial frame does not pin the whole batch buffer.
        const chunk = bytes.slice(offset, offset + record.n);
        offset += record.n;
        const hop = HOPS[record.h] as Hop;
        const dir = DIRS[record.d] as Dir;
        const decoder = decoders.get(record.s, record.c, hop, record.m);
        for (const event of decodeSafely(decoder, record.c, hop, dir, chunk, record.t)) {
          emit(record.s, JSON.stringify(event));
        }
        break;
      }
      case 1:
        emit(record.s, JSON.stringify(record.e));
        break;
      case 2:
        decoders.releaseConn(record.s, record.c);
        break;
      case 3:
        decoders.releaseSession(record.s);
        break;
    }
  }
  return { done: bytes.length, out: [...out] };
}

// Only inside the tap worker (test runners load modules in worker threads of their own).
const port =
  (workerData as { wireLabTap?: boolean } | null)?.wireLabTap === true ? parentPort : null;
port?.on('message', (batch: TapBatch) => {
  port.postMessage(handleBatch(batch));
});
