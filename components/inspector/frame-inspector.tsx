'use client';

import { useMemo, useState } from 'react';
import type { WireEvent } from '@/lib/mirror/types';
import { eventLabel, formatMs } from '../sequence/event-label';
import { dissectEvent } from './dissect-event';
import { FaultDetails } from './fault-details';
import styles from './frame-inspector.module.css';
import { SpanDump } from './span-dump';

const HOP_TEXT = { 'browser-edge': 'browser ↔ edge', 'edge-node': 'edge ↔ node' } as const;

/** Byte-level view of one captured event. */
export function FrameInspector({ event }: { event: WireEvent | null }) {
  const [active, setActive] = useState<string | null>(null);
  return (
    <section className={styles.panel} aria-labelledby="inspector-title">
      <h3 id="inspector-title" className={styles.heading}>
        Inspector{event ? `: #${event.seq}` : ''}
      </h3>
      {event ? (
        <>
          <p className={styles.summary}>
            {event.kind === 'protocol-error' ? '⚠ ' : ''}
            {eventLabel(event)}
          </p>
          <dl className={styles.meta}>
            <div>
              <dt>kind</dt>
              <dd>{event.kind}</dd>
            </div>
            <div>
              <dt>connection</dt>
              <dd>{event.conn}</dd>
            </div>
            <div>
              <dt>hop</dt>
              <dd>{HOP_TEXT[event.hop]}</dd>
            </div>
            <div>
              <dt>direction</dt>
              <dd>{event.dir === 'up' ? 'up (client → server)' : 'down (server → client)'}</dd>
            </div>
            <div>
              <dt>t</dt>
              <dd>{formatMs(event.t)}</dd>
            </div>
          </dl>
          <EventBytes key={event.seq} event={event} active={active} onActive={setActive} />
        </>
      ) : (
        <p className={styles.empty}>Select an arrow in the diagram to see its bytes.</p>
      )}
    </section>
  );
}

interface BytesProps {
  event: WireEvent;
  active: string | null;
  onActive: (key: string | null) => void;
}

function EventBytes({ event, active, onActive }: BytesProps) {
  // Dissected once per event, not on every hover (a 16 MiB frame is unmasked here).
  const dissected = useMemo(() => dissectEvent(event), [event]);
  switch (event.kind) {
    case 'conn-open':
      return (
        <p>
          TCP connection opened{event.path ? ` for ${event.path}` : ''}
          {event.peer ? ` from ${event.peer}` : ''}.
        </p>
      );
    case 'conn-close':
      return (
        <p>
          TCP connection closed by the {event.by} (
          {event.how === 'end'
            ? 'FIN: orderly end'
            : event.how === 'reset'
              ? 'RST: reset'
              : 'socket error'}
          ){event.message ? `: ${event.message}` : ''}.
        </p>
      );
    case 'marker':
      return (
        <p>
          Marker “{event.label}”{event.detail ? `: ${event.detail}` : ''}. Not traffic: a note on
          the timeline.
        </p>
      );
  }
  const { dumps, error } = dissected ?? { dumps: [] };
  const spanDumps = dumps.map((d, i) => (
    <SpanDump
      // biome-ignore lint/suspicious/noArrayIndexKey: the dumps of one event are a fixed list
      key={i}
      dumpKey={`inspector-d${i}`}
      dissection={d}
      active={active}
      onActive={onActive}
    />
  ));
  if (event.kind === 'fault') {
    return (
      <>
        <FaultDetails event={event} />
        {spanDumps}
      </>
    );
  }
  return (
    <>
      {error ? (
        <p className={styles.error} role="note">
          <strong>⚠ Problem:</strong> {error}
        </p>
      ) : null}
      {event.kind === 'ws-frame' && (event.frame.compressed || event.frame.rsv1) ? (
        <p role="note">
          RSV1 is set: the payload is compressed with permessage-deflate (RFC 7692), so the unmasked
          bytes below are DEFLATE data.
          {event.message?.text !== undefined
            ? ` Inflated message text: ${JSON.stringify(event.message.text.slice(0, 200))}`
            : event.message
              ? ` Inflated message: ${event.message.type}.`
              : ''}
        </p>
      ) : null}
      {event.kind === 'ws-frame' && event.message && event.message.frames > 1 ? (
        <p>This frame completes a message of {event.message.frames} frames.</p>
      ) : null}
      {spanDumps}
    </>
  );
}
