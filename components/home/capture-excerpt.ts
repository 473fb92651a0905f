/**
 * The part of a lesson's capture its home-page sketch draws: the lesson's key events
 * (capture-keys.ts) and a few of the learner's own wire events around them, verbatim and in order.
 */
import type { WireEvent } from '@/lib/mirror/types';
import { findKeys } from './capture-keys';

/** Arrows a sketch has room for. */
export const MAX_ARROWS = 8;

/** Events a sketch draws as arrows: what crossed the learner's hop, and faults. */
export function drawable(e: WireEvent): boolean {
  if (e.kind === 'fault') return true;
  if (e.hop !== 'browser-edge') return false;
  return e.kind === 'http-request' || e.kind === 'http-response' || e.kind === 'ws-frame';
}

/**
 * The key events, plus drawable events between them (and up to two before the first key and two
 * after the last), evenly
 * thinned so the total stays within MAX_ARROWS. Throws when a key is missing.
 */
export function excerpt(slug: string, events: readonly WireEvent[]): WireEvent[] {
  const keys = findKeys(slug, events);
  if (keys.some((k) => k === undefined)) throw new Error(`${slug}: capture lacks a key event`);
  const seqs = keys.map((k) => k?.seq ?? 0);
  const keySeqs = new Set(seqs);
  const first = Math.min(...seqs);
  const last = Math.max(...seqs);
  const before = events.filter((e) => e.seq < first && drawable(e)).slice(-2);
  const between = events.filter(
    (e) => e.seq > first && e.seq < last && !keySeqs.has(e.seq) && drawable(e),
  );
  const after = events.filter((e) => e.seq > last && drawable(e)).slice(0, 2);
  const room = Math.max(0, MAX_ARROWS - keySeqs.size - before.length - after.length);
  const step = between.length / Math.max(1, room);
  const thinned =
    between.length <= room
      ? between
      : Array.from({ length: room }, (_, i) => between[Math.floor(i * step)]).filter(
          (e): e is WireEvent => e !== undefined,
        );
  const kept = new Map<number, WireEvent>();
  for (const e of [...before, ...thinned, ...keys, ...after]) if (e) kept.set(e.seq, e);
  return [...kept.values()].sort((a, b) => a.seq - b.seq);
}
