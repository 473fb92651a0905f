import { describe, expect, it } from 'vitest';
import type { UnstampedEvent } from '../../lib/mirror/types';
import { fromBase64 } from '../../lib/wire/bytes';
import { type DecoderFactory, InlineEngine, type TapTarget } from './engine';

/** A decoder that reports each chunk's length as a marker, so tests can see what it was fed. */
const counting: DecoderFactory = ({ conn, hop }) => ({
  push: (dir, chunk, t) => [{ kind: 'marker', label: `${chunk.length}`, t, conn, hop, dir }],
});

function target(id = 's1'): TapTarget & { got: UnstampedEvent[] } {
  const got: UnstampedEvent[] = [];
  return {
    id,
    maxPayload: 1024,
    now: () => 0,
    got,
    deliver: (events) => {
      for (const json of events) got.push(JSON.parse(json) as UnstampedEvent);
    },
  };
}

describe('InlineEngine', () => {
  it('decodes bytes with one decoder per connection and hop and delivers the events in order', () => {
    const engine = new InlineEngine(counting);
    const s = target();
    engine.bytes(s, 'c1', 'browser-edge', 'up', new Uint8Array(3), 1);
    engine.event(s, {
      kind: 'marker',
      label: 'between',
      t: 2,
      conn: 'c1',
      hop: 'edge-node',
      dir: 'up',
    });
    engine.bytes(s, 'c1', 'edge-node', 'up', new Uint8Array(5), 3);
    expect(s.got.map((e) => (e.kind === 'marker' ? e.label : e.kind))).toEqual([
      '3',
      'between',
      '5',
    ]);
    expect(engine.decoders.size).toBe(1);
  });

  it('turns a throwing decoder into a tcp protocol-error carrying the bytes', () => {
    const engine = new InlineEngine(() => ({
      push: () => {
        throw new Error('boom');
      },
    }));
    const s = target();
    engine.bytes(s, 'c1', 'browser-edge', 'down', Uint8Array.of(1, 2), 7);
    const [event] = s.got;
    expect(event).toMatchObject({
      kind: 'protocol-error',
      layer: 'tcp',
      message: 'decoder failed: boom',
    });
    expect(event?.kind === 'protocol-error' && fromBase64(event.raw)).toEqual(Uint8Array.of(1, 2));
  });

  it('forgets a connection’s decoders on release and a session’s on session release', () => {
    const engine = new InlineEngine(counting);
    const a = target('a');
    const b = target('b');
    engine.bytes(a, 'c1', 'browser-edge', 'up', new Uint8Array(1), 0);
    engine.bytes(a, 'c2', 'browser-edge', 'up', new Uint8Array(1), 0);
    engine.bytes(b, 'c1', 'browser-edge', 'up', new Uint8Array(1), 0);
    engine.releaseConn(a, 'c1');
    expect(engine.decoders.size).toBe(2);
    engine.releaseSession(a);
    expect(engine.decoders.size).toBe(1);
  });
});
