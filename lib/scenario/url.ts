/**
 * Scenario ⇄ URL query. Decoding never throws: each bad or unknown parameter becomes a specific
 * message naming it and its allowed values, and the rest of the link still applies.
 */
import { z } from 'zod';
import {
  allowedValues,
  DEFAULT_SCENARIO,
  SCENARIO_KEYS,
  type Scenario,
  type ScenarioKey,
  scenarioShape,
} from './schema';

export interface ParamProblem {
  param: string;
  value: string;
  message: string;
}

export interface DecodedScenario {
  scenario: Scenario;
  problems: ParamProblem[];
}

/**
 * `?defaults` says "every default, on purpose": a lesson opened bare is redirected to its teaching
 * scenario, so a link to the plain defaults must say so.
 */
export const DEFAULTS_PARAM = 'defaults';

/** Query keys that belong to the page, not the scenario (kept, not reported). */
const PASS_THROUGH = new Set(['utm_source', 'ref', DEFAULTS_PARAM]);

function parseRaw(key: ScenarioKey, raw: string): unknown {
  const field = scenarioShape[key].unwrap();
  if (field instanceof z.ZodBoolean) {
    if (raw === '1' || raw === 'true') return true;
    if (raw === '0' || raw === 'false') return false;
    return raw;
  }
  if (field instanceof z.ZodNumber) {
    return raw.trim() === '' || !Number.isFinite(Number(raw)) ? raw : Number(raw);
  }
  return raw;
}

export function decodeScenario(query: URLSearchParams | string): DecodedScenario {
  const params = typeof query === 'string' ? new URLSearchParams(query) : query;
  const scenario: Scenario = { ...DEFAULT_SCENARIO };
  const problems: ParamProblem[] = [];
  const known = new Set<string>(SCENARIO_KEYS);
  const seen = new Set<string>();
  for (const [param, value] of params) {
    if (!known.has(param)) {
      if (!PASS_THROUGH.has(param)) {
        problems.push({
          param,
          value,
          message: `Unknown parameter "${param}" was ignored. Known parameters: ${SCENARIO_KEYS.join(', ')}.`,
        });
      }
      continue;
    }
    const key = param as ScenarioKey;
    if (seen.has(key)) {
      problems.push({
        param,
        value,
        message: `"${param}" appears more than once; the first value was used.`,
      });
      continue;
    }
    seen.add(key);
    const result = scenarioShape[key].safeParse(parseRaw(key, value));
    if (result.success) {
      (scenario as Record<ScenarioKey, unknown>)[key] = result.data;
    } else {
      problems.push({
        param,
        value,
        message: `"${param}=${value}" is not allowed: ${param} must be ${allowedValues(key)}. Using the default (${String(DEFAULT_SCENARIO[key])}).`,
      });
    }
  }
  return { scenario, problems };
}

/** One parameter's value from its URL text, or null when it is not allowed (URL-state libraries use this). */
export function parseParam<K extends ScenarioKey>(key: K, raw: string): Scenario[K] | null {
  const result = scenarioShape[key].safeParse(parseRaw(key, raw));
  return result.success ? (result.data as Scenario[K]) : null;
}

/** One parameter's URL text. */
export function serializeParam<K extends ScenarioKey>(_key: K, value: Scenario[K]): string {
  return encodeValue(value);
}

function encodeValue(value: Scenario[ScenarioKey]): string {
  if (typeof value === 'boolean') return value ? '1' : '0';
  return String(value);
}

/** Only non-default values, in schema order, so links stay short and stable. */
export function encodeScenario(scenario: Scenario): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of SCENARIO_KEYS) {
    if (scenario[key] !== DEFAULT_SCENARIO[key]) params.set(key, encodeValue(scenario[key]));
  }
  return params;
}

/** A link that reproduces `scenario`; every default is written `?defaults` (see DEFAULTS_PARAM). */
export function scenarioLink(path: string, scenario: Scenario): string {
  const query = encodeScenario(scenario).toString();
  return `${path}?${query || DEFAULTS_PARAM}`;
}
