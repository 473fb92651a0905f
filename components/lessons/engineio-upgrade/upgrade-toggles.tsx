'use client';
/**
 * Lesson 5's failure toggles, bound to the scenario (so they live in the link): the Socket.IO
 * transport variant and a proxy that strips the Upgrade header. The edge applies them at once.
 */
import { ToggleField } from '../../controls/fault-fields';
import { TransportField } from '../../controls/transport-field';
import type { ScenarioState } from '../../controls/use-scenario';
import { SIO_TRANSPORTS } from '../../lab-clients/sio-transports';
import styles from '../shared/panel.module.css';

interface Props {
  state: ScenarioState;
}

export function UpgradeToggles({ state }: Props) {
  const { scenario: s, set } = state;
  return (
    <section className={styles.card} aria-labelledby="eio-toggles">
      <h3 id="eio-toggles">Failure toggles</h3>
      <div className={styles.toggleGrid}>
        <TransportField value={s.transport} transports={SIO_TRANSPORTS} onChange={set} />
        <ToggleField
          label="Strip Upgrade header"
          checked={s.strip}
          hint="A proxy that removes Upgrade and Connection: the probe WebSocket cannot open, so Engine.IO must stay on polling."
          onChange={(strip) => set({ strip })}
        />
      </div>
      <p className={styles.muted}>
        Both take effect at once: changing the transport while a socket is open disconnects it and
        starts a new run; the edge strips headers from the next request on.
      </p>
    </section>
  );
}
