'use client';
/** The lesson knobs that are scenario fields (so a link reproduces them), as number boxes. */
import { type ScenarioKey, scenarioShape } from '@/lib/scenario/schema';
import { NumberField } from '../../controls/fault-fields';
import type { ScenarioState } from '../../controls/use-scenario';
import styles from './panel.module.css';

export type KnobKey = 'rate' | 'size' | 'hold' | 'pollInterval';

const KNOBS: Record<KnobKey, { label: string; unit: string; hint: string }> = {
  rate: {
    label: 'Rate',
    unit: 'msg/s',
    hint: 'The server-side producer pushes this many messages per second to every transport; 0 stops it.',
  },
  size: { label: 'Message size', unit: 'bytes', hint: 'Bytes of data in each produced message.' },
  hold: {
    label: 'Hold',
    unit: 'ms',
    hint: 'How long the server holds a GET /poll with nothing to deliver before answering 204 (?wait=).',
  },
  pollInterval: {
    label: 'Short-poll interval',
    unit: 'ms',
    hint: 'Short polling: the pause between one GET /poll?wait=0 answer and the next GET.',
  },
};

function limits(key: ScenarioKey): { min: number; max: number } {
  const field = scenarioShape[key].unwrap() as {
    minValue?: number | null;
    maxValue?: number | null;
  };
  return { min: field.minValue ?? 0, max: field.maxValue ?? 0 };
}

export function Knobs({ state, keys }: { state: ScenarioState; keys: readonly KnobKey[] }) {
  return (
    <fieldset className={styles.controls}>
      <legend>Lesson knobs (kept in the link)</legend>
      {keys.map((key) => (
        <NumberField
          key={key}
          label={KNOBS[key].label}
          unit={KNOBS[key].unit}
          hint={KNOBS[key].hint}
          value={state.scenario[key]}
          {...limits(key)}
          onChange={(value) => state.set({ [key]: value })}
        />
      ))}
    </fieldset>
  );
}
