import { describe, expect, it } from 'vitest';
import type { WireEvent } from '../mirror/types';
import { arrivalHistogram, isHandshake, restartRuns } from './reconnect-arrivals';

const base = { hop: 'browser-edge', dir: 'up' } as const;
let seq = 0;
const at = (t: number, e: Record<string, unknown>) => ({ seq: ++seq, t, conn: '-', ...base, ...e });
const req = (t: number, conn: string, target: string) =>
  at(t, {
    kind: 'http-request',
    conn,
    method: 'GET',
    target,
    version: 'HTTP/1.1',
    headers: [],
    raw: '',
  });
const P = '/lab/s/socket.io/?EIO=4&transport=websocket';

describe('reconnect arrivals', () => {
  it('a spike on a bin edge counts whole in the sliding window', () => {
    const run = {
      n: 1,
      t: 0,
      label: null,
      arrivals: [995, 998, 1001, 1004, 1300].map((dt, i) => ({
        dt,
        t: dt,
        who: 'sim' as const,
        seq: i,
        conn: `c${i}`,
      })),
    };
    const h = arrivalHistogram(run);
    expect(h.peak).toBe(2);
    expect(h.peakWindow).toBe(4);
  });

  it('a handshake has EIO=4 and no sid', () => {
    expect(isHandshake(P)).toBe(true);
    expect(isHandshake(`${P}&sid=abc`)).toBe(false);
    expect(isHandshake('/lab/s/poll?EIO=4')).toBe(false);
  });

  it('splits handshakes into runs per restart, labelled by the herd marker, yours apart', () => {
    const events = [
      req(10, 'c1', P),
      at(100, { kind: 'marker', label: 'herd: 3 clients, jitter 0' }),
      at(200, { kind: 'fault', fault: 'restart-node', detail: 'x', hop: 'edge-node', dir: 'down' }),
      req(1201, 'c5', P),
      req(1202, 'c6', P),
      req(1203, 'c7', `${P}&who=you`),
      req(1250, 'c8', P),
      req(1300, 'c8', `${P}&sid=x`),
      at(3000, { kind: 'marker', label: 'herd: 1 clients, jitter 0.5' }),
      req(3100, 'c10', P), // the next herd connecting: not a reconnect
      at(5000, {
        kind: 'fault',
        fault: 'restart-node',
        detail: 'x',
        hop: 'edge-node',
        dir: 'down',
      }),
      req(5600, 'c9', P),
    ] as unknown as WireEvent[];
    const runs = restartRuns(events);
    expect(runs).toHaveLength(2);
    expect(runs[0]?.label).toBe('3 clients, jitter 0');
    expect(runs[1]?.label).toBe('1 clients, jitter 0.5');
    expect(runs[1]?.arrivals.map((a) => a.conn)).toEqual(['c9']);
    expect(runs[0]?.arrivals.map((a) => [a.dt, a.who])).toEqual([
      [1001, 'sim'],
      [1002, 'sim'],
      [1003, 'you'],
      [1050, 'sim'],
    ]);
    const h = arrivalHistogram(runs[0] as (typeof runs)[0], 100, 2000);
    expect(h.total).toBe(3);
    expect(h.bins[10]).toBe(3);
    expect(h.peak).toBe(3);
    expect(h.peakWindow).toBe(3);
    expect([h.first, h.last]).toEqual([1001, 1050]);
  });
});
