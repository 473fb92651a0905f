import { describe, expect, it } from 'vitest';
import type { TapRecord } from '../capture/records';
import { fromBase64 } from '../wire/bytes';
import { ConnectionDecoder } from './connection-decoder';
import { clientText, type Script, SIO_WS, serverText, WS_HANDSHAKE } from './decode-test-streams';
import { RecordDecoder } from './record-decoder';

function records(conn: string, hop: 'browser-edge' | 'edge-node', script: Script): TapRecord[] {
  return script.map(([dir, data], i) => ({ kind: 'bytes', t: i, conn, hop, dir, data }));
}

describe('RecordDecoder', () => {
  it('dissects each connection and hop as its own ConnectionDecoder would, with seq in order', () => {
    const input = [
      ...records('c1', 'browser-edge', SIO_WS),
      ...records('c2', 'edge-node', WS_HANDSHAKE),
    ];
    const events = new RecordDecoder().push(input);
    // One decoder per stream keeps state across chunks: compare against one long-lived decoder.
    const c1 = new ConnectionDecoder({ conn: 'c1', hop: 'browser-edge' });
    const c2 = new ConnectionDecoder({ conn: 'c2', hop: 'edge-node' });
    const whole = [
      ...SIO_WS.flatMap(([dir, data], i) => c1.push(dir, data, i)),
      ...WS_HANDSHAKE.flatMap(([dir, data], i) => c2.push(dir, data, i)),
    ];
    expect(whole.length).toBeGreaterThan(10);
    expect(events.map(({ seq: _s, ...e }) => e)).toEqual(whole);
    expect(events.map((e) => e.seq)).toEqual(whole.map((_, i) => i + 1));
  });

  it('stamps the edge’s events in tap order and turns affected bytes into base64', () => {
    const affected = clientText('dropped');
    const events = new RecordDecoder().push([
      {
        kind: 'event',
        event: { kind: 'conn-open', t: 0, conn: 'c1', hop: 'browser-edge', dir: 'up' },
      },
      {
        kind: 'event',
        event: {
          kind: 'fault',
          fault: 'drop',
          detail: 'frame dropped',
          t: 1,
          conn: 'c1',
          hop: 'edge-node',
          dir: 'up',
        },
        affected,
      },
    ]);
    expect(events.map((e) => [e.seq, e.kind])).toEqual([
      [1, 'conn-open'],
      [2, 'fault'],
    ]);
    const fault = events[1];
    expect(fault?.kind === 'fault' && fromBase64(fault.affected ?? '')).toEqual(affected);
  });

  it('releases a connection’s decoders once every hop it opened has closed', () => {
    const decoder = new RecordDecoder();
    const open = (hop: 'browser-edge' | 'edge-node'): TapRecord => ({
      kind: 'event',
      event: { kind: 'conn-open', t: 0, conn: 'c1', hop, dir: 'up' },
    });
    const close = (hop: 'browser-edge' | 'edge-node'): TapRecord => ({
      kind: 'event',
      event: { kind: 'conn-close', how: 'end', by: 'client', t: 9, conn: 'c1', hop, dir: 'up' },
    });
    decoder.push([
      open('browser-edge'),
      open('edge-node'),
      ...records('c1', 'browser-edge', WS_HANDSHAKE),
    ]);
    expect(decoder.liveConnections).toBe(1);
    decoder.push([close('browser-edge')]);
    expect(decoder.liveConnections).toBe(1);
    decoder.push([close('edge-node')]);
    expect(decoder.liveConnections).toBe(0);
  });

  it('says how many whole frames were not carried, and keeps decoding the frames after them', () => {
    const decoder = new RecordDecoder();
    const events = decoder.push([
      ...records('c1', 'browser-edge', WS_HANDSHAKE),
      {
        kind: 'elided',
        t: 5,
        conn: 'c1',
        hop: 'browser-edge',
        dir: 'down',
        length: 12_408 * 7,
        frames: 12_408,
      },
      {
        kind: 'bytes',
        t: 6,
        conn: 'c1',
        hop: 'browser-edge',
        dir: 'down',
        data: serverText('after'),
      },
    ]);
    const marker = events.find((e) => e.kind === 'marker');
    expect(marker?.kind === 'marker' && marker.detail).toMatch(
      /12,408 WebSocket frames \(86,856 B\)/,
    );
    const last = events.at(-1);
    expect(last?.kind === 'ws-frame' && last.message?.text).toBe('after');
  });

  it('stops decoding a direction at a gap it cannot cross, and says so', () => {
    const events = new RecordDecoder().push([
      { kind: 'elided', t: 5, conn: 'c1', hop: 'browser-edge', dir: 'up', length: 10, frames: 0 },
    ]);
    expect(events[0]).toMatchObject({ kind: 'protocol-error', layer: 'tcp' });
  });
});
