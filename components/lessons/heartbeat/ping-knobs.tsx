'use client';

import { useId, useState } from 'react';
import { allowedValues, type Scenario, scenarioShape } from '@/lib/scenario/schema';
import styles from '../shared/panel.module.css';

type Key = 'pingInterval' | 'pingTimeout';

const LABELS: Record<Key, string> = {
  pingInterval: 'Ping interval (ms)',
  pingTimeout: 'Ping timeout (ms)',
};

/** One heartbeat knob: validated by the scenario schema; an out-of-range value is refused, named. */
function Knob({ name, value, set }: { name: Key; value: number; set: (v: number) => void }) {
  const id = useId();
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const commit = () => {
    if (draft === null) return;
    const parsed = scenarioShape[name].safeParse(Number(draft));
    if (draft.trim() === '' || !parsed.success) {
      setError(`${LABELS[name]}: ${JSON.stringify(draft)} refused; ${allowedValues(name)}.`);
      return;
    }
    setError(null);
    setDraft(null);
    set(parsed.data);
  };
  return (
    <div>
      <label htmlFor={id}>{LABELS[name]}</label>{' '}
      <input
        id={id}
        type="number"
        inputMode="numeric"
        step={100}
        value={draft ?? String(value)}
        aria-invalid={error !== null}
        aria-describedby={`${id}-err`}
        onChange={(e) => setDraft(e.currentTarget.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
        }}
        size={7}
      />
      <span id={`${id}-err`} role={error ? 'alert' : undefined} className={styles.bad}>
        {error ? ` ${error}` : ''}
      </span>
    </div>
  );
}

export function PingKnobs({
  scenario,
  set,
}: {
  scenario: Scenario;
  set: (patch: Partial<Scenario>) => void;
}) {
  return (
    <fieldset className={styles.controls}>
      <legend className="visually-hidden">Heartbeat timing</legend>
      <Knob
        name="pingInterval"
        value={scenario.pingInterval}
        set={(v) => set({ pingInterval: v })}
      />
      <Knob name="pingTimeout" value={scenario.pingTimeout} set={(v) => set({ pingTimeout: v })} />
      <span className={styles.status}>
        Socket.IO applies them to connections made after the change; the raw WebSocket’s protocol
        pings restart with them at once.
      </span>
    </fieldset>
  );
}
