import { describe, expect, it } from 'vitest';
import { LAB_PATHS } from '../../../lib/lab/endpoints';
import { labBase } from '../../../lib/mirror/protocol';
import { streamRandom } from '../../../lib/scenario/prng';
import { RECORD_SEPARATOR } from '../../../lib/wire/engineio';
import { isPollingUrl, rewritePayload, withContentLength } from './polling-packets';

const LAB = labBase('x');
const body = Array.from({ length: 30 }, (_, i) => `42["chat",${i}]`).join(RECORD_SEPARATOR);
const packetsOf = (text: string | null) => (text ?? '').split(RECORD_SEPARATOR);

describe('polling packet faults', () => {
  it('recognises Engine.IO polling URLs only', () => {
    expect(isPollingUrl(`${LAB}${LAB_PATHS.socketio}?EIO=4&transport=polling&t=abc`)).toBe(true);
    expect(isPollingUrl(`${LAB}${LAB_PATHS.socketio}?EIO=4&transport=websocket`)).toBe(false);
    expect(isPollingUrl(`${LAB}${LAB_PATHS.poll}`)).toBe(false);
  });

  it('drops the same packets for the same seed, and the payload stays valid', () => {
    const run = (seed: number) =>
      rewritePayload(
        body,
        { drop: 30, dup: 0, reorder: 0 },
        streamRandom(seed, 'c1/down/message'),
        () => {},
      );
    expect(run(4)).toEqual(run(4));
    expect(run(4)).not.toEqual(run(5));
    const kept = packetsOf(run(4));
    expect(kept.length).toBeLessThan(30);
    for (const p of kept) expect(p).toMatch(/^42\["chat",\d+\]$/);
  });

  it('reports each fault with the packet bytes', () => {
    const faults: string[] = [];
    rewritePayload(body, { drop: 20, dup: 20, reorder: 20 }, streamRandom(1, 's'), (fault, info) =>
      faults.push(`${fault} ${new TextDecoder().decode(info.affected)}`),
    );
    expect(faults.length).toBeGreaterThan(0);
    for (const f of faults) expect(f).toMatch(/^(drop|dup|reorder) 42\["chat",\d+\]$/);
  });

  it('leaves the body alone when nothing happened, sends a noop when everything was dropped', () => {
    expect(
      rewritePayload(body, { drop: 0, dup: 0, reorder: 0 }, streamRandom(1, 's'), () => {}),
    ).toBeNull();
    const faults: string[] = [];
    expect(
      rewritePayload(
        '4hello',
        { drop: 100, dup: 0, reorder: 0 },
        streamRandom(1, 's'),
        (_f, info) => faults.push(info.detail),
      ),
    ).toBe('6');
    expect(faults[1]).toMatch(/noop packet \(6\)/);
  });

  it('fixes Content-Length in place', () => {
    expect(withContentLength(['Host', 'x', 'content-length', '99', 'A', 'b'], 7)).toEqual([
      'Host',
      'x',
      'content-length',
      '7',
      'A',
      'b',
    ]);
  });
});
