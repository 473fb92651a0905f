'use client';
/**
 * The scenario in the URL, kept in sync by nuqs. Parsers come from lib/scenario (one schema: names,
 * defaults, ranges), so the link the learner copies is exactly what the edge applies.
 */
import { createParser, useQueryStates } from 'nuqs';
import { useMemo, useState } from 'react';
import {
  DEFAULT_SCENARIO,
  SCENARIO_KEYS,
  type Scenario,
  type ScenarioKey,
} from '@/lib/scenario/schema';
import { decodeScenario, type ParamProblem, parseParam, serializeParam } from '@/lib/scenario/url';

function parserFor<K extends ScenarioKey>(key: K) {
  return createParser<Scenario[K]>({
    parse: (raw) => parseParam(key, raw),
    serialize: (value) => serializeParam(key, value),
  }).withDefault(DEFAULT_SCENARIO[key] as NonNullable<Scenario[K]>);
}

const parsers = Object.fromEntries(SCENARIO_KEYS.map((k) => [k, parserFor(k)])) as {
  [K in ScenarioKey]: ReturnType<typeof parserFor<K>>;
};

export interface ScenarioState {
  scenario: Scenario;
  set: (patch: Partial<Scenario>) => void;
  /** Problems with the link the page was opened with (bad or unknown parameters), named. */
  problems: ParamProblem[];
  dismissProblems: () => void;
}

export function useScenario(): ScenarioState {
  const [values, setValues] = useQueryStates(parsers, {
    // Faults change live: never reload the page or reopen the mirror, never add history entries.
    history: 'replace',
    shallow: true,
    clearOnDefault: true,
  });
  // Problems are about the link as opened; read once, before nuqs rewrites the URL.
  const [problems, setProblems] = useState<ParamProblem[]>(() =>
    typeof window === 'undefined' ? [] : decodeScenario(window.location.search).problems,
  );
  const scenario = useMemo(() => ({ ...DEFAULT_SCENARIO, ...values }) as Scenario, [values]);
  return {
    scenario,
    set: (patch) => {
      void setValues(patch);
    },
    problems,
    dismissProblems: () => setProblems([]),
  };
}
