'use client';

import type { FrameRow, FrameTotals } from './frame-rows';
import { headerBreakdown } from './frame-rows';
import styles from './frames.module.css';

interface Props {
  rows: readonly FrameRow[];
  totals: FrameTotals;
  selectedSeq: number | null;
  onSelect: (seq: number) => void;
}

const OPCODE_HEX = (n: number) => `0x${n.toString(16)}`;

/** Every frame of the lesson's connections on the browser ↔ edge hop, header measured per frame. */
export function FrameTable({ rows, totals, selectedSeq, onSelect }: Props) {
  return (
    <section className={styles.card} aria-labelledby="frames-heading">
      <h3 id="frames-heading">Every frame, measured</h3>
      <p className={styles.summary} role="status" aria-label="Frame counts">
        {totals.frames} frames: {totals.up} up ({totals.maskedUp} masked), {totals.down} down (
        {totals.maskedDown} masked) · length fields: 7-bit {totals.byLength[7]}, 16-bit{' '}
        {totals.byLength[16]}, 64-bit {totals.byLength[64]} · continuation or non-final frames{' '}
        {totals.continuation}
        {totals.minHeader !== undefined
          ? ` · headers from ${totals.minHeader} to ${totals.maxHeader} bytes`
          : ''}
      </p>
      {rows.length === 0 ? (
        <p className={styles.muted}>No frames yet: press Run.</p>
      ) : (
        <div className={styles.scroll}>
          <table className={styles.table}>
            <caption className="visually-hidden">
              WebSocket frames on the browser to edge hop, one row per frame
            </caption>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">Direction</th>
                <th scope="col">Opcode</th>
                <th scope="col">FIN</th>
                <th scope="col">RSV</th>
                <th scope="col">MASK</th>
                <th scope="col">Length field</th>
                <th scope="col">Payload</th>
                <th scope="col">Header bytes</th>
                <th scope="col">On the wire</th>
                <th scope="col">Content</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.seq} aria-selected={selectedSeq === r.seq}>
                  <th scope="row">
                    <button
                      type="button"
                      onClick={() => onSelect(r.seq)}
                      aria-pressed={selectedSeq === r.seq}
                      aria-label={`Inspect frame ${r.seq}: ${r.opcodeName} ${r.dir === 'up' ? 'browser to server' : 'server to browser'}`}
                    >
                      {r.seq}
                    </button>
                  </th>
                  <td>{r.dir === 'up' ? '↑ browser → server' : '↓ server → browser'}</td>
                  <td>
                    {OPCODE_HEX(r.opcode)} {r.opcodeName}
                  </td>
                  <td>{r.fin ? '1' : '0 (more follows)'}</td>
                  <td>{r.rsv}</td>
                  <td>{r.masked ? `1, key ${r.maskKey ?? ''}` : '0, unmasked'}</td>
                  <td>{r.lengthBits}-bit</td>
                  <td>{r.payloadLength} B</td>
                  <td title={headerBreakdown(r)}>
                    {r.headerLength} = {headerBreakdown(r)}
                  </td>
                  <td>{r.totalLength} B</td>
                  <td className={styles.preview}>{r.preview}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
