'use client';

import styles from '../shared/panel.module.css';
import s from '../shared/stack.module.css';
import { type EmitTrace, SEGMENT_LABELS, type SegmentLayer } from './emit-trace';

const LEGEND: { layer: SegmentLayer | 'transport'; label: string }[] = [
  { layer: 'transport', label: 'transport (dotted)' },
  { layer: 'eio-type', label: 'Engine.IO (double line)' },
  { layer: 'sio-type', label: 'Socket.IO envelope (dashed)' },
  { layer: 'data', label: 'your data (solid)' },
];

function describeApp(t: EmitTrace): string {
  const args = Array.isArray(t.sio.data) ? (t.sio.data as unknown[]) : [];
  const isEvent = t.sio.type === 'EVENT' || t.sio.type === 'BINARY_EVENT';
  const shown = args
    .slice(isEvent ? 1 : 0)
    .map((a) =>
      typeof a === 'object' && a !== null && '_placeholder' in a
        ? '<ArrayBuffer>'
        : JSON.stringify(a),
    )
    .join(', ');
  const who = t.dir === 'up' ? 'socket' : 'the server’s socket';
  if (isEvent) {
    return `${who}.emit(${JSON.stringify(args[0])}${shown ? `, ${shown}` : ''}${t.sio.id !== undefined ? ', ack' : ''})`;
  }
  return `${t.dir === 'up' ? 'the page' : 'the server'} calls ack #${t.sio.id}(${shown})`;
}

/** One Socket.IO packet down the layers, with each layer's bytes marked in the byte strip. */
export function LayerView({
  trace,
  onSelect,
}: {
  trace: EmitTrace | undefined;
  onSelect: (seq: number) => void;
}) {
  if (!trace) {
    return (
      <section className={styles.card} aria-labelledby="layers-heading">
        <h3 id="layers-heading">One emit, layer by layer</h3>
        <p className={styles.muted}>
          No Socket.IO event on the wire yet: press Connect, then Emit chat.
        </p>
      </section>
    );
  }
  const sioText = trace.sio.encoded;
  return (
    <section className={styles.card} aria-labelledby="layers-heading">
      <h3 id="layers-heading">One emit, layer by layer</h3>
      <ol className={s.layers}>
        <li>
          <strong>Application</strong>: <code>{describeApp(trace)}</code>
        </li>
        <li>
          <strong>Socket.IO packet</strong> ({trace.sio.type}, namespace{' '}
          <code>{trace.sio.nsp}</code>
          {trace.sio.id !== undefined ? `, ack id ${trace.sio.id}` : ''}):{' '}
          <code data-testid="sio-packet">{sioText}</code>
        </li>
        <li>
          <strong>Engine.IO packet</strong> (message, type <code>4</code>):{' '}
          <code data-testid="eio-packet">{trace.eio}</code>
        </li>
        <li>
          <strong>Transport</strong> (
          {trace.transport === 'websocket' ? 'WebSocket' : 'HTTP long polling'}):{' '}
          <span className={s.wrap} data-testid="transport-note">
            {trace.transportNote}
          </span>
        </li>
        <li>
          <strong>Bytes</strong>:{' '}
          <button type="button" className={s.link} onClick={() => onSelect(trace.seq)}>
            open #{trace.seq} in the inspector
          </button>{' '}
          for every byte, as the edge read it from the socket (the tap sees socket reads, not TCP
          segments).
        </li>
      </ol>
      <p className={s.strip} data-testid="byte-strip">
        {trace.frameHeaderHex !== undefined ? (
          <span className={s.seg} data-layer="transport" title="WebSocket frame header">
            [{trace.frameHeaderHex}]
          </span>
        ) : (
          <span className={s.seg} data-layer="transport" title="HTTP head and body framing">
            [HTTP head {trace.transportBytes} B]
          </span>
        )}
        {trace.segments.map((seg, i) => (
          <span
            // biome-ignore lint/suspicious/noArrayIndexKey: segments are positional
            key={i}
            className={s.seg}
            data-layer={seg.layer}
            title={`${SEGMENT_LABELS[seg.layer]}: ${seg.bytes} B`}
          >
            {seg.text}
          </span>
        ))}
      </p>
      <ul className={s.legend} aria-label="Legend">
        {LEGEND.map((l) => (
          <li key={l.layer}>
            <span className={s.seg} data-layer={l.layer}>
              &nbsp;&nbsp;
            </span>{' '}
            {l.label}
          </li>
        ))}
      </ul>
      <dl className={styles.kv} data-testid="byte-split">
        <dt>your data</dt>
        <dd>{trace.dataBytes} B</dd>
        <dt>Socket.IO envelope</dt>
        <dd>
          {trace.sioBytes} B (
          {trace.segments
            .filter((x) => x.layer !== 'data' && x.layer !== 'eio-type')
            .map((x) => `${SEGMENT_LABELS[x.layer]} ${x.bytes}`)
            .join(', ')}
          )
        </dd>
        <dt>Engine.IO envelope</dt>
        <dd>{trace.eioBytes} B</dd>
        <dt>transport</dt>
        <dd>
          {trace.transportBytes} B
          {trace.packetsInBody > 1 ? ` (shared by ${trace.packetsInBody} packets)` : ''}
        </dd>
      </dl>
    </section>
  );
}

/** Every Socket.IO data packet seen, with its bytes per layer: the envelope claim, measured. */
export function EnvelopeTable({
  traces,
  selected,
  onPick,
}: {
  traces: readonly EmitTrace[];
  selected: number | undefined;
  onPick: (index: number) => void;
}) {
  const rows = traces
    .map((t, index) => ({ t, index }))
    .filter(
      ({ t }) =>
        t.sio.type !== 'CONNECT' && t.sio.type !== 'CONNECT_ERROR' && t.sio.type !== 'DISCONNECT',
    );
  const envelopes = rows.map(({ t }) => t.sioBytes + t.eioBytes);
  const min = envelopes.length ? Math.min(...envelopes) : 0;
  const max = envelopes.length ? Math.max(...envelopes) : 0;
  return (
    <section className={styles.card} aria-labelledby="envelope-heading">
      <h3 id="envelope-heading">Envelope bytes per message, measured</h3>
      {rows.length === 0 ? (
        <p className={styles.muted}>No events or acks yet.</p>
      ) : (
        <>
          <p data-testid="envelope-range">
            Socket.IO + Engine.IO envelope on this page:{' '}
            {min === max ? `${min} B` : `${min}–${max} B`} per packet over {rows.length} packet
            {rows.length === 1 ? '' : 's'}. The claim “Socket.IO adds 50–500 bytes per message”
            counts the transport too; the transport column shows what WebSocket or HTTP polling add.
          </p>
          <table className={s.table}>
            <caption>Pick a row to trace it above</caption>
            <thead>
              <tr>
                <th scope="col">packet</th>
                <th scope="col">dir</th>
                <th scope="col">transport</th>
                <th scope="col" className={s.num}>
                  data B
                </th>
                <th scope="col" className={s.num}>
                  Socket.IO B
                </th>
                <th scope="col" className={s.num}>
                  Engine.IO B
                </th>
                <th scope="col" className={s.num}>
                  transport B
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.slice(-20).map(({ t, index }) => (
                <tr key={`${t.seq}-${index}`} aria-selected={index === selected}>
                  <td>
                    <button type="button" className={s.link} onClick={() => onPick(index)}>
                      {t.eio.length > 44 ? `${t.eio.slice(0, 44)}…` : t.eio}
                    </button>
                  </td>
                  <td>{t.dir === 'up' ? '→ server' : '← server'}</td>
                  <td>{t.transport}</td>
                  <td className={s.num}>{t.dataBytes}</td>
                  <td className={s.num}>{t.sioBytes}</td>
                  <td className={s.num}>{t.eioBytes}</td>
                  <td className={s.num}>{t.transportBytes}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
