import type { IncomingMessage } from 'node:http';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ClientCaps, clientAddress } from './client-caps';
import { Gate } from './gate';
import { OriginPolicy, parseAllowedOrigins } from './origin';
import { keyCookie, readKey, sameKey } from './session-key';

const req = (headers: Record<string, string>, remoteAddress = '127.0.0.1') =>
  ({ headers, socket: { remoteAddress } }) as unknown as IncomingMessage;

describe('OriginPolicy', () => {
  const policy = new OriginPolicy(['https://lab.example']);

  it('allows the request’s own origin, the allow-list, and requests without Origin', () => {
    expect(
      policy.check(req({ origin: 'http://localhost:3000', host: 'localhost:3000' }), 'x'),
    ).toBeNull();
    expect(policy.check(req({ origin: 'https://lab.example', host: 'other:1' }), 'x')).toBeNull();
    expect(policy.check(req({ host: 'localhost:3000' }), 'x')).toBeNull();
    expect(policy.allows('https://a.example', 'a.example:443')).toBe(true);
  });

  it('refuses other origins, ports and schemes, and "null", naming them', () => {
    for (const origin of ['http://evil.example', 'http://localhost:3001', 'null', 'file://x']) {
      const refusal = policy.check(req({ origin, host: 'localhost:3000' }), 'mirror channel');
      expect(refusal?.status).toBe(403);
      expect(refusal?.message).toContain(JSON.stringify(origin));
    }
  });

  it('refuses a cross-site GET that carries no Origin', () => {
    const open = new OriginPolicy();
    expect(open.check(req({ 'sec-fetch-site': 'cross-site' }), 'x')?.reason).toBe('cross-site');
    expect(open.check(req({ 'sec-fetch-site': 'same-origin' }), 'x')).toBeNull();
  });

  it('parses ALLOWED_ORIGINS and names a bad entry', () => {
    expect(parseAllowedOrigins('https://a.example, http://b.example:8080')).toEqual([
      'https://a.example',
      'http://b.example:8080',
    ]);
    expect(parseAllowedOrigins(undefined)).toEqual([]);
    expect(() => parseAllowedOrigins('https://a.example/path')).toThrow(
      /"https:\/\/a.example\/path"/,
    );
    expect(() => parseAllowedOrigins('*')).toThrow(/ALLOWED_ORIGINS/);
  });
});

describe('session key', () => {
  it('reads only a well-formed wl_key among other cookies', () => {
    const key = 'a'.repeat(32);
    expect(readKey(req({ cookie: `x=1; wl_key=${key}; y=2` }))).toBe(key);
    expect(readKey(req({ cookie: 'wl_key=short' }))).toBeNull();
    expect(readKey(req({}))).toBeNull();
  });

  it('compares keys of any content without throwing', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        expect(sameKey(a, b)).toBe(a === b);
      }),
    );
    expect(sameKey(null, 'x')).toBe(false);
  });

  it('makes an HttpOnly SameSite=Strict cookie, Secure over TLS', () => {
    expect(keyCookie('k', false)).toBe('wl_key=k; Path=/; HttpOnly; SameSite=Strict');
    expect(keyCookie('k', true)).toMatch(/; Secure$/);
  });
});

describe('clientAddress', () => {
  it('uses the peer unless a proxy is trusted, then the last X-Forwarded-For entry', () => {
    const r = req({ 'x-forwarded-for': '6.6.6.6, 10.0.0.9' }, '::ffff:127.0.0.1');
    expect(clientAddress(r, false)).toBe('127.0.0.1');
    expect(clientAddress(r, true)).toBe('10.0.0.9');
  });

  it('counts IPv6 clients per /64', () => {
    expect(clientAddress(req({}, '2001:db8:1:2:aaaa::1'), false)).toBe('2001:db8:1:2::/64');
    expect(clientAddress(req({}, '2001:db8:1:2:bbbb::9'), false)).toBe('2001:db8:1:2::/64');
    expect(clientAddress(req({}, '::1'), false)).toBe('0:0:0:0::/64');
  });
});

describe('ClientCaps', () => {
  it('refuses past the open cap, then past the burst, and refills at the rate', () => {
    let now = 0;
    const caps = new ClientCaps({ maxOpenPerClient: 2, perMinute: 6, burst: 3 }, () => now);
    expect(caps.admit('a', 2)?.reason).toBe('client-cap');
    expect([0, 0, 0].map((open) => caps.admit('a', open))).toEqual([null, null, null]);
    const limited = caps.admit('a', 0);
    expect(limited?.reason).toBe('rate');
    expect(limited?.retryAfterS).toBe(10);
    expect(caps.admit('b', 0)).toBeNull(); // another client is not affected
    now += 10_000;
    expect(caps.admit('a', 0)).toBeNull();
    expect(caps.admit('a', 0)?.reason).toBe('rate');
  });

  it('never lets a client make more than burst + rate × time sessions', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5_000 }), { maxLength: 200 }), (gaps) => {
        let now = 0;
        const caps = new ClientCaps({ maxOpenPerClient: 1e9, perMinute: 60, burst: 5 }, () => now);
        let admitted = 0;
        for (const gap of gaps) {
          now += gap;
          if (caps.admit('c', 0) === null) admitted += 1;
        }
        expect(admitted).toBeLessThanOrEqual(5 + Math.floor(now / 1000) + 1);
      }),
    );
  });

  it('rejects a non-positive cap', () => {
    expect(() => new ClientCaps({ maxOpenPerClient: 0, perMinute: 1, burst: 1 })).toThrow(
      /maxOpenPerClient/,
    );
  });
});

describe('Gate', () => {
  it('gives a keyless page a new key and keeps an existing one', () => {
    const gate = new Gate();
    const counts = { openFor: () => 0 };
    const fresh = gate.admitMirror(req({ host: 'h' }), counts);
    expect(fresh.ok && fresh.setCookie).toMatch(/^wl_key=[0-9a-f]{32};/);
    const key = 'b'.repeat(32);
    const kept = gate.admitMirror(req({ host: 'h', cookie: `wl_key=${key}` }), counts);
    expect(kept).toMatchObject({ ok: true, key, setCookie: null });
    expect(gate.checkLab(req({ host: 'h', cookie: `wl_key=${key}` }), key)).toBeNull();
    expect(gate.checkLab(req({ host: 'h' }), key)?.reason).toBe('session-key');
  });
});
