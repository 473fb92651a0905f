import { describe, expect, it } from 'vitest';
import { liveLessons } from '@/lib/content/lessons';
import type { WireEvent } from '@/lib/mirror/types';
import { excerpt, MAX_ARROWS } from './capture-excerpt';
import { CAPTURE_KEYS, findKeys, missingKeys } from './capture-keys';
import { lessonCapture, RECORDED_SLUGS } from './captures';
import { MAX_LABELS, SKETCH, sketchArrows } from './sketch-layout';
import { parseCapture } from './wire-event-schema';

const capture = (slug: string): WireEvent[] => {
  const events = lessonCapture(slug);
  if (!events) throw new Error(`no capture for ${slug}`);
  return events;
};

describe('recorded lesson captures (content/captures)', () => {
  it('every live lesson has one, and only live lessons do', () => {
    expect([...RECORDED_SLUGS].sort()).toEqual(
      liveLessons()
        .map((l) => l.slug)
        .sort(),
    );
  });

  for (const { slug } of liveLessons()) {
    it(`${slug}: parses as WireEvents and holds the lesson's key events in order`, () => {
      const events = capture(slug);
      expect(events.length).toBeGreaterThan(0);
      expect(events.length).toBeLessThanOrEqual(MAX_ARROWS);
      expect(CAPTURE_KEYS[slug]?.length).toBeGreaterThan(0);
      expect(missingKeys(slug, events)).toEqual([]);
      // The excerpt of an excerpt is itself: the fixture is exactly what the recorder keeps.
      expect(excerpt(slug, events).map((e) => e.seq)).toEqual(events.map((e) => e.seq));
    });

    it(`${slug}: its sketch draws every event inside the picture, labels on the keys only`, () => {
      const events = capture(slug);
      const arrows = sketchArrows(slug, events);
      expect(arrows.map((a) => a.seq)).toEqual(events.map((e) => e.seq));
      for (const a of arrows) {
        for (const x of [a.x1, a.x2]) expect(x).toBeGreaterThanOrEqual(0);
        for (const x of [a.x1, a.x2]) expect(x).toBeLessThanOrEqual(SKETCH.width);
        for (const y of [a.y1, a.y2]) expect(y).toBeGreaterThanOrEqual(0);
        for (const y of [a.y1, a.y2]) expect(y).toBeLessThanOrEqual(SKETCH.height);
      }
      const labelled = arrows.filter((a) => a.label !== undefined);
      expect(labelled.length).toBeGreaterThan(0);
      expect(labelled.length).toBeLessThanOrEqual(MAX_LABELS);
      const keySeqs = new Set(findKeys(slug, events).map((e) => e?.seq));
      for (const a of labelled) expect(keySeqs.has(a.seq)).toBe(true);
    });
  }

  // Spot checks read the events directly, not through the keys.
  it('websocket-handshake: the Upgrade GET is answered 101 with Sec-WebSocket-Accept', () => {
    const events = capture('websocket-handshake');
    const res = events.find((e) => e.kind === 'http-response' && e.status === 101);
    expect(res?.kind === 'http-response' && res.hop).toBe('browser-edge');
    expect(
      res?.kind === 'http-response' &&
        res.headers.some(([n]) => n.toLowerCase() === 'sec-websocket-accept'),
    ).toBe(true);
    const masked = events.find((e) => e.kind === 'ws-frame' && e.dir === 'up');
    expect(masked?.kind === 'ws-frame' && masked.frame.masked).toBe(true);
  });

  it('engineio-upgrade: 2probe up, then 3probe down, then the 5 upgrade packet', () => {
    const texts = capture('engineio-upgrade').flatMap((e) =>
      e.kind === 'ws-frame' && e.message?.text !== undefined ? [`${e.dir} ${e.message.text}`] : [],
    );
    const probe = texts.indexOf('up 2probe');
    const answer = texts.indexOf('down 3probe');
    const upgrade = texts.indexOf('up 5');
    expect(probe).toBeGreaterThanOrEqual(0);
    expect(answer).toBeGreaterThan(probe);
    expect(upgrade).toBeGreaterThan(answer);
  });

  it('ordering-replay: the edge reordered, duplicated and dropped real frames', () => {
    const faults = capture('ordering-replay').flatMap((e) => (e.kind === 'fault' ? [e.fault] : []));
    expect(new Set(faults)).toEqual(new Set(['reorder', 'dup', 'drop']));
  });

  it('the schema refuses what is not a WireEvent', () => {
    expect(() => parseCapture([])).toThrow();
    expect(() =>
      parseCapture([{ seq: 1, t: 0, conn: 'c1', hop: 'browser-edge', dir: 'up', kind: 'nope' }]),
    ).toThrow();
    const [first] = capture('websocket-handshake');
    expect(() => parseCapture([{ ...first, extra: true }])).toThrow();
    expect(() => parseCapture([first, first])).toThrow(/seq/);
  });
});
