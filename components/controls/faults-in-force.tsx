'use client';
import { groupThousands } from '@/lib/format/grouped';
/**
 * The faults the edge confirms are in force, as badges next to the diagram, each with how many
 * times it acted in this capture (fault events in the log). Read from the edge's echo, not from the
 * page's controls: this is what the traffic actually met. The counts are an incremental fold of
 * the log (faultCountsFold): each event counted once.
 */
import { useLiveFold } from '../lesson/use-live-fold';
import { useEdgeScenario, useMirrorStatus } from '../mirror/mirror-provider';
import { scenarioItems } from './describe-scenario';
import { faultCountsFold } from './fault-counts';
import styles from './faults-in-force.module.css';

export function FaultsInForce() {
  const edge = useEdgeScenario();
  const items = edge ? scenarioItems(edge) : [];
  const { counts } = useLiveFold(faultCountsFold);
  const replaying = useMirrorStatus().state === 'replay';
  return (
    <section className={styles.bar} aria-label="Faults in force">
      <span className={styles.title}>Faults in force:</span>
      {replaying ? (
        <span className={styles.none}>
          as recorded: the capture's own fault events ({groupThousands(sum(counts))}) are on the
          timeline
        </span>
      ) : edge === null ? (
        <span className={styles.none}>not confirmed by the edge yet</span>
      ) : items.length === 0 ? (
        <span className={styles.none}>none (a clean network)</span>
      ) : (
        <ul className={styles.list}>
          {items.map((i) => {
            const acted = i.faults.reduce((n, f) => n + (counts.get(f) ?? 0), 0);
            return (
              <li key={i.key} className={styles.badge}>
                <span aria-hidden="true">⚡ </span>
                {i.text}
                {i.faults.length > 0 ? (
                  <span className={styles.count}> · acted {acted}×</span>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

function sum(counts: ReadonlyMap<string, number>): number {
  let n = 0;
  for (const c of counts.values()) n += c;
  return n;
}
