import { describe, expect, it } from 'vitest';
import type { WireEvent, WsFrameInfo } from '@/lib/mirror/types';
import { frameRowsOf, frameTotals, headerBreakdown } from './frame-rows';

function frame(
  seq: number,
  dir: 'up' | 'down',
  info: Partial<WsFrameInfo> & Pick<WsFrameInfo, 'opcodeName' | 'payloadLength'>,
  hop: 'browser-edge' | 'edge-node' = 'browser-edge',
): WireEvent {
  const masked = info.masked ?? dir === 'up';
  const lengthBits = info.lengthBits ?? 7;
  const headerLength = 2 + (lengthBits === 16 ? 2 : lengthBits === 64 ? 8 : 0) + (masked ? 4 : 0);
  return {
    seq,
    t: seq,
    conn: 'c1',
    hop,
    dir,
    kind: 'ws-frame',
    raw: '',
    frame: {
      fin: true,
      rsv1: false,
      rsv2: false,
      rsv3: false,
      opcode: { text: 1, binary: 2, close: 8 }[info.opcodeName as 'text'] ?? 0,
      masked,
      lengthBits,
      headerLength,
      payload: Buffer.from('hello').toString('base64'),
      ...info,
    },
  } as WireEvent;
}

describe('frameRowsOf', () => {
  const events = [
    frame(1, 'up', { opcodeName: 'text', payloadLength: 5, maskKey: '01020304' }),
    frame(2, 'down', { opcodeName: 'text', payloadLength: 5 }, 'edge-node'),
    frame(3, 'down', { opcodeName: 'text', payloadLength: 5 }),
    frame(4, 'down', { opcodeName: 'binary', payloadLength: 70_000, lengthBits: 64 }),
    frame(5, 'up', { opcodeName: 'close', payloadLength: 6, close: { code: 4000, reason: 'bye' } }),
  ];

  it('keeps only the browser-edge hop and measures header and total size per frame', () => {
    const rows = frameRowsOf(events);
    expect(rows.map((r) => r.seq)).toEqual([1, 3, 4, 5]);
    expect(rows[0]).toMatchObject({ masked: true, headerLength: 6, totalLength: 11 });
    expect(rows[0]?.preview).toBe('"hello"');
    expect(rows[1]).toMatchObject({ masked: false, headerLength: 2, totalLength: 7 });
    expect(rows[2]).toMatchObject({ lengthBits: 64, headerLength: 10, totalLength: 70_010 });
    expect(rows[3]?.preview).toBe('code 4000 reason "bye"');
  });

  it('counts masked frames per direction and length encodings', () => {
    const totals = frameTotals(frameRowsOf(events));
    expect(totals).toMatchObject({ frames: 4, up: 2, down: 2, maskedUp: 2, maskedDown: 0 });
    expect(totals.byLength).toEqual({ 7: 3, 16: 0, 64: 1 });
    expect([totals.minHeader, totals.maxHeader]).toEqual([2, 10]);
  });

  it('explains the header size as fixed bytes + extended length + mask key', () => {
    expect(headerBreakdown({ lengthBits: 7, masked: false })).toBe('2');
    expect(headerBreakdown({ lengthBits: 64, masked: true })).toBe(
      '2 + 8 (64-bit length) + 4 (mask key)',
    );
  });
});
