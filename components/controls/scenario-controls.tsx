'use client';
/**
 * The fault and transport panel every lesson gets. Each control edits the scenario in the URL; the
 * page forwards the scenario to the session's edge, which applies it to live traffic.
 */
import { useState } from 'react';
import type { EdgeAction } from '@/lib/mirror/protocol';
import { DIRECTIONS, TRANSPORT_LABELS, type Transport } from '@/lib/scenario/schema';
import { NumberField, RangeField, SelectField, ToggleField } from './fault-fields';
import styles from './scenario-controls.module.css';
import type { ScenarioState } from './use-scenario';

interface Props {
  state: ScenarioState;
  /** Transports that make sense in this lesson, in the order to offer them. */
  transports: readonly Transport[];
  onAction: (action: EdgeAction) => void;
}

const DIRECTION_LABELS = {
  both: 'Both directions',
  up: 'Browser → server',
  down: 'Server → browser',
};

export function ScenarioControls({ state, transports, onAction }: Props) {
  const { scenario: s, set } = state;
  const [copied, setCopied] = useState<string>('');

  const copyLink = async () => {
    const link = window.location.href;
    try {
      await navigator.clipboard.writeText(link);
      setCopied('Link copied.');
    } catch {
      setCopied(`Copy this link: ${link}`);
    }
  };

  return (
    <section className={styles.panel} aria-labelledby="controls-heading">
      <h2 id="controls-heading">Network and transport</h2>
      {state.problems.length > 0 ? (
        <div role="alert" className={styles.problems}>
          <p>Some link parameters were not applied:</p>
          <ul>
            {state.problems.map((p) => (
              <li key={`${p.param}=${p.value}`}>{p.message}</li>
            ))}
          </ul>
          <button type="button" onClick={state.dismissProblems}>
            Dismiss
          </button>
        </div>
      ) : null}

      <div className={styles.grid}>
        {transports.length > 1 ? (
          <SelectField
            label="Transport"
            value={s.transport}
            options={transports.map((t) => ({ value: t, label: TRANSPORT_LABELS[t] }))}
            onChange={(transport) => set({ transport })}
          />
        ) : null}
        <NumberField
          label="Seed"
          unit="dice for every fault"
          value={s.seed}
          min={0}
          max={4_294_967_295}
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
          unit="% of TCP segments"
          value={s.loss}
          min={0}
          max={50}
          step={0.5}
          hint="TCP never loses a WebSocket frame: a lost segment is resent after the retransmission timeout (200 ms, doubling on each repeat) and every byte behind it waits."
          onChange={(loss) => set({ loss })}
        />
        <NumberField
          label="Latency"
          unit="ms, one way"
          value={s.latency}
          min={0}
          max={10_000}
          onChange={(latency) => set({ latency })}
        />
        <NumberField
          label="Jitter"
          unit="± ms"
          value={s.jitter}
          min={0}
          max={5_000}
          onChange={(jitter) => set({ jitter })}
        />
        <NumberField
          label="Bandwidth"
          unit="bytes/s, 0 = unlimited"
          value={s.bandwidth}
          min={0}
          max={1_000_000_000}
          onChange={(bandwidth) => set({ bandwidth })}
        />
      </fieldset>

      <fieldset className={styles.group}>
        <legend>Proxy misbehaviour</legend>
        <RangeField
          label="Message drop"
          unit="% of frames"
          value={s.drop}
          min={0}
          max={100}
          step={1}
          onChange={(drop) => set({ drop })}
        />
        <RangeField
          label="Duplicate"
          unit="% of frames"
          value={s.dup}
          min={0}
          max={100}
          step={1}
          onChange={(dup) => set({ dup })}
        />
        <RangeField
          label="Reorder"
          unit="% of frames"
          value={s.reorder}
          min={0}
          max={100}
          step={1}
          onChange={(reorder) => set({ reorder })}
        />
        <NumberField
          label="Idle timeout"
          unit="s without bytes, 0 = off"
          value={s.idle}
          min={0}
          max={3_600}
          hint="Like a load balancer's idle timeout (often 60 s): the proxy closes a connection that carried no bytes for this long."
          onChange={(idle) => set({ idle })}
        />
        <ToggleField
          label="Blackhole"
          checked={s.blackhole}
          hint="Half-open: bytes vanish in both directions, with no FIN and no RST."
          onChange={(blackhole) => set({ blackhole })}
        />
        <ToggleField
          label="Strip Upgrade header"
          checked={s.strip}
          hint="The proxy removes Upgrade and Connection from requests, so WebSocket handshakes fail."
          onChange={(strip) => set({ strip })}
        />
      </fieldset>

      <div className={styles.actions}>
        <button type="button" onClick={() => onAction('reset')}>
          Reset
        </button>
        <button type="button" onClick={() => onAction('restart-node')}>
          Restart server
        </button>
        <button type="button" onClick={copyLink}>
          Copy link
        </button>
        <p role="status" className={styles.status}>
          {copied}
        </p>
      </div>
    </section>
  );
}
