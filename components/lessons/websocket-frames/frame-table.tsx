'use client';

import type { FrameRow as ListRow } from '@/lib/live/frame-index';
import type { WireEvent } from '@/lib/mirror/types';
import type { FrameColumn, FrameColumns } from '../../frame-list/columns';
import { FrameList } from '../../frame-list/frame-list';
import type { Workbench } from '../../workbench/use-workbench';
import { type FrameRow, type FrameTotals, frameRowOf, headerBreakdown } from './frame-rows';
import styles from './frames.module.css';

interface Props {
  wb: Workbench;
  totals: FrameTotals;
}

/** The lesson measures each frame's header: its rows, computed for the rows on screen only. */
const measured = new WeakMap<WireEvent, FrameRow>();
function measure(e: WireEvent | undefined): FrameRow | undefined {
  if (e?.kind !== 'ws-frame') return undefined;
  let r = measured.get(e);
  if (!r) {
    r = frameRowOf(e);
    measured.set(e, r);
  }
  return r;
}

const DIRECTION = { up: '↑ browser → server', down: '↓ server → browser' } as const;

/** A column of the measured row (blank while the event is not at hand). */
function col(
  id: string,
  header: string,
  em: number,
  text: (r: FrameRow) => string,
  more: Partial<FrameColumn> = {},
): FrameColumn {
  return {
    id,
    header,
    em,
    cell: (_row: ListRow, e: WireEvent | undefined) => {
      const r = measure(e);
      return r ? text(r) : '';
    },
    ...more,
  };
}

const COLUMNS: FrameColumns = {
  needsEvent: true,
  columns: [
    col('dir', 'Direction', 11, (r) => DIRECTION[r.dir]),
    // On a phone: the arrow only (its words for screen readers).
    {
      id: 'arrow',
      header: 'Dir',
      em: 2.5,
      show: 'narrow',
      cell: (_row, e) => {
        const r = measure(e);
        return r ? (
          <span data-dir={r.dir}>
            <span aria-hidden="true">{r.dir === 'up' ? '↑' : '↓'}</span>
            <span className="visually-hidden">{DIRECTION[r.dir].slice(2)}</span>
          </span>
        ) : null;
      },
    },
    col('opcode', 'Opcode', 9.5, (r) => `0x${r.opcode.toString(16)} ${r.opcodeName}`, {
      show: 'always',
      narrowEm: 8.5,
    }),
    col('fin', 'FIN', 8.5, (r) => (r.fin ? '1' : '0 (more follows)')),
    col('rsv', 'RSV', 3.5, (r) => r.rsv),
    col('mask', 'MASK', 9.5, (r) => (r.masked ? `1, key ${r.maskKey ?? ''}` : '0, unmasked')),
    col('lenbits', 'Length field', 7, (r) => `${r.lengthBits}-bit`),
    col('payload', 'Payload', 6.5, (r) => `${r.payloadLength} B`),
    col('header', 'Header bytes', 17, (r) => `${r.headerLength} = ${headerBreakdown(r)}`, {
      title: (_row, e) => {
        const r = measure(e);
        return r ? `${r.headerLength} = ${headerBreakdown(r)}` : undefined;
      },
    }),
    col('wire', 'On the wire', 7, (r) => `${r.totalLength} B`),
    col('content', 'Content', 12, (r) => r.preview, {
      grow: true,
      show: 'always',
      narrowEm: 8,
      mono: true,
      title: (_row, e) => measure(e)?.preview,
    }),
  ],
  describe: (row) =>
    `${row.summary} ${row.dir === 'up' ? 'browser to server' : 'server to browser'}`,
};

/** Only WebSocket frames of the browser ↔ edge hop: what the browser itself sent and received. */
const SCOPE = { hop: 'browser-edge', kind: 'ws' } as const;

/** Every frame of the lesson's connections on the browser ↔ edge hop, header measured per frame. */
export function FrameTable({ wb, totals }: Props) {
  return (
    <FrameList
      wb={wb}
      heading="Every frame, measured"
      label="WebSocket frames on the browser to edge hop, one row per frame"
      scope={SCOPE}
      columns={COLUMNS}
    >
      <p className={styles.summary} role="status" aria-label="Frame counts">
        {totals.frames} frames: {totals.up} up ({totals.maskedUp} masked), {totals.down} down (
        {totals.maskedDown} masked) · length fields: 7-bit {totals.byLength[7]}, 16-bit{' '}
        {totals.byLength[16]}, 64-bit {totals.byLength[64]} · continuation or non-final frames{' '}
        {totals.continuation}
        {totals.minHeader !== undefined
          ? ` · headers from ${totals.minHeader} to ${totals.maxHeader} bytes`
          : ''}
      </p>
    </FrameList>
  );
}
