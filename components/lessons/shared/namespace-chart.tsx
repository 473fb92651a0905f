'use client';

import { useId, useMemo, useState } from 'react';
import { activeNodeIds } from '@/lib/machines/chart';
import { foldEvents } from '@/lib/machines/fold';
import { socketIoConnectionMachine } from '@/lib/machines/socketio-connection';
import {
  namespaceEventsOf,
  namespaceInfosOf,
  sioNamespacesFold,
} from '@/lib/machines/socketio-namespaces-fold';
import { useFoldAt } from '../../lesson/use-live-fold';
import { Statechart } from '../../statechart/statechart';
import styles from './panel.module.css';

/**
 * The socketio-connection statechart for one namespace of one Engine.IO session, folded from the
 * browser ↔ edge hop up to the timeline cursor (`cursorIndex(wb.timeline)`): the namespaces come from
 * an incremental fold of the log (sioNamespacesFold), the xstate fold runs over the shown
 * namespace's events only. `accept` limits the namespaces offered (e.g. the page's own sessions).
 */
export function NamespaceChart({
  cursor,
  prefer,
  accept,
}: {
  /** Fold index: Infinity while following the live log. */
  cursor: number;
  /** Namespace shown by default: the latest session's namespace with this name. */
  prefer: string;
  accept?: (info: { key: string; nsp: string; session: string }) => boolean;
}) {
  const selectId = useId();
  const state = useFoldAt(sioNamespacesFold, cursor);
  const infos = namespaceInfosOf(state);
  const namespaces = useMemo(
    () => (accept ? infos.filter((n) => accept(n)) : infos),
    [infos, accept],
  );
  const [chosen, setChosen] = useState<string | null>(null);
  const fallback = namespaces.findLast((n) => n.nsp === prefer) ?? namespaces.at(-1);
  const shown = namespaces.find((n) => n.key === chosen) ?? fallback;
  const events = namespaceEventsOf(state, shown?.key);
  const fold = useMemo(() => foldEvents(socketIoConnectionMachine, events), [events]);
  const ctx = fold.snapshot.context;
  const bits = [
    ctx.sid ? `sid ${ctx.sid}` : '',
    ctx.error ? `refused: "${ctx.error}"` : '',
    ctx.disconnectReason ?? '',
    ctx.authExpired ? 'server emitted auth-expired' : '',
    ctx.revoked ? 'server emitted revoked' : '',
    ctx.rooms.length ? `rooms (from join/leave acks): ${ctx.rooms.join(', ')}` : '',
    `events sent ${ctx.eventsSent}, received ${ctx.eventsReceived}, acks received ${ctx.acksReceived}`,
  ].filter(Boolean);
  return (
    <div>
      {namespaces.length > 1 ? (
        <div className={styles.controls}>
          <label htmlFor={selectId}>Namespace shown</label>
          <select
            id={selectId}
            value={shown?.key ?? ''}
            onChange={(e) => setChosen(e.currentTarget.value)}
          >
            {namespaces.map((n) => (
              <option key={n.key} value={n.key}>
                {n.nsp} on Engine.IO session {n.session}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <Statechart
        machine={socketIoConnectionMachine}
        title={`Socket.IO namespace ${shown ? `${shown.nsp} (session ${shown.session})` : '(none yet)'}`}
        activeIds={activeNodeIds(fold.snapshot)}
        takenEdges={fold.transitions.at(-1)?.edges ?? []}
        note={bits.join(' · ')}
      />
    </div>
  );
}
