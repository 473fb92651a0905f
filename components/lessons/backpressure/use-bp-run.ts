'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { type BpBatch, type BpMessage, bpPath } from '@/lib/lab/endpoints';
import { parseStat, type QueueStat } from '@/lib/machines/queue-watermark';
import type { BpPolicy } from '@/lib/scenario/schema';
import type { MirrorClient } from '../../mirror/mirror-client';
import { wsOrigin } from '../../mirror/mirror-client';

export const RUN_SECONDS = 6;
/** After the producer stops, wait this long without data before calling the run finished. */
const QUIET_MS = 1500;
const PUBLISH_MS = 250;

export interface RunSettings {
  rate: number;
  size: number;
  watermark: number;
  policy: BpPolicy;
  batchMs: number;
  coalesce: boolean;
}

export interface RunResult {
  id: number;
  settings: RunSettings;
  state: 'running' | 'draining' | 'done';
  received: number;
  critical: number;
  /** Delivery latency, ms: browser receive time − the producer's stamp (same host clock). */
  p50: number | null;
  p99: number | null;
  p99Critical: number | null;
  last: QueueStat | null;
}

export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const i = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, i)] ?? null;
}

/** A data frame as parsed: a message or a batch of them (fields checked before use). */
type Msg = Partial<BpMessage & BpBatch>;

/**
 * One run: a stats WebSocket, then the data WebSocket with the settings. Every message's latency
 * is measured on arrival into a plain array; the view gets a summary every 250 ms, never per message.
 */
export function useBpRun(mirror: MirrorClient, labBase: string | undefined) {
  const [runs, setRuns] = useState<RunResult[]>([]);
  const cleanup = useRef<(() => void) | null>(null);
  const ids = useRef(0);

  useEffect(() => () => cleanup.current?.(), []);

  const start = useCallback(
    (settings: RunSettings) => {
      if (!labBase) return;
      cleanup.current?.();
      ids.current += 1;
      const id = ids.current;
      const origin = `${wsOrigin(window.location)}${labBase}`;
      const dataPath = bpPath({
        rate: settings.rate,
        size: settings.size,
        watermark: settings.watermark,
        policy: settings.policy,
        batchMs: settings.batchMs,
        coalesce: settings.coalesce,
        seconds: RUN_SECONDS,
      });
      mirror.mark(`run ${id}: ${settings.policy}`, dataPath);
      const latencies: number[] = [];
      const critical: number[] = [];
      let last: QueueStat | null = null;
      let lastData = Date.now();
      const started = Date.now();
      let state: RunResult['state'] = 'running';
      const note = (m: Msg, now: number) => {
        if (typeof m.at !== 'number') return;
        latencies.push(now - m.at);
        if (m.crit) critical.push(now - m.at);
      };
      const onText = (text: string) => {
        const now = Date.now();
        const stat = parseStat(text);
        if (stat !== null) {
          last = stat;
          return;
        }
        lastData = now;
        try {
          const m = JSON.parse(text) as Msg;
          if (Array.isArray(m.batch)) for (const x of m.batch) note(x, now);
          else note(m, now);
        } catch {}
      };
      const stats = new WebSocket(`${origin}${bpPath({ channel: 'stats' })}`);
      let data: WebSocket | null = null;
      stats.addEventListener('message', (e) => typeof e.data === 'string' && onText(e.data));
      stats.addEventListener('open', () => {
        data = new WebSocket(`${origin}${dataPath}`);
        data.addEventListener('message', (e) => typeof e.data === 'string' && onText(e.data));
      });
      const publish = () => {
        const now = Date.now();
        if (state === 'running' && now - started > RUN_SECONDS * 1000) state = 'draining';
        if (state === 'draining' && now - lastData > QUIET_MS) state = 'done';
        const sorted = [...latencies].sort((a, b) => a - b);
        const crit = [...critical].sort((a, b) => a - b);
        const result: RunResult = {
          id,
          settings,
          state,
          received: latencies.length,
          critical: critical.length,
          p50: percentile(sorted, 50),
          p99: percentile(sorted, 99),
          p99Critical: percentile(crit, 99),
          last,
        };
        setRuns((list) => [result, ...list.filter((r) => r.id !== id)].slice(0, 8));
        if (state === 'done') stop();
      };
      const timer = setInterval(publish, PUBLISH_MS);
      const stop = () => {
        clearInterval(timer);
        data?.close(1000, 'run over');
        stats.close(1000, 'run over');
        if (cleanup.current === stop) cleanup.current = null;
      };
      cleanup.current = () => {
        state = 'done';
        publish();
      };
    },
    [labBase, mirror],
  );

  const stop = useCallback(() => cleanup.current?.(), []);
  const running = runs[0]?.state === 'running' || runs[0]?.state === 'draining';
  return { runs, start, stop, running };
}
