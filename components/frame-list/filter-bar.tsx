'use client';
/**
 * The frame list's filters: the ones people keep asking existing inspectors for (hide ping/pong,
 * hide control frames, one connection, one hop, one direction, one kind, find text). Filters fixed
 * by the list's scope (a lesson that lists one hop's WebSocket frames) are not offered.
 */
import { useId } from 'react';
import { type FrameFilter, KIND_GROUPS, type KindGroup } from '@/lib/live/frame-filter';
import type { Dir, Hop } from '@/lib/mirror/types';
import styles from './frame-list.module.css';

interface Props {
  filter: FrameFilter;
  onChange: (next: FrameFilter) => void;
  /** Connection ids seen so far. */
  conns: readonly string[];
  /** Fields the scope fixes (not shown). */
  fixed: Partial<Record<keyof FrameFilter, unknown>>;
}

const HOPS: { value: Hop; label: string }[] = [
  { value: 'browser-edge', label: 'browser ↔ edge' },
  { value: 'edge-node', label: 'edge ↔ node' },
];
const DIRS: { value: Dir; label: string }[] = [
  { value: 'up', label: '↑ up' },
  { value: 'down', label: '↓ down' },
];

function Choice<T extends string>(props: {
  label: string;
  all: string;
  value: T | null;
  options: readonly { value: T; label: string }[];
  onChange: (value: T | null) => void;
}) {
  const id = useId();
  return (
    <label htmlFor={id}>
      {props.label}
      <select
        id={id}
        value={props.value ?? ''}
        onChange={(e) => props.onChange((e.currentTarget.value || null) as T | null)}
      >
        <option value="">{props.all}</option>
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}

export function FilterBar({ filter, onChange, conns, fixed }: Props) {
  const set = <K extends keyof FrameFilter>(key: K, value: FrameFilter[K]) =>
    onChange({ ...filter, [key]: value });
  const show = (key: keyof FrameFilter) => !(key in fixed);
  return (
    <fieldset className={styles.filters}>
      <legend className="visually-hidden">Filter the frames</legend>
      <label>
        <input
          type="checkbox"
          checked={filter.hidePingPong}
          onChange={(e) => set('hidePingPong', e.currentTarget.checked)}
        />
        Hide ping/pong
      </label>
      <label title="Close, ping and pong frames, and Engine.IO ping/pong packets (2, 3) in text frames">
        <input
          type="checkbox"
          checked={filter.hideControl}
          onChange={(e) => set('hideControl', e.currentTarget.checked)}
        />
        Hide control frames
      </label>
      {show('conn') ? (
        <Choice
          label="Connection"
          all="all"
          value={filter.conn}
          options={conns.map((c) => ({ value: c, label: c }))}
          onChange={(v) => set('conn', v)}
        />
      ) : null}
      {show('hop') ? (
        <Choice
          label="Hop"
          all="both"
          value={filter.hop}
          options={HOPS}
          onChange={(v) => set('hop', v)}
        />
      ) : null}
      {show('dir') ? (
        <Choice
          label="Direction"
          all="both"
          value={filter.dir}
          options={DIRS}
          onChange={(v) => set('dir', v)}
        />
      ) : null}
      {show('kind') ? (
        <Choice
          label="Kind"
          all="all"
          value={filter.kind}
          options={(Object.keys(KIND_GROUPS) as KindGroup[]).map((k) => ({
            value: k,
            label: KIND_GROUPS[k].label,
          }))}
          onChange={(v) => set('kind', v)}
        />
      ) : null}
      {show('text') ? (
        <label>
          Find
          <input
            type="search"
            value={filter.text}
            placeholder="text in a frame"
            onChange={(e) => set('text', e.currentTarget.value)}
          />
        </label>
      ) : null}
    </fieldset>
  );
}
