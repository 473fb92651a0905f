import { describe, expect, it } from 'vitest';
import { frameIndexOf } from '@/lib/live/frame-index';
import { trafficOf } from '@/lib/live/frame-traffic.test-helpers';
import { rowLabel } from './frame-list-fold';

const labels = (ops: Parameters<typeof trafficOf>[0]) =>
  frameIndexOf(trafficOf(ops, false), { label: rowLabel }).rows.map((r) => r.summary);

describe('rowLabel', () => {
  it('reads like the diagram, with a longer preview of plain text', () => {
    const long = 'y'.repeat(100);
    expect(
      labels([
        { op: 'ws', conn: 1 },
        { op: 'text', conn: 1, up: true, text: long },
      ]),
    ).toEqual([
      'TCP open',
      'GET …/ws Upgrade',
      '101 Switching Protocols',
      `text "${'y'.repeat(59)}…"`,
    ]);
  });

  it('names Engine.IO heartbeats, so a search for "ping" finds them', () => {
    expect(labels([{ op: 'eio-ping', conn: 1 }])).toEqual(['eio 2 ping', 'eio 3 pong']);
    expect(labels([{ op: 'eio-message', conn: 1, text: 'hi' }])).toEqual([
      'eio 4 · sio 2["chat","hi"]',
    ]);
  });
});
