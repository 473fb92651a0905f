import { afterEach, describe, expect, it } from 'vitest';
import { ConnectionDecoder } from '../../lib/mirror/connection-decoder';
import type { WireEvent } from '../../lib/mirror/types';
import { utf8Encode } from '../../lib/wire/bytes';
import type { TapTarget } from './engine';
import { WorkerEngine } from './worker-engine';

const request = utf8Encode('GET /lab/x/ws HTTP/1.1\r\nHost: a\r\n\r\n');

function target(): TapTarget & { got: WireEvent[]; next(): Promise<void> } {
  const got: WireEvent[] = [];
  let wake: (() => void) | null = null;
  return {
    id: 'session-1',
    maxPayload: 1024,
    now: () => 5,
    got,
    deliver(events) {
      for (const json of events) got.push(JSON.parse(json) as WireEvent);
      wake?.();
    },
    next: () =>
      new Promise<void>((resolve) => {
        wake = resolve;
      }),
  };
}

let engine: WorkerEngine | null = null;
afterEach(async () => {
  await engine?.close();
  engine = null;
});

describe('WorkerEngine', () => {
  it('decodes on the worker thread and delivers events in tap order', async () => {
    engine = new WorkerEngine({ fallbackDecoders: (o) => new ConnectionDecoder(o) });
    const t = target();
    const arrived = t.next();
    engine.event(t, { kind: 'conn-open', t: 1, conn: 'c1', hop: 'browser-edge', dir: 'up' });
    engine.bytes(t, 'c1', 'browser-edge', 'up', request, 2);
    await arrived;
    while (t.got.length < 2) await t.next();
    expect(t.got.map((e) => e.kind)).toEqual(['conn-open', 'http-request']);
    expect(engine.congested).toBe(false);
  });

  it('falls back to inline decoding, with a marker, when the worker dies', async () => {
    engine = new WorkerEngine({ fallbackDecoders: (o) => new ConnectionDecoder(o) });
    const t = target();
    const first = t.next();
    engine.event(t, {
      kind: 'marker',
      label: 'before',
      t: 1,
      conn: '-',
      hop: 'browser-edge',
      dir: 'up',
    });
    await first;
    await engine.worker.terminate();
    engine.bytes(t, 'c1', 'browser-edge', 'up', request, 2);
    expect(t.got.map((e) => (e.kind === 'marker' ? e.label : e.kind))).toEqual([
      'before',
      'tap restarted',
      'http-request',
    ]);
  });
});
