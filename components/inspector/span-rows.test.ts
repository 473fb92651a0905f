import { describe, expect, it } from 'vitest';
import { fromHex } from '@/lib/wire/bytes';
import { dissectWsFrame } from '@/lib/wire/ws-dissect';
import { bitPattern, byteOwners, rangeText, spanRows, visibleRows } from './span-rows';

const rows = spanRows(dissectWsFrame(fromHex('81 85 37 fa 21 3d 7f 9f 4d 51 58')).spans, 'f');

describe('span rows', () => {
  it('lists spans in pre-order with levels and parents', () => {
    expect(rows.slice(0, 3).map((r) => [r.key, r.span.name, r.level, r.parent])).toEqual([
      ['f:0', 'header', 1, null],
      ['f:0.0', 'FIN', 2, 'f:0'],
      ['f:0.1', 'RSV1', 2, 'f:0'],
    ]);
    expect(rows.at(-1)?.span.name).toBe('masked payload');
  });

  it('hides the rows below a collapsed one', () => {
    expect(visibleRows(rows, new Set(['f:0'])).map((r) => r.span.name)).toEqual([
      'header',
      'masked payload',
    ]);
  });

  it('gives each byte its innermost span: the first bit field, the masking key, the payload', () => {
    const owners = byteOwners(rows, 11).map((r) => r?.span.name);
    expect(owners.slice(0, 3)).toEqual(['FIN', 'MASK', 'masking key']);
    expect(owners[6]).toBe('masked payload');
  });

  it('shows a bit field inside its byte, and ranges as text', () => {
    expect(bitPattern(0x81, { offset: 0, width: 1 })).toBe('1··· ····');
    expect(bitPattern(0x81, { offset: 4, width: 4 })).toBe('···· 0001');
    expect(rangeText({ name: '', offset: 2, length: 4, value: '' })).toBe('2–5');
    expect(rangeText({ name: '', offset: 2, length: 0, value: '' })).toBe('at 2');
  });
});
