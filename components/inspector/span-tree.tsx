'use client';

import { type KeyboardEvent, useRef, useState } from 'react';
import styles from './hex-dump.module.css';
import { bitPattern, rangeText, type SpanRow, visibleRows } from './span-rows';

interface Props {
  caption: string;
  bytes: Uint8Array;
  rows: readonly SpanRow[];
  activeKey: string | null;
  onActive: (key: string | null) => void;
}

/**
 * The dissector's span tree as a WAI-ARIA treegrid: one row per span (Bytes, Field, Value, Meaning),
 * children indented below their parent. Up / Down / Home / End move between rows, Right opens a
 * row or enters it, Left closes it or goes to its parent, Enter toggles; focusing or hovering a row
 * highlights its bytes in the dump.
 */
export function SpanTree({ caption, bytes, rows, activeKey, onActive }: Props) {
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(() => new Set());
  const [focusKey, setFocusKey] = useState<string | null>(null);
  const refs = useRef(new Map<string, HTMLTableRowElement>());
  const shown = visibleRows(rows, collapsed);
  const tabKey = shown.some((r) => r.key === focusKey) ? focusKey : (shown[0]?.key ?? null);

  const toggle = (key: string, open?: boolean) =>
    setCollapsed((prev) => {
      const next = new Set(prev);
      if (open ?? next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });
  const focus = (key: string | undefined | null) => {
    if (key) refs.current.get(key)?.focus();
  };

  const onKeyDown = (event: KeyboardEvent, row: SpanRow, index: number) => {
    const open = row.hasChildren && !collapsed.has(row.key);
    switch (event.key) {
      case 'ArrowDown':
        focus(shown[index + 1]?.key);
        break;
      case 'ArrowUp':
        focus(shown[index - 1]?.key);
        break;
      case 'Home':
        focus(shown[0]?.key);
        break;
      case 'End':
        focus(shown[shown.length - 1]?.key);
        break;
      case 'ArrowRight':
        if (row.hasChildren && !open) toggle(row.key, true);
        else if (open) focus(shown[index + 1]?.key);
        break;
      case 'ArrowLeft':
        if (open) toggle(row.key, false);
        else focus(row.parent);
        break;
      case 'Enter':
      case ' ':
        if (row.hasChildren) toggle(row.key);
        break;
      default:
        return;
    }
    event.preventDefault();
  };

  return (
    // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: the WAI-ARIA APG treegrid pattern is a <table role="treegrid"> (rows keep native table semantics: rowheader, cells)
    <table className={styles.fields} role="treegrid" aria-readonly="true">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Bytes</th>
          <th scope="col">Field</th>
          <th scope="col">Value</th>
          <th scope="col" className={styles.meaningCol}>
            Meaning
          </th>
        </tr>
      </thead>
      <tbody>
        {shown.map((row, index) => {
          const { span } = row;
          const open = row.hasChildren ? !collapsed.has(row.key) : undefined;
          return (
            <tr
              key={row.key}
              ref={(el) => {
                if (el) refs.current.set(row.key, el);
                else refs.current.delete(row.key);
              }}
              tabIndex={row.key === tabKey ? 0 : -1}
              aria-level={row.level}
              aria-expanded={open}
              data-active={row.key === activeKey}
              data-problem={span.problem ? 'yes' : undefined}
              data-field={span.name}
              onMouseEnter={() => onActive(row.key)}
              onFocus={() => {
                setFocusKey(row.key);
                onActive(row.key);
              }}
              onKeyDown={(e) => onKeyDown(e, row, index)}
            >
              <td className={styles.range}>{rangeText(span)}</td>
              <th scope="row" style={{ paddingInlineStart: `${1.4 + (row.level - 1) * 1.1}rem` }}>
                {open !== undefined ? (
                  // pointer twin of Enter / Left / Right on the row (hidden from assistive tech)
                  <span
                    aria-hidden="true"
                    className={styles.toggle}
                    onClick={() => toggle(row.key)}
                  >
                    {open ? '▾' : '▸'}
                  </span>
                ) : null}
                {span.name}
              </th>
              <td className={styles.value}>
                {span.value}
                {span.bits ? (
                  <span className={styles.bits}>
                    bits {bitPattern(bytes[span.offset] ?? 0, span.bits)}
                  </span>
                ) : null}
                {span.problem ? <span className={styles.problem}>⚠ {span.problem}</span> : null}
              </td>
              <td className={`${styles.meaning} ${styles.meaningCol}`}>{span.meaning ?? ''}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
