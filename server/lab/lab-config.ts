/**
 * The lab node's knobs: heartbeat timing (Engine.IO and the raw ws endpoint), the long-poll hold and
 * the SSE keep-alive. One table holds each knob's default and range; `configure()` and
 * `POST /lab/<s>/config` both validate against it.
 */

import type { LabConfig } from '../../lib/lab/endpoints';
import type { Params } from './params';

export type { LabConfig } from '../../lib/lab/endpoints';

export const DEFAULT_LAB_CONFIG: LabConfig = {
  pingInterval: 25_000,
  pingTimeout: 20_000,
  wsPing: false,
  holdMs: 25_000,
  sseKeepAliveMs: 15_000,
};

/** Integer knobs: [min, max] in ms. pingInterval/pingTimeout match lib/scenario/schema.ts. */
export const LAB_CONFIG_RANGES = {
  pingInterval: [500, 120_000],
  pingTimeout: [500, 120_000],
  holdMs: [100, 120_000],
  sseKeepAliveMs: [500, 120_000],
} as const satisfies Record<Exclude<keyof LabConfig, 'wsPing'>, readonly [number, number]>;

type IntKey = keyof typeof LAB_CONFIG_RANGES;
const INT_KEYS = Object.keys(LAB_CONFIG_RANGES) as IntKey[];

export type ConfigResult = { ok: true; patch: Partial<LabConfig> } | { ok: false; error: string };

/** Validates a patch given as an object (the session's configure call). */
export function checkConfigPatch(input: unknown): ConfigResult {
  if (typeof input !== 'object' || input === null) {
    return { ok: false, error: 'configuration must be an object' };
  }
  const patch: Partial<LabConfig> = {};
  for (const [key, value] of Object.entries(input as Record<string, unknown>)) {
    if (value === undefined) continue;
    if (key === 'wsPing') {
      if (typeof value !== 'boolean') return { ok: false, error: 'wsPing must be true or false' };
      patch.wsPing = value;
      continue;
    }
    const range = (LAB_CONFIG_RANGES as Record<string, readonly [number, number]>)[key];
    if (range === undefined) {
      return {
        ok: false,
        error: `unknown setting ${JSON.stringify(key)}; allowed: ${[...INT_KEYS, 'wsPing'].join(', ')}`,
      };
    }
    const [min, max] = range;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      return { ok: false, error: `${key} must be an integer from ${min} to ${max} (ms)` };
    }
    patch[key as IntKey] = value;
  }
  return { ok: true, patch };
}

/** Validates a patch given as query parameters (`POST /lab/<s>/config?…`). */
export function configPatchFromQuery(params: Params): ConfigResult {
  const patch: Partial<LabConfig> = {};
  for (const key of INT_KEYS) {
    const [min, max] = LAB_CONFIG_RANGES[key];
    const value = params.int(key, min, max, undefined);
    if (value !== undefined) patch[key] = value;
  }
  if (params.has('wsPing')) patch.wsPing = params.bool('wsPing', false);
  params.rejectUnknown();
  return params.error === null ? { ok: true, patch } : { ok: false, error: params.error };
}
