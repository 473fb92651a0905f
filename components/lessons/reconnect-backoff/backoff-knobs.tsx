'use client';

import { useId, useState } from 'react';
import { allowedValues, type Scenario, scenarioShape } from '@/lib/scenario/schema';
import type { ScenarioState } from '../../controls/use-scenario';
import styles from '../shared/panel.module.css';

type Knob =
  | 'backoffBase'
  | 'backoffFactor'
  | 'backoffCap'
  | 'backoffJitter'
  | 'retries'
  | 'clients';

const KNOBS: readonly { key: Knob; label: string; step: number }[] = [
  { key: 'backoffBase', label: 'Base delay (ms)', step: 100 },
  { key: 'backoffFactor', label: 'Factor', step: 0.1 },
  { key: 'backoffCap', label: 'Cap (ms)', step: 500 },
  { key: 'backoffJitter', label: 'Jitter (0-1)', step: 0.05 },
  { key: 'retries', label: 'Retry limit', step: 1 },
  { key: 'clients', label: 'Simulated clients', step: 1 },
];

/** The scenario's backoff knobs (in the link); a refused value is named and not applied. */
export function BackoffKnobs({ state }: { state: ScenarioState }) {
  const base = useId();
  const [drafts, setDrafts] = useState<Partial<Record<Knob, string>>>({});
  const problems: string[] = [];
  const change = (key: Knob, text: string) => {
    setDrafts((d) => ({ ...d, [key]: text }));
    const parsed = scenarioShape[key].safeParse(text.trim() === '' ? Number.NaN : Number(text));
    if (parsed.success) state.set({ [key]: parsed.data } as Partial<Scenario>);
  };
  for (const k of KNOBS) {
    const draft = drafts[k.key];
    if (draft === undefined) continue;
    const ok = scenarioShape[k.key].safeParse(draft.trim() === '' ? Number.NaN : Number(draft));
    if (!ok.success)
      problems.push(`${k.label} ${JSON.stringify(draft)} refused: ${allowedValues(k.key)}.`);
  }
  return (
    <fieldset className={styles.controls}>
      <legend>Backoff knobs (saved in the link)</legend>
      {KNOBS.map((k) => (
        <span key={k.key}>
          <label htmlFor={`${base}-${k.key}`}>{k.label}</label>{' '}
          <input
            id={`${base}-${k.key}`}
            type="number"
            step={k.step}
            value={drafts[k.key] ?? String(state.scenario[k.key])}
            onChange={(e) => change(k.key, e.currentTarget.value)}
            style={{ width: '5.5rem' }}
          />
        </span>
      ))}
      {problems.length > 0 ? (
        <p role="alert" className={styles.bad}>
          {problems.join(' ')}
        </p>
      ) : null}
    </fieldset>
  );
}
