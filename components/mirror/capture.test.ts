import { describe, expect, it } from 'vitest';
import type { WireEvent } from '@/lib/mirror/types';
import { buildCapture, captureFileName } from './capture';

describe('capture', () => {
  it('wraps the events with the session and export time', () => {
    const events: WireEvent[] = [
      { kind: 'marker', seq: 1, t: 0, conn: '-', hop: 'browser-edge', dir: 'up', label: 'run 1' },
    ];
    const c = buildCapture('abc', events, new Date(0));
    expect(c.session).toBe('abc');
    expect(c.exportedAt).toBe('1970-01-01T00:00:00.000Z');
    expect(JSON.parse(JSON.stringify(c)).events).toEqual(events);
  });

  it('names the file after the session', () => {
    expect(captureFileName('0123abcd')).toBe('wirelab-0123abcd.json');
    expect(captureFileName('../x')).toBe('wirelab-x.json');
  });
});
