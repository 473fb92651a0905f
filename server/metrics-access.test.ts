import { describe, expect, it } from 'vitest';
import { isLoopback, metricsAccess } from './metrics-access';

describe('isLoopback', () => {
  it('knows 127/8, ::1 and IPv4-mapped loopback', () => {
    for (const a of ['127.0.0.1', '127.3.2.1', '::1', '::ffff:127.0.0.1']) {
      expect(isLoopback(a)).toBe(true);
    }
    for (const a of [undefined, '10.0.0.1', '192.168.1.2', '::ffff:10.0.0.1', '::2', '1.127.0.0']) {
      expect(isLoopback(a)).toBe(false);
    }
  });
});

describe('metricsAccess', () => {
  const direct = { remoteAddress: '127.0.0.1', headers: {} };
  const remote = { remoteAddress: '203.0.113.9', headers: {} };

  it('serves a direct loopback peer without a token', () => {
    expect(metricsAccess(direct, undefined)).toEqual({ ok: true });
    expect(metricsAccess(direct, 'secret')).toEqual({ ok: true });
  });

  it('refuses a remote peer with 403 and says how to get in', () => {
    const noToken = metricsAccess(remote, undefined);
    expect(noToken).toMatchObject({ ok: false, status: 403 });
    expect(!noToken.ok && noToken.message).toMatch(/METRICS_TOKEN/);
    expect(metricsAccess(remote, '')).toMatchObject({ ok: false, status: 403 });
    expect(metricsAccess(remote, 'secret')).toMatchObject({ ok: false, status: 403 });
  });

  it('refuses a loopback peer that forwarded someone else (a reverse proxy on this machine)', () => {
    for (const headers of [
      { 'x-forwarded-for': '203.0.113.9' },
      { forwarded: 'for=203.0.113.9' },
      { 'x-real-ip': '203.0.113.9' },
    ]) {
      expect(metricsAccess({ remoteAddress: '127.0.0.1', headers }, undefined)).toMatchObject({
        ok: false,
        status: 403,
      });
    }
  });

  it('serves anyone with the right bearer token, and only the right one', () => {
    const withAuth = (authorization: string) => ({ ...remote, headers: { authorization } });
    expect(metricsAccess(withAuth('Bearer secret'), 'secret')).toEqual({ ok: true });
    expect(metricsAccess(withAuth('bearer secret'), 'secret')).toEqual({ ok: true });
    for (const wrong of ['Bearer secre', 'Bearer secret2', 'Basic secret', 'secret', 'Bearer ']) {
      expect(metricsAccess(withAuth(wrong), 'secret')).toMatchObject({ ok: false, status: 403 });
    }
    // No token configured: an Authorization header opens nothing.
    expect(metricsAccess(withAuth('Bearer '), '')).toMatchObject({ ok: false });
  });
});
