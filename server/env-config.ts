/**
 * Gate and capacity settings from the environment, each checked with an error that names it:
 *   ALLOWED_ORIGINS          origins besides the server's own that may open sessions (comma separated)
 *   TRUST_PROXY=1            client address from X-Forwarded-For, scheme from X-Forwarded-Proto
 *   MAX_SESSIONS             open pages at once (default 500)
 *   MAX_SESSIONS_PER_CLIENT  open pages per client address (default 16)
 *   SESSIONS_PER_MINUTE      new sessions per client per minute (default 60, bursts of 30)
 */
import { DEFAULT_CLIENT_CAPS } from './gate/client-caps';
import type { GateOptions } from './gate/gate';
import { parseAllowedOrigins } from './gate/origin';

type Env = Readonly<Record<string, string | undefined>>;

function positiveInt(env: Env, name: string, fallback: number): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < 1 || value > 1_000_000) {
    throw new Error(`${name} must be an integer 1-1000000, got ${JSON.stringify(text)}`);
  }
  return value;
}

export interface EnvConfig {
  gate: GateOptions;
  maxSessions: number;
}

export function configFromEnv(env: Env = process.env): EnvConfig {
  const trust = env.TRUST_PROXY ?? '';
  if (!['', '0', '1', 'true', 'false'].includes(trust)) {
    throw new Error(`TRUST_PROXY must be 1 or 0, got ${JSON.stringify(trust)}`);
  }
  const perMinute = positiveInt(env, 'SESSIONS_PER_MINUTE', DEFAULT_CLIENT_CAPS.perMinute);
  return {
    gate: {
      allowedOrigins: parseAllowedOrigins(env.ALLOWED_ORIGINS),
      trustProxy: trust === '1' || trust === 'true',
      clientCaps: {
        maxOpenPerClient: positiveInt(
          env,
          'MAX_SESSIONS_PER_CLIENT',
          DEFAULT_CLIENT_CAPS.maxOpenPerClient,
        ),
        perMinute,
        burst: Math.max(1, Math.round(perMinute / 2)),
      },
    },
    maxSessions: positiveInt(env, 'MAX_SESSIONS', 500),
  };
}
