import { describe, expect, it } from 'vitest';
import { LAB_PATHS } from '../../lib/lab/endpoints';
import { labBase } from '../../lib/mirror/protocol';
import { bpOptions, frameSize } from './backpressure-feed';

const BP = `${labBase('x')}${LAB_PATHS.bp}`;

describe('backpressure feed options', () => {
  it('has defaults for every knob', () => {
    expect(bpOptions(BP)).toEqual({
      rate: 1000,
      watermark: 65_536,
      policy: 'buffer',
      batchMs: 0,
      coalesce: false,
      seconds: 10,
      size: 100,
    });
  });

  it('parses a full query and the stats channel', () => {
    expect(
      bpOptions(`${BP}?rate=10&watermark=2048&policy=split&batchMs=20&coalesce=1&seconds=3`),
    ).toMatchObject({ rate: 10, watermark: 2048, policy: 'split', batchMs: 20, coalesce: true });
    expect(bpOptions(`${BP}?channel=stats`)).toEqual({ stats: true });
  });

  it('refuses bad values with a message naming them', () => {
    expect(bpOptions(`${BP}?policy=yolo`)).toMatchObject({
      error: expect.stringContaining('policy'),
    });
    expect(bpOptions(`${BP}?batchMs=101`)).toMatchObject({
      error: 'batchMs must be an integer from 0 to 100, got "101"',
    });
    expect(bpOptions(`${BP}?channel=data`)).toMatchObject({
      error: expect.stringContaining('channel'),
    });
  });

  it('counts a server frame as header + payload, like ws.bufferedAmount', () => {
    expect(frameSize(125)).toBe(127);
    expect(frameSize(126)).toBe(130);
    expect(frameSize(70_000)).toBe(70_010);
  });
});
