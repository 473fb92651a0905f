'use client';
/**
 * The fault and transport panel every page gets. Each control edits the scenario in the URL; the
 * page forwards the scenario to the session's edge, which applies it to live traffic.
 */
import { useId, useState } from 'react';
import { INITIAL_RTO_MS, RTO_SOURCE } from '@/lib/faults/stream-timing';
import type { EdgeAction } from '@/lib/mirror/protocol';
import {
  clearedFaults,
  DIRECTIONS,
  hasFaults,
  type ScenarioKey,
  scenarioShape,
  type Transport,
} from '@/lib/scenario/schema';
import { scenarioLink } from '@/lib/scenario/url';
import { NumberField, RangeField, SelectField, ToggleField } from './fault-fields';
import styles from './scenario-controls.module.css';
import { TransportField } from './transport-field';
import type { ScenarioState } from './use-scenario';

interface Props {
  state: ScenarioState;
  /** Transports that make sense on this page, in the order to offer them. */
  transports: readonly Transport[];
  /** Fields this page shows elsewhere (a lesson's own failure toggles). */
  omit?: readonly ScenarioKey[];
  /** "This lesson" or "This page", for the transports statement. */
  subject?: string;
  onAction: (action: EdgeAction) => void;
}

const DIRECTION_LABELS = {
  both: 'Both directions',
  up: 'Browser → server',
  down: 'Server → browser',
};

/** Range limits straight from the schema, so the controls cannot disagree with the links. */
function limits(key: ScenarioKey): { min: number; max: number } {
  const field = scenarioShape[key].unwrap() as {
    minValue?: number | null;
    maxValue?: number | null;
  };
  return { min: field.minValue ?? 0, max: field.maxValue ?? 0 };
}

export const LOSS_HINT = `TCP never loses a WebSocket frame: a lost segment is resent after the retransmission timeout (${INITIAL_RTO_MS} ms: ${RTO_SOURCE}; doubling on each repeat) and every byte behind it waits. This control models loss as those stalls.`;

export function ScenarioControls({
  state,
  transports,
  omit = [],
  subject = 'This lesson',
  onAction,
}: Props) {
  const { scenario: s, set } = state;
  const [copied, setCopied] = useState('');
  const [link, setLink] = useState('');
  const linkId = useId();
  const show = (key: ScenarioKey) => !omit.includes(key);

  const copyLink = async () => {
    const next = `${window.location.origin}${scenarioLink(window.location.pathname, s)}`;
    setLink(next);
    try {
      await navigator.clipboard.writeText(next);
      setCopied('Link copied to the clipboard.');
    } catch {
      setCopied('The clipboard is not available: copy the link from the box.');
    }
  };

  const range = (key: 'loss' | 'drop' | 'dup' | 'reorder') => limits(key);

  return (
    <section className={styles.panel} aria-labelledby="controls-heading">
      <h2 id="controls-heading">Network and transport</h2>
      <div className={styles.grid}>
        {show('transport') ? (
          <TransportField
            value={s.transport}
            transports={transports}
            subject={subject}
            onChange={set}
          />
        ) : null}
        <NumberField
          label="Seed"
          unit="dice for every fault: the same seed drops the same frames"
          {...limits('seed')}
          value={s.seed}
          onChange={(seed) => set({ seed })}
        />
        <SelectField
          label="Fault direction"
          value={s.dir}
          options={DIRECTIONS.map((d) => ({ value: d, label: DIRECTION_LABELS[d] }))}
          onChange={(dir) => set({ dir })}
        />
      </div>

      <fieldset className={styles.group}>
        <legend>Link</legend>
        <RangeField
          label="Packet loss"
          unit="% of TCP segments, as retransmission stalls"
          valueUnit="%"
          value={s.loss}
          {...range('loss')}
          step={0.5}
          hint={LOSS_HINT}
          onChange={(loss) => set({ loss })}
        />
        <NumberField
          label="Latency"
          unit="ms added one way"
          {...limits('latency')}
          value={s.latency}
          onChange={(latency) => set({ latency })}
        />
        <NumberField
          label="Jitter"
          unit="± ms, random per chunk (seeded)"
          {...limits('jitter')}
          value={s.jitter}
          onChange={(jitter) => set({ jitter })}
        />
        <NumberField
          label="Bandwidth"
          unit="bytes per second, 0 = unlimited"
          {...limits('bandwidth')}
          value={s.bandwidth}
          onChange={(bandwidth) => set({ bandwidth })}
        />
      </fieldset>

      <fieldset className={styles.group}>
        <legend>Proxy misbehaviour</legend>
        <p className={styles.groupNote}>
          Drop, duplicate and reorder act on whole WebSocket data frames. HTTP traffic (long
          polling, SSE, Engine.IO polling) is never cut into messages, so they leave it untouched.
        </p>
        <RangeField
          label="Message drop"
          unit="% of whole frames / packets"
          valueUnit="%"
          value={s.drop}
          {...range('drop')}
          step={1}
          onChange={(drop) => set({ drop })}
        />
        <RangeField
          label="Duplicate"
          unit="% of frames sent twice"
          valueUnit="%"
          value={s.dup}
          {...range('dup')}
          step={1}
          onChange={(dup) => set({ dup })}
        />
        <RangeField
          label="Reorder"
          unit="% of frames held back behind the next"
          valueUnit="%"
          value={s.reorder}
          {...range('reorder')}
          step={1}
          onChange={(reorder) => set({ reorder })}
        />
        <NumberField
          label="Idle timeout"
          unit="seconds without bytes, 0 = off"
          {...limits('idle')}
          value={s.idle}
          hint="Like a load balancer's idle timeout (nginx's proxy_read_timeout and an AWS Application Load Balancer's idle timeout both default to 60 s): the proxy closes a connection that carried no bytes for this long."
          onChange={(idle) => set({ idle })}
        />
        <NumberField
          label="Slow close"
          unit="ms the proxy holds a FIN before passing it on, 0 = off"
          {...limits('slowClose')}
          value={s.slowClose}
          onChange={(slowClose) => set({ slowClose })}
        />
        <ToggleField
          label="Blackhole"
          checked={s.blackhole}
          hint="Half-open: bytes vanish, with no FIN and no RST."
          onChange={(blackhole) => set({ blackhole })}
        />
        {show('strip') ? (
          <ToggleField
            label="Strip Upgrade header"
            checked={s.strip}
            hint="The proxy removes Upgrade and Connection from requests, so WebSocket handshakes fail."
            onChange={(strip) => set({ strip })}
          />
        ) : null}
      </fieldset>

      <div className={styles.actions}>
        <button type="button" onClick={() => set(clearedFaults())} disabled={!hasFaults(s)}>
          Clear faults
        </button>
        <button type="button" onClick={copyLink}>
          Copy link
        </button>
        <p role="status" className={styles.status}>
          {copied}
        </p>
      </div>
      <fieldset className={styles.group}>
        <legend>Actions on your connections, now</legend>
        <p className={styles.hint}>These act once; they change no setting above.</p>
        <div className={styles.actions}>
          <button type="button" onClick={() => onAction('reset')}>
            Send TCP reset (RST) to open connections
          </button>
          <button type="button" onClick={() => onAction('restart-node')}>
            Restart the lab server
          </button>
        </div>
      </fieldset>
      {link ? (
        <div className={styles.field}>
          <label htmlFor={linkId}>Scenario link</label>
          <input
            id={linkId}
            type="text"
            readOnly
            value={link}
            onFocus={(e) => e.currentTarget.select()}
          />
        </div>
      ) : null}
    </section>
  );
}
