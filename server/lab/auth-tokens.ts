/**
 * The lab node's token store for the auth lesson (13). Tokens are random 128-bit ids (base64url)
 * mapped to {user, exp}; nothing is signed because nothing leaves this process. A record is kept
 * after it expires or is revoked, so a reconnect is told precisely why it is refused ("token
 * expired", "token revoked") rather than "invalid token"; when the store is full (MAX_TOKENS),
 * expired records are dropped first.
 */
import { randomBytes } from 'node:crypto';

export const TOKEN_TTL_RANGE = [500, 3_600_000] as const;
export const DEFAULT_TTL_MS = 60_000;
export const USER_PATTERN = /^[A-Za-z0-9_.-]{1,40}$/;
export const USER_DESCRIPTION = '1-40 characters from A-Z a-z 0-9 _ . -';
export const MAX_TOKENS = 1000;

export interface TokenRecord {
  token: string;
  user: string;
  /** Date.now() at which the token expires. */
  exp: number;
  revoked: boolean;
}

export type TokenCheck =
  | { ok: true; record: TokenRecord }
  | { ok: false; reason: 'token required' | 'invalid token' | 'token expired' | 'token revoked' };

export class AuthTokens {
  private readonly records = new Map<string, TokenRecord>();

  constructor(private readonly now: () => number = Date.now) {}

  /** A new token for `user`, or null when the store is full of live tokens. */
  issue(user: string, ttlMs: number): TokenRecord | null {
    if (this.records.size >= MAX_TOKENS) this.prune();
    if (this.records.size >= MAX_TOKENS) return null;
    const record: TokenRecord = {
      token: randomBytes(16).toString('base64url'),
      user,
      exp: this.now() + ttlMs,
      revoked: false,
    };
    this.records.set(record.token, record);
    return record;
  }

  check(token: unknown): TokenCheck {
    if (typeof token !== 'string' || token === '') return { ok: false, reason: 'token required' };
    const record = this.records.get(token);
    if (record === undefined) return { ok: false, reason: 'invalid token' };
    if (record.revoked) return { ok: false, reason: 'token revoked' };
    if (record.exp <= this.now()) return { ok: false, reason: 'token expired' };
    return { ok: true, record };
  }

  /** Revokes every token of `user`; returns how many were still live. */
  revoke(user: string): number {
    let count = 0;
    for (const record of this.records.values()) {
      if (record.user !== user || record.revoked) continue;
      if (record.exp > this.now()) count += 1;
      record.revoked = true;
    }
    return count;
  }

  get size(): number {
    return this.records.size;
  }

  clear(): void {
    this.records.clear();
  }

  private prune(): void {
    const now = this.now();
    for (const [token, record] of this.records) {
      if (record.exp <= now || record.revoked) this.records.delete(token);
    }
  }
}
