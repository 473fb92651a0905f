'use client';

import { useMemo } from 'react';
import type { Dissection } from '@/lib/wire/spans';
import { HexDump } from './hex-dump';
import styles from './hex-dump.module.css';
import { spanRows } from './span-rows';
import { SpanTree } from './span-tree';

interface Props {
  dissection: Dissection;
  /** Unique among the dumps of one inspector; prefixes the span keys. */
  dumpKey: string;
  /** Active span key (`<dumpKey>:<path>`), shared by the dumps of one inspector. */
  active: string | null;
  onActive: (key: string | null) => void;
}

/** One dissection: its bytes as a hex dump above its span tree, linked by the active span. */
export function SpanDump({ dissection, dumpKey, active, onActive }: Props) {
  const rows = useMemo(() => spanRows(dissection.spans, dumpKey), [dissection, dumpKey]);
  const activeRow = rows.find((r) => r.key === active);
  const { title, bytes } = dissection;
  return (
    <figure className={styles.dump} aria-labelledby={`${dumpKey}-title`}>
      <h4 id={`${dumpKey}-title`} className={styles.title}>
        {title} · {bytes.length} bytes
      </h4>
      <HexDump bytes={bytes} rows={rows} active={activeRow} onActive={onActive} />
      <SpanTree
        caption={`${title}: fields`}
        bytes={bytes}
        rows={rows}
        activeKey={active}
        onActive={onActive}
      />
    </figure>
  );
}
