import { describe, expect, it } from 'vitest';
import { LAB_PATHS } from '../../lib/lab/endpoints';
import { labBase } from '../../lib/mirror/protocol';
import { orderedOptions, parseReplayRequest } from './ordered-feed';

const ORDERED = `${labBase('x')}${LAB_PATHS.ordered}`;

describe('ordered feed options', () => {
  it('defaults to 20 events a second, 100 events', () => {
    expect(orderedOptions(ORDERED)).toEqual({ rate: 20, count: 100 });
  });

  it('names the parameter and its range when refusing', () => {
    expect(orderedOptions(`${ORDERED}?rate=0`)).toEqual({
      error: 'rate must be an integer from 1 to 200, got "0"',
    });
    expect(orderedOptions(`${ORDERED}?count=5&speed=1`)).toMatchObject({
      error: expect.stringContaining('unknown parameter "speed"'),
    });
  });

  it('accepts only a replay request with an integer from ≥ 1', () => {
    expect(parseReplayRequest('{"type":"replay","from":7}')).toBe(7);
    expect(parseReplayRequest('{"type":"replay","from":0}')).toBeNull();
    expect(parseReplayRequest('{"type":"replay","from":"7"}')).toBeNull();
    expect(parseReplayRequest('{"type":"hb","n":1}')).toBeNull();
    expect(parseReplayRequest('not json')).toBeNull();
  });
});
