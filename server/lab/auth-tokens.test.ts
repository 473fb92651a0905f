import { describe, expect, it } from 'vitest';
import { AuthTokens, MAX_TOKENS } from './auth-tokens';

describe('AuthTokens', () => {
  it('says precisely why a token is refused', () => {
    let now = 1_000;
    const tokens = new AuthTokens(() => now);
    const a = tokens.issue('ann', 500)!;
    expect(tokens.check(a.token)).toEqual({ ok: true, record: a });
    expect(tokens.check(undefined)).toEqual({ ok: false, reason: 'token required' });
    expect(tokens.check('nope')).toEqual({ ok: false, reason: 'invalid token' });
    now = 1_500;
    expect(tokens.check(a.token)).toEqual({ ok: false, reason: 'token expired' });
  });

  it('revokes every live token of a user, and only theirs', () => {
    const tokens = new AuthTokens(() => 0);
    const a1 = tokens.issue('ann', 1000)!;
    const a2 = tokens.issue('ann', 1000)!;
    const b = tokens.issue('bob', 1000)!;
    expect(tokens.revoke('ann')).toBe(2);
    expect(tokens.revoke('ann')).toBe(0);
    expect(tokens.check(a1.token)).toEqual({ ok: false, reason: 'token revoked' });
    expect(tokens.check(a2.token)).toMatchObject({ ok: false });
    expect(tokens.check(b.token)).toMatchObject({ ok: true });
  });

  it('is bounded: drops dead records first, refuses when full of live ones', () => {
    let now = 0;
    const tokens = new AuthTokens(() => now);
    for (let i = 0; i < MAX_TOKENS; i += 1) tokens.issue('u', 10);
    expect(tokens.issue('u', 10)).toBeNull();
    now = 20;
    expect(tokens.issue('u', 10)).not.toBeNull();
    expect(tokens.size).toBe(1);
  });
});
