'use client';
/**
 * The free lab: one real connection over any transport, every fault, the diagrams. The connection
 * opens once the edge has confirmed the link's scenario, so the first bytes already meet its faults.
 */
import { useEffect, useState } from 'react';
import { TRANSPORTS } from '@/lib/scenario/schema';
import { ScenarioPanel } from '../controls/scenario-panel';
import { useSyncedScenario } from '../controls/use-synced-scenario';
import { ApiLog } from '../lessons/shared/api-log';
import styles from '../lessons/shared/panel.module.css';
import { MirrorBar } from '../mirror/mirror-bar';
import { useEdgeScenario, useMirror, useMirrorStatus } from '../mirror/mirror-provider';
import { TransportRunnerCard } from '../transports/transport-runner';
import { useTransportRunner } from '../transports/use-transport-runner';
import { TrafficViews } from '../workbench/traffic-views';
import { useWorkbench } from '../workbench/use-workbench';
import lab from './lab-panel.module.css';

/** Without an echo from the edge (an older server), open anyway after this long. */
const ECHO_GRACE_MS = 2000;

export function LabPanel() {
  const mirror = useMirror();
  const status = useMirrorStatus();
  const labBase = status.state === 'open' ? status.labBase : undefined;
  const scenario = useSyncedScenario();
  const edge = useEdgeScenario();
  const [graceOver, setGraceOver] = useState(false);
  useEffect(() => {
    if (!labBase) return;
    const timer = setTimeout(() => setGraceOver(true), ECHO_GRACE_MS);
    return () => clearTimeout(timer);
  }, [labBase]);
  const ready = labBase !== undefined && (edge !== null || graceOver);
  const run = useTransportRunner(mirror, scenario.scenario.transport, labBase, ready);
  const wb = useWorkbench();

  return (
    <div className={styles.panel}>
      <MirrorBar />
      <TransportRunnerCard state={scenario} run={run} labBase={labBase} />
      <ScenarioPanel
        state={scenario}
        transports={TRANSPORTS}
        omit={['transport']}
        subject="This page"
      />
      <div className={lab.views}>
        <TrafficViews
          wb={wb}
          frameList
          aside={<ApiLog notes={run.notes} intro="The client API’s own events, for comparison." />}
        />
      </div>
    </div>
  );
}
