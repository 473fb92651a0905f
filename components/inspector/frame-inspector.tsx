'use client';

import { useState } from 'react';
import type { WireEvent } from '@/lib/mirror/types';
import { fromBase64 } from '@/lib/wire/bytes';
import { eventLabel, formatMs } from '../sequence/event-label';
import { annotateHttpBody, annotateHttpHead } from './annotate-http';
import { annotateWsFrame } from './annotate-ws';
import { FaultDetails } from './fault-details';
import type { Annotated } from './fields';
import styles from './frame-inspector.module.css';
import { HexDump } from './hex-dump';

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
  const dumps: { key: string; annotated: Annotated }[] = [];
  let error: string | undefined;
  switch (event.kind) {
    case 'ws-frame': {
      const raw = fromBase64(event.raw);
      if (!raw) {
        error = 'raw bytes are not valid base64';
        break;
      }
      const a = annotateWsFrame(raw);
      dumps.push({ key: 'frame', annotated: a.frame });
      if (a.payload) dumps.push({ key: 'payload', annotated: a.payload });
      error = a.error;
      break;
    }
    case 'http-request':
    case 'http-response': {
      const raw = fromBase64(event.raw);
      if (raw)
        dumps.push({
          key: 'head',
          annotated: annotateHttpHead(raw, event.kind === 'http-request' ? 'request' : 'response'),
        });
      else error = 'raw bytes are not valid base64';
      break;
    }
    case 'http-body': {
      const raw = fromBase64(event.raw);
      if (raw) dumps.push({ key: 'body', annotated: annotateHttpBody(raw, event) });
      else error = 'raw bytes are not valid base64';
      break;
    }
    case 'protocol-error': {
      error = `${event.layer}: ${event.message}`;
      const raw = fromBase64(event.raw);
      if (raw && raw.length > 0) {
        dumps.push({
          key: 'bad',
          annotated: {
            title: 'Offending bytes',
            bytes: raw,
            fields: [
              {
                id: 'bad',
                start: 0,
                end: raw.length,
                name: 'offending bytes',
                value: `${raw.length} bytes`,
                region: 6,
              },
            ],
          },
        });
      }
      break;
    }
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
    case 'fault': {
      const raw = event.affected ? fromBase64(event.affected) : undefined;
      if (raw && raw.length > 0) {
        dumps.push({
          key: 'affected',
          annotated: {
            title: 'Bytes the fault acted on',
            bytes: raw,
            fields: [
              {
                id: 'affected',
                start: 0,
                end: raw.length,
                name: 'affected bytes',
                value: `${raw.length} bytes`,
                region: 6,
              },
            ],
          },
        });
      }
      return (
        <>
          <FaultDetails event={event} />
          {dumps.map((d) => (
            <HexDump
              key={d.key}
              dumpKey={d.key}
              annotated={d.annotated}
              active={active}
              onActive={onActive}
            />
          ))}
        </>
      );
    }
    case 'marker':
      return (
        <p>
          Marker “{event.label}”{event.detail ? `: ${event.detail}` : ''}. Not traffic: a note on
          the timeline.
        </p>
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
      {dumps.map((d) => (
        <HexDump
          key={d.key}
          dumpKey={d.key}
          annotated={d.annotated}
          active={active}
          onActive={onActive}
        />
      ))}
    </>
  );
}
