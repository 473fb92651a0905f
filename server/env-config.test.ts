import { describe, expect, it } from 'vitest';
import { configFromEnv } from './env-config';

describe('configFromEnv', () => {
  it('defaults to the own origin only, no proxy trust, and the default caps', () => {
    const config = configFromEnv({});
    expect(config.gate.allowedOrigins).toEqual([]);
    expect(config.gate.trustProxy).toBe(false);
    expect(config.maxSessions).toBe(500);
    expect(config.gate.clientCaps.maxOpenPerClient).toBe(16);
  });

  it('reads every setting', () => {
    const config = configFromEnv({
      ALLOWED_ORIGINS: 'https://a.example',
      TRUST_PROXY: '1',
      MAX_SESSIONS: '40',
      MAX_SESSIONS_PER_CLIENT: '3',
      SESSIONS_PER_MINUTE: '10',
    });
    expect(config).toEqual({
      gate: {
        allowedOrigins: ['https://a.example'],
        trustProxy: true,
        clientCaps: { maxOpenPerClient: 3, perMinute: 10, burst: 5 },
      },
      maxSessions: 40,
    });
  });

  it('names a bad setting and its value', () => {
    expect(() => configFromEnv({ MAX_SESSIONS: '1e3' })).toThrow(/MAX_SESSIONS must be .*"1e3"/);
    expect(() => configFromEnv({ TRUST_PROXY: 'yes' })).toThrow(/TRUST_PROXY/);
    expect(() => configFromEnv({ ALLOWED_ORIGINS: 'evil' })).toThrow(/ALLOWED_ORIGINS: "evil"/);
  });
});
