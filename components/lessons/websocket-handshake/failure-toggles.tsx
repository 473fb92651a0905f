'use client';
/**
 * Lesson 1's failure toggles, bound to the scenario (so they live in the link): the edge rewrites
 * Sec-WebSocket-Version, rewrites Origin to a foreign site, or strips Upgrade and Connection.
 */
import { SelectField, ToggleField } from '../../controls/fault-fields';
import type { ScenarioState } from '../../controls/use-scenario';
import styles from '../shared/panel.module.css';

const VERSIONS: readonly { value: string; label: string }[] = [
  { value: '13', label: '13 (RFC 6455: correct)' },
  { value: '8', label: '8 (draft hybi-08)' },
  { value: '12', label: '12 (never a version)' },
  { value: '0', label: '0' },
];

export const WS_TRANSPORTS = ['websocket'] as const;

export function FailureToggles({ state }: { state: ScenarioState }) {
  const { scenario: s, set } = state;
  const version = String(s.wsVersion);
  const options = VERSIONS.some((v) => v.value === version)
    ? VERSIONS
    : [...VERSIONS, { value: version, label: `${version} (from the link)` }];
  return (
    <section className={styles.card} aria-labelledby="ws-toggles">
      <h3 id="ws-toggles">Failure toggles</h3>
      <div className={styles.toggleGrid}>
        <SelectField
          label="Sec-WebSocket-Version"
          value={version}
          options={options}
          hint="The edge rewrites the version your browser sent (13). The lab server speaks only 13, so it must refuse with an HTTP error such as 426 and list the versions it speaks (RFC 6455 §4.2.2, §4.4)."
          onChange={(v) => set({ wsVersion: Number(v) })}
        />
        <ToggleField
          label="Foreign Origin"
          checked={s.foreignOrigin}
          hint="The edge rewrites Origin to http://foreign.example. The node accepts only pages from its own origin and answers 403 (RFC 6455 §4.2.2, §10.2)."
          onChange={(foreignOrigin) => set({ foreignOrigin })}
        />
        <ToggleField
          label="Strip Upgrade header"
          checked={s.strip}
          hint="A proxy that removes Upgrade and Connection: the node receives a plain GET."
          onChange={(strip) => set({ strip })}
        />
      </div>
      <p className={styles.muted}>
        The edge applies a toggle at once, to the next handshake: press Run (again) and compare what
        the node answered with what your JavaScript was told.
      </p>
    </section>
  );
}
