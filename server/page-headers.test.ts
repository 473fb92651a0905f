import type { IncomingMessage, ServerResponse } from 'node:http';
import { getScriptNonceFromHeader } from 'next/dist/server/app-render/get-script-nonce-from-header';
import { describe, expect, it } from 'vitest';
import { applyPageHeaders, contentSecurityPolicy, makeNonce } from './page-headers';

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp.split(';').map((d) => {
      const [name = '', ...sources] = d.trim().split(/\s+/);
      return [name, sources];
    }),
  );
}

describe('contentSecurityPolicy', () => {
  it('is nonce-based in production, with no unsafe-inline scripts and no eval', () => {
    const csp = directives(contentSecurityPolicy({ nonce: 'abc+/=', dev: false }));
    expect(csp.get('script-src')).toEqual(["'self'", "'nonce-abc+/='", "'strict-dynamic'"]);
    expect(csp.get('style-src')).toEqual(["'self'", "'nonce-abc+/='"]);
    expect(csp.get('connect-src')).toEqual(["'self'"]);
    expect(csp.get('img-src')).toEqual(["'self'", 'blob:', 'data:']);
    expect(csp.get('worker-src')).toEqual(["'self'", 'blob:']);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    expect(csp.get('default-src')).toEqual(["'self'"]);
    const all = [...csp.values()].flat();
    expect(all).not.toContain("'unsafe-eval'");
    expect(csp.get('script-src')).not.toContain("'unsafe-inline'");
  });

  it("adds 'unsafe-eval' and inline styles only in dev", () => {
    const csp = directives(contentSecurityPolicy({ nonce: 'n', dev: true }));
    expect(csp.get('script-src')).toContain("'unsafe-eval'");
    expect(csp.get('script-src')).toContain("'nonce-n'");
    // A nonce next to 'unsafe-inline' would switch it off: dev styles carry no nonce.
    expect(csp.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
  });

  it('is the nonce Next reads back from the request header', () => {
    const nonce = makeNonce();
    expect(getScriptNonceFromHeader(contentSecurityPolicy({ nonce, dev: false }))).toBe(nonce);
    expect(getScriptNonceFromHeader(contentSecurityPolicy({ nonce, dev: true }))).toBe(nonce);
  });
});

describe('makeNonce', () => {
  it('is 128 random bits in base64, fresh each time', () => {
    const nonces = new Set(Array.from({ length: 100 }, () => makeNonce()));
    expect(nonces.size).toBe(100);
    for (const n of nonces) expect(Buffer.from(n, 'base64')).toHaveLength(16);
  });
});

describe('applyPageHeaders', () => {
  it("replaces the client's CSP on the request and sets the same policy on the response", () => {
    const req = {
      headers: {
        'content-security-policy': "script-src 'nonce-chosen-by-attacker'",
        'content-security-policy-report-only': "script-src 'nonce-x'",
      },
    } as unknown as IncomingMessage;
    const set = new Map<string, string>();
    const res = {
      setHeader: (name: string, value: string) => set.set(name.toLowerCase(), value),
    } as unknown as ServerResponse;
    const nonce = applyPageHeaders(req, res, false);
    expect(req.headers['content-security-policy']).toBe(set.get('content-security-policy'));
    expect(req.headers['content-security-policy-report-only']).toBeUndefined();
    expect(getScriptNonceFromHeader(String(req.headers['content-security-policy']))).toBe(nonce);
    expect(set.get('x-content-type-options')).toBe('nosniff');
    expect(set.get('x-frame-options')).toBe('DENY');
    expect(set.get('referrer-policy')).toBe('no-referrer');
  });
});
