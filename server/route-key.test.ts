import { describe, expect, it } from 'vitest';
import { SESSION_ID_PATTERN } from '../lib/mirror/protocol';
import { newSessionId, parseRouteKey } from './route-key';

describe('route keys', () => {
  it('accepts 4 lowercase hex digits and treats unset or empty as none', () => {
    expect(parseRouteKey('a1b2')).toBe('a1b2');
    expect(parseRouteKey('0000')).toBe('0000');
    expect(parseRouteKey(undefined)).toBeUndefined();
    expect(parseRouteKey('')).toBeUndefined();
  });

  it.each(['A1B2', 'a1b', 'a1b2c', 'g000', ' a1b', 'a1b2\n'])('refuses %j with the rule', (bad) => {
    expect(() => parseRouteKey(bad)).toThrow(/ROUTE_KEY must be 4 lowercase hex digits/);
  });

  it('starts session ids with the key and keeps them 32 hex digits, the rest random', () => {
    const ids = Array.from({ length: 50 }, () => newSessionId('beef'));
    for (const id of ids) {
      expect(id).toMatch(SESSION_ID_PATTERN);
      expect(id.startsWith('beef')).toBe(true);
    }
    expect(new Set(ids).size).toBe(ids.length);
    expect(newSessionId()).toMatch(SESSION_ID_PATTERN);
  });
});
