import { describe, expect, it } from 'vitest';
import type { UnstampedEvent } from '../../lib/mirror/types';
import { MirrorBudget } from './mirror-budget';
import { ConnTap, type TapSink } from './tap';

function sink(congested = false) {
  const events: UnstampedEvent[] = [];
  const bytes: string[] = [];
  const released: string[] = [];
  const s: TapSink = {
    now: () => 42,
    emit: (e) => events.push(e),
    bytes: (conn, hop, dir, chunk) => bytes.push(`${conn} ${hop} ${dir} ${chunk.length}`),
    elided: (conn, hop, dir, length, frames) =>
      bytes.push(`${conn} ${hop} ${dir} elided ${length} B ${frames} frames`),
    budget: new MirrorBudget({ bytesPerSecond: 1e9, framesPerSecond: 1e9 }, () => 42),
    releaseConn: (conn) => released.push(conn),
    congested,
    onDrain: () => {},
  };
  return { s, events, bytes, released };
}

describe('ConnTap', () => {
  it('stamps conn-open and conn-close with the connection id, hop and session time', () => {
    const { s, events } = sink();
    const tap = new ConnTap('c7', s);
    tap.open('browser-edge', { path: '/lab/x/ws', peer: '127.0.0.1:5' });
    tap.close('browser-edge', 'end', 'server');
    expect(events).toEqual([
      {
        kind: 'conn-open',
        t: 42,
        conn: 'c7',
        hop: 'browser-edge',
        dir: 'up',
        path: '/lab/x/ws',
        peer: '127.0.0.1:5',
      },
      {
        kind: 'conn-close',
        t: 42,
        conn: 'c7',
        hop: 'browser-edge',
        dir: 'down',
        how: 'end',
        by: 'server',
      },
    ]);
  });

  it('releases the connection once every opened hop has closed', () => {
    const { s, released } = sink();
    const tap = new ConnTap('c1', s);
    tap.open('browser-edge');
    tap.open('edge-node');
    tap.close('browser-edge', 'end', 'client');
    expect(released).toEqual([]);
    tap.close('edge-node', 'end', 'client');
    expect(released).toEqual(['c1']);
  });

  it('counts bytes per hop and direction, skips empty chunks and reports congestion', () => {
    const calm = sink();
    const tap = new ConnTap('c1', calm.s);
    expect(tap.bytes('edge-node', 'down', new Uint8Array(4))).toBe(true);
    tap.bytes('edge-node', 'down', new Uint8Array(0));
    expect(calm.bytes).toEqual(['c1 edge-node down 4']);
    expect(tap.counts['edge-node'].down).toBe(4);
    expect(new ConnTap('c2', sink(true).s).bytes('browser-edge', 'up', new Uint8Array(1))).toBe(
      false,
    );
  });
});
