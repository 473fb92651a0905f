'use client';
/**
 * Labelled form controls for one scenario field each. The accessible name is the field's name
 * ("Latency"); the unit and hint are its description; the current value is announced by the
 * control itself (value, aria-valuetext, checked state, selected option).
 */
import { useEffect, useId, useState } from 'react';
import styles from './scenario-controls.module.css';

function describedBy(id: string, unit: string | undefined, hint: string | undefined) {
  const ids = [unit ? `${id}-unit` : '', hint ? `${id}-hint` : ''].filter(Boolean).join(' ');
  return ids || undefined;
}

function Hint({ id, hint }: { id: string; hint: string | undefined }) {
  return hint ? (
    <p id={`${id}-hint`} className={styles.hint}>
      {hint}
    </p>
  ) : null;
}

interface RangeProps {
  label: string;
  value: number;
  min: number;
  max: number;
  step: number;
  unit: string;
  /** Short unit for the announced value ("%"). */
  valueUnit?: string;
  hint?: string;
  onChange: (value: number) => void;
}

export function RangeField({
  label,
  value,
  min,
  max,
  step,
  unit,
  valueUnit,
  hint,
  onChange,
}: RangeProps) {
  const id = useId();
  const text = `${value} ${valueUnit ?? unit}`;
  return (
    <div className={styles.field}>
      <label htmlFor={id}>{label}</label>
      <span id={`${id}-unit`} className={styles.unit}>
        {unit}
      </span>
      <div className={styles.rangeRow}>
        <input
          id={id}
          type="range"
          min={min}
          max={max}
          step={step}
          value={value}
          aria-valuetext={text}
          aria-describedby={describedBy(id, unit, hint)}
          onChange={(e) => onChange(Number(e.target.value))}
        />
        <output htmlFor={id} aria-hidden="true" className={styles.readout}>
          {text}
        </output>
      </div>
      <Hint id={id} hint={hint} />
    </div>
  );
}

interface NumberProps {
  label: string;
  value: number;
  min: number;
  max: number;
  unit: string;
  hint?: string;
  onChange: (value: number) => void;
}

/**
 * A number box that commits only integers inside [min, max]. While the typed text is not one, the
 * box keeps it, marks itself invalid and says what it accepts (the scenario keeps its last value).
 */
export function NumberField({ label, value, min, max, unit, hint, onChange }: NumberProps) {
  const id = useId();
  const [draft, setDraft] = useState(String(value));
  useEffect(() => {
    // A value set from elsewhere (the link, Reset) replaces the draft unless it already means it.
    setDraft((d) => (Number(d) === value && d.trim() !== '' ? d : String(value)));
  }, [value]);
  const n = Number(draft);
  const valid = draft.trim() !== '' && Number.isInteger(n) && n >= min && n <= max;
  const errorId = `${id}-error`;
  return (
    <div className={styles.field}>
      <label htmlFor={id}>{label}</label>
      <span id={`${id}-unit`} className={styles.unit}>
        {unit}
      </span>
      <input
        id={id}
        type="number"
        inputMode="numeric"
        min={min}
        max={max}
        step={1}
        value={draft}
        aria-invalid={!valid}
        aria-describedby={[describedBy(id, unit, hint), valid ? '' : errorId]
          .filter(Boolean)
          .join(' ')}
        onChange={(e) => {
          const text = e.target.value;
          setDraft(text);
          const next = Number(text);
          if (text.trim() !== '' && Number.isInteger(next) && next >= min && next <= max) {
            onChange(next);
          }
        }}
      />
      {valid ? null : (
        <p id={errorId} className={styles.invalid}>
          {label} must be an integer from {min} to {max}; still using {value}.
        </p>
      )}
      <Hint id={id} hint={hint} />
    </div>
  );
}

interface ToggleProps {
  label: string;
  checked: boolean;
  hint?: string;
  onChange: (checked: boolean) => void;
}

export function ToggleField({ label, checked, hint, onChange }: ToggleProps) {
  const id = useId();
  return (
    <div className={styles.toggle}>
      <input
        id={id}
        type="checkbox"
        checked={checked}
        aria-describedby={hint ? `${id}-hint` : undefined}
        onChange={(e) => onChange(e.target.checked)}
      />
      <label htmlFor={id}>{label}</label>
      <span className={styles.state} aria-hidden="true">
        {checked ? 'on' : 'off'}
      </span>
      <Hint id={id} hint={hint} />
    </div>
  );
}

interface SelectProps<T extends string> {
  label: string;
  value: T;
  options: readonly { value: T; label: string }[];
  hint?: string;
  onChange: (value: T) => void;
}

export function SelectField<T extends string>({
  label,
  value,
  options,
  hint,
  onChange,
}: SelectProps<T>) {
  const id = useId();
  return (
    <div className={styles.field}>
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value}
        aria-describedby={hint ? `${id}-hint` : undefined}
        onChange={(e) => onChange(e.target.value as T)}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <Hint id={id} hint={hint} />
    </div>
  );
}
