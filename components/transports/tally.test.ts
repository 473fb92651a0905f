import { describe, expect, it } from 'vitest';
import { parseReceived, tallyBurst } from './tally';

describe('parseReceived', () => {
  it('reads the tag from a raw WebSocket echo', () => {
    expect(parseReceived(1, '#3')).toEqual({ n: 1, text: '#3', tag: 3 });
  });

  it('reads the tag from a Socket.IO chat echo', () => {
    expect(parseReceived(2, '{"msg":"#12"}').tag).toBe(12);
  });

  it('reads tag and stream id from a long-poll or SSE stream message', () => {
    const r = parseReceived(3, '{"id":41,"data":"#7","at":1700000000000}');
    expect(r.tag).toBe(7);
    expect(r.id).toBe(41);
  });

  it('leaves other text untagged', () => {
    expect(parseReceived(4, '{"id":2,"data":{"n":2,"pad":"x"},"at":1}').tag).toBeUndefined();
    expect(parseReceived(5, 'hello').tag).toBeUndefined();
    expect(parseReceived(6, '{not json').tag).toBeUndefined();
  });
});

describe('tallyBurst', () => {
  it('lists the numbers that never arrived', () => {
    const t = tallyBurst(6, [1, 3, 4, 6]);
    expect(t.missing).toEqual([2, 5]);
    expect(t.received).toBe(4);
    expect(t.outOfOrder).toBe(false);
  });

  it('counts duplicates once and names them', () => {
    const t = tallyBurst(3, [1, 1, 2, 3, 3]);
    expect(t.received).toBe(3);
    expect(t.duplicated).toEqual([1, 3]);
  });

  it('notices reordering', () => {
    const t = tallyBurst(4, [1, 3, 2, 4]);
    expect(t.order).toEqual([1, 3, 2, 4]);
    expect(t.outOfOrder).toBe(true);
  });

  it('ignores numbers outside the burst', () => {
    expect(tallyBurst(2, [0, 1, 2, 9]).received).toBe(2);
  });
});
