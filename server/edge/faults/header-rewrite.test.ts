import { describe, expect, it } from 'vitest';
import { describeChange, FOREIGN_ORIGIN, rewriteUpgradeHeaders } from './header-rewrite';

const raw = [
  'Host',
  'localhost:3000',
  'Upgrade',
  'websocket',
  'connection',
  'Upgrade',
  'Sec-WebSocket-Version',
  '13',
  'Origin',
  'http://localhost:3000',
];
const none = { strip: false, wsVersion: 13, foreignOrigin: false };

describe('rewriteUpgradeHeaders', () => {
  it('leaves the headers alone by default', () => {
    expect(rewriteUpgradeHeaders(raw, none)).toEqual({ rawHeaders: raw, removed: [], changed: [] });
  });

  it('strip removes Upgrade and Connection, whatever their case', () => {
    const r = rewriteUpgradeHeaders(raw, { ...none, strip: true });
    expect(r.removed).toEqual(['Upgrade: websocket', 'connection: Upgrade']);
    expect(r.rawHeaders).toEqual([
      'Host',
      'localhost:3000',
      'Sec-WebSocket-Version',
      '13',
      'Origin',
      'http://localhost:3000',
    ]);
  });

  it('rewrites the version and the origin in place', () => {
    const r = rewriteUpgradeHeaders(raw, { ...none, wsVersion: 8, foreignOrigin: true });
    expect(r.rawHeaders[7]).toBe('8');
    expect(r.rawHeaders[9]).toBe(FOREIGN_ORIGIN);
    expect(r.changed.map(describeChange)).toEqual([
      'Sec-WebSocket-Version: 13 → 8',
      `Origin: http://localhost:3000 → ${FOREIGN_ORIGIN}`,
    ]);
  });

  it('adds a foreign Origin when the client sent none (Node clients)', () => {
    const r = rewriteUpgradeHeaders(['Host', 'x'], { ...none, foreignOrigin: true });
    expect(r.rawHeaders).toEqual(['Host', 'x', 'Origin', FOREIGN_ORIGIN]);
    expect(describeChange(r.changed[0] as never)).toBe(`added Origin: ${FOREIGN_ORIGIN}`);
  });
});
