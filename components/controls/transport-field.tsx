'use client';
/**
 * The "Transport" select, limited to the transports a page applies to, with the statement of which
 * ones apply. With one transport there is nothing to choose: the statement replaces the select.
 */
import {
  DEFAULT_SCENARIO,
  type Scenario,
  TRANSPORT_LABELS,
  TRANSPORTS,
  type Transport,
} from '@/lib/scenario/schema';
import { SelectField } from './fault-fields';
import styles from './scenario-controls.module.css';

interface Props {
  value: Transport;
  transports: readonly Transport[];
  /** "This lesson" / "This page". */
  subject?: string;
  onChange: (patch: Partial<Scenario>) => void;
}

export function appliesText(transports: readonly Transport[], subject = 'This lesson'): string {
  return `${subject} applies to: ${transports.map((t) => TRANSPORT_LABELS[t]).join('; ')}.`;
}

export function TransportField({ value, transports, subject = 'This lesson', onChange }: Props) {
  const outside = !transports.includes(value);
  // The default transport is no request of the link's: only an explicit one deserves a note.
  const asked = outside && value !== DEFAULT_SCENARIO.transport;
  return (
    <div className={styles.transport}>
      {transports.length > 1 ? (
        <SelectField
          label="Transport"
          value={outside ? (transports[0] as Transport) : value}
          options={transports.map((t) => ({ value: t, label: TRANSPORT_LABELS[t] }))}
          onChange={(transport) => onChange({ transport })}
        />
      ) : null}
      {transports.length < TRANSPORTS.length ? (
        <p className={styles.applies} data-testid="applies-to">
          {appliesText(transports, subject)}
        </p>
      ) : null}
      {asked ? (
        <p className={styles.invalid} role="note">
          The link asks for transport “{TRANSPORT_LABELS[value]}” ({value}), which{' '}
          {subject.toLowerCase()} does not use; it runs{' '}
          {TRANSPORT_LABELS[transports[0] as Transport]}.
        </p>
      ) : null}
    </div>
  );
}
