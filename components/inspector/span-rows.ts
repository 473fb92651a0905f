/** A span tree laid out as rows for the tree table and the hex dump (pure; no React). */
import type { BitRange, Span } from '@/lib/wire/spans';

export interface SpanRow {
  /** `<dumpKey>:<index path>`, unique across the dumps of one inspector. */
  key: string;
  span: Span;
  /** 1 for top-level spans (aria-level). */
  level: number;
  parent: string | null;
  hasChildren: boolean;
  /** Colour band of the bytes this row owns (neighbours differ). */
  region: number;
}

export const REGION_COUNT = 8;

/** Every span in pre-order (a parent before its children). */
export function spanRows(spans: readonly Span[], dumpKey: string): SpanRow[] {
  const rows: SpanRow[] = [];
  const walk = (list: readonly Span[], level: number, parent: string | null) => {
    list.forEach((span, i) => {
      const key = `${parent ?? dumpKey}${parent ? '.' : ':'}${i}`;
      const hasChildren = (span.children?.length ?? 0) > 0;
      rows.push({ key, span, level, parent, hasChildren, region: rows.length % REGION_COUNT });
      if (span.children) walk(span.children, level + 1, key);
    });
  };
  walk(spans, 1, null);
  return rows;
}

/** The rows a reader sees: none below a collapsed row. */
export function visibleRows(rows: readonly SpanRow[], collapsed: ReadonlySet<string>): SpanRow[] {
  const hidden = new Set<string>();
  return rows.filter((row) => {
    if (row.parent && (hidden.has(row.parent) || collapsed.has(row.parent))) {
      hidden.add(row.key);
      return false;
    }
    return true;
  });
}

/**
 * For each of the first `count` bytes, the innermost row covering it (deepest, then shortest, then
 * first): its colour shows, and hovering the byte makes it active.
 */
export function byteOwners(rows: readonly SpanRow[], count: number): (SpanRow | undefined)[] {
  const out: (SpanRow | undefined)[] = new Array(count);
  for (const row of rows) {
    const { offset, length } = row.span;
    for (let i = offset; i < Math.min(offset + length, count); i++) {
      const cur = out[i];
      if (!cur || row.level > cur.level || (row.level === cur.level && length < cur.span.length)) {
        out[i] = row;
      }
    }
  }
  return out;
}

/** The byte's bits with the field's bits shown and the rest as '·': '1··· ····'. */
export function bitPattern(byte: number, bits: BitRange): string {
  let out = '';
  for (let i = 0; i < 8; i++) {
    if (i === 4) out += ' ';
    const inField = i >= bits.offset && i < bits.offset + bits.width;
    out += inField ? String((byte >> (7 - i)) & 1) : '·';
  }
  return out;
}

/** 'at 4' (zero length), '4', '4–9'. */
export function rangeText(span: Span): string {
  if (span.length === 0) return `at ${span.offset}`;
  if (span.length === 1) return String(span.offset);
  return `${span.offset}–${span.offset + span.length - 1}`;
}
