/**
 * What a frame list shows per row. The grid draws the # column itself (with the row's button);
 * these are the others. Widths are in em so the list knows its minimum width (it scrolls sideways
 * below it); `show` says which columns a phone-width list keeps (and which it alone shows).
 */
import type { ReactNode } from 'react';
import type { FrameRow } from '@/lib/live/frame-index';
import type { WireEvent } from '@/lib/mirror/types';
import { formatMs } from '../sequence/event-label';

export interface FrameColumn {
  id: string;
  header: string;
  /** Width in em of the list's text; with `grow`, the minimum of a column that takes the rest. */
  em: number;
  grow?: boolean;
  /** 'wide' (default): hidden when the list is narrower than 34rem (a phone); 'narrow': shown only then. */
  show?: 'always' | 'wide' | 'narrow';
  /** Width in em when the list is narrow (default: `em`). */
  narrowEm?: number;
  mono?: boolean;
  /** The event, looked up for the rendered rows only, when a column asks for it (`needsEvent`). */
  cell: (row: FrameRow, event: WireEvent | undefined) => ReactNode;
  /** Tooltip with the whole text when a cell may be cut short. */
  title?: (row: FrameRow, event: WireEvent | undefined) => string | undefined;
}

export interface FrameColumns {
  columns: readonly FrameColumn[];
  /** The cells read the event (the list then looks up each rendered row's event in the log). */
  needsEvent?: boolean;
  /** Spoken after "Inspect frame N:" on the row's button. */
  describe: (row: FrameRow, event: WireEvent | undefined) => string;
}

const HOP_SHORT = { 'browser-edge': 'B↔E', 'edge-node': 'E↔N' } as const;
const HOP_LONG = { 'browser-edge': 'browser ↔ edge', 'edge-node': 'edge ↔ node' } as const;
const OPCODES = ['continuation', 'text', 'binary'] as const;

export function kindText(r: FrameRow): string {
  switch (r.kind) {
    case 'ws-frame': {
      const name =
        OPCODES[r.opcode] ??
        ({ 8: 'close', 9: 'ping', 10: 'pong' } as const)[r.opcode] ??
        'reserved';
      return `0x${r.opcode.toString(16)} ${name}`;
    }
    case 'http-request':
      return 'HTTP request';
    case 'http-response':
      return 'HTTP response';
    case 'http-body':
      return 'HTTP body';
    case 'conn-open':
      return 'TCP open';
    case 'conn-close':
      return 'TCP close';
    case 'fault':
      return 'fault';
    case 'protocol-error':
      return 'error';
  }
}

const dirText = (r: FrameRow) => (r.dir === 'up' ? 'up' : 'down');

/** The lab's columns: every kind of event on both hops. */
export const DEFAULT_COLUMNS: FrameColumns = {
  columns: [
    { id: 't', header: 'Time', em: 6.75, mono: true, cell: (r) => formatMs(r.t) },
    { id: 'conn', header: 'Conn', em: 4, mono: true, cell: (r) => r.conn },
    {
      id: 'hop',
      header: 'Hop',
      em: 3.75,
      cell: (r) => <abbr title={HOP_LONG[r.hop]}>{HOP_SHORT[r.hop]}</abbr>,
    },
    {
      id: 'dir',
      header: 'Dir',
      em: 2.75,
      show: 'always',
      cell: (r) => (
        <span data-dir={r.dir}>
          <span aria-hidden="true">{r.dir === 'up' ? '↑' : '↓'}</span>
          <span className="visually-hidden">{dirText(r)}</span>
        </span>
      ),
    },
    { id: 'kind', header: 'Kind', em: 7.5, cell: (r) => kindText(r) },
    { id: 'len', header: 'Bytes', em: 4.5, show: 'always', mono: true, cell: (r) => r.length },
    {
      id: 'summary',
      header: 'Summary',
      em: 10,
      grow: true,
      show: 'always',
      mono: true,
      cell: (r) => r.summary,
      title: (r) => r.summary,
    },
  ],
  describe: (r) => `${r.summary}, ${dirText(r)}, ${r.conn}, ${HOP_LONG[r.hop].replace('↔', 'to')}`,
};
