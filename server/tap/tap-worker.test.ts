import { describe, expect, it } from 'vitest';
import type { WireEvent } from '../../lib/mirror/types';
import { utf8Encode } from '../../lib/wire/bytes';
import type { TapRecord } from './messages';
import { handleBatch } from './tap-worker';

const request = utf8Encode('GET /lab/x/ws HTTP/1.1\r\nHost: a\r\n\r\n');
const response = utf8Encode('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n');

function batch(records: TapRecord[], chunks: Uint8Array[]) {
  const total = chunks.reduce((n, c) => n + c.length, 0);
  const buf = new ArrayBuffer(total);
  let offset = 0;
  for (const chunk of chunks) {
    new Uint8Array(buf).set(chunk, offset);
    offset += chunk.length;
  }
  return { records, buf };
}

describe('tap worker batch handling', () => {
  it('decodes byte records in order, per session, and passes edge events through', () => {
    const result = handleBatch(
      batch(
        [
          {
            k: 1,
            s: 's1',
            e: { kind: 'conn-open', t: 0, conn: 'c1', hop: 'browser-edge', dir: 'up' },
          },
          { k: 0, s: 's1', c: 'c1', h: 0, d: 0, t: 1, n: request.length, m: 1024 },
          { k: 0, s: 's2', c: 'c1', h: 1, d: 1, t: 2, n: response.length, m: 1024 },
        ],
        [request, response],
      ),
    );
    expect(result.done).toBe(request.length + response.length);
    const bySession = new Map(
      result.out.map(([s, events]) => [s, events.map((j) => JSON.parse(j) as WireEvent)]),
    );
    expect(bySession.get('s1')?.map((e) => e.kind)).toEqual(['conn-open', 'http-request']);
    const s2 = bySession.get('s2')?.[0];
    expect(s2).toMatchObject({
      kind: 'http-response',
      status: 404,
      hop: 'edge-node',
      dir: 'down',
      t: 2,
    });
  });

  it('keeps decoder state between batches until the connection is released', () => {
    const first = request.subarray(0, 10);
    const rest = request.subarray(10);
    const a = handleBatch(
      batch([{ k: 0, s: 's3', c: 'c1', h: 0, d: 0, t: 1, n: first.length, m: 1024 }], [first]),
    );
    expect(a.out).toEqual([]);
    const b = handleBatch(
      batch([{ k: 0, s: 's3', c: 'c1', h: 0, d: 0, t: 2, n: rest.length, m: 1024 }], [rest]),
    );
    expect(b.out[0]?.[1].map((j) => (JSON.parse(j) as WireEvent).kind)).toEqual(['http-request']);

    handleBatch(
      batch(
        [
          { k: 2, s: 's3', c: 'c1' },
          { k: 0, s: 's3', c: 'c1', h: 0, d: 0, t: 3, n: first.length, m: 1024 },
        ],
        [first],
      ),
    );
    // A fresh decoder got the first half again: nothing complete yet, so no event.
    const c = handleBatch(batch([{ k: 3, s: 's3' }], []));
    expect(c.out).toEqual([]);
  });
});
