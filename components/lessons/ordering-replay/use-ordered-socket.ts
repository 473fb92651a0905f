'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { orderedPath } from '@/lib/lab/endpoints';
import {
  type ConsumerCounts,
  DEFAULT_GAP_MS,
  parseOrderedEvent,
  ReorderConsumer,
  replayRequest,
} from '@/lib/machines/reorder-consumer';
import type { MirrorClient } from '../../mirror/mirror-client';
import { wsOrigin } from '../../mirror/mirror-client';
import { STREAM_MARK, streamMarkDetail } from './steps';

/** Events per stream: enough for several faults at the default rate, few enough to read. */
export const ORDERED_COUNT = 100;
const TICK_MS = 50;

export interface OrderedClientView {
  state: 'not started' | 'streaming' | 'complete' | 'closed';
  counts: ConsumerCounts | null;
  next: number;
  applied: number;
}

/** The wait before a gap asks for a replay: longer than a few event intervals, at least 600 ms. */
export const gapMsFor = (rate: number) => Math.max(DEFAULT_GAP_MS, Math.ceil(3000 / rate));

/**
 * The page's consumer: one real WebSocket to `/ordered`, the lesson's ReorderConsumer on every
 * message, and a replay request sent when the consumer asks for one. The view reads its counts
 * once per tick (never per message); the step-by-step table is folded from the capture instead.
 */
export function useOrderedSocket(mirror: MirrorClient, labBase: string | undefined) {
  const socketRef = useRef<WebSocket | null>(null);
  const consumerRef = useRef<ReorderConsumer | null>(null);
  const [view, setView] = useState<OrderedClientView>({
    state: 'not started',
    counts: null,
    next: 1,
    applied: 0,
  });

  useEffect(() => () => socketRef.current?.close(1000, 'page left'), []);

  const start = useCallback(
    (rate: number, windowSize: number) => {
      if (!labBase) return;
      socketRef.current?.close(1000, 'new stream');
      const consumer = new ReorderConsumer({
        window: windowSize,
        gapMs: gapMsFor(rate),
        total: ORDERED_COUNT,
      });
      consumerRef.current = consumer;
      const path = orderedPath({ rate, count: ORDERED_COUNT });
      mirror.mark(STREAM_MARK, streamMarkDetail(path, windowSize));
      const ws = new WebSocket(`${wsOrigin(window.location)}${labBase}${path}`);
      socketRef.current = ws;
      const t0 = performance.now();
      const now = () => performance.now() - t0;
      let ended = false;
      const publish = () => {
        if (socketRef.current !== ws) return;
        setView({
          state: consumer.complete ? 'complete' : ended ? 'closed' : 'streaming',
          counts: { ...consumer.counts },
          next: consumer.next,
          applied: consumer.counts.applied,
        });
      };
      ws.addEventListener('message', (ev) => {
        if (typeof ev.data !== 'string') return;
        const event = parseOrderedEvent(ev.data);
        if (event !== null) consumer.receiveAt(event, now());
      });
      const timer = setInterval(() => {
        if (ws.readyState === WebSocket.OPEN) {
          const from = consumer.replayDue(now());
          if (from !== null) {
            consumer.noteReplay(from, now());
            ws.send(replayRequest(from));
          }
        }
        publish();
        if (consumer.complete || ended) clearInterval(timer);
      }, TICK_MS);
      ws.addEventListener('close', () => {
        ended = true;
        publish();
      });
      setView({ state: 'streaming', counts: { ...consumer.counts }, next: 1, applied: 0 });
    },
    [labBase, mirror],
  );

  const stop = useCallback(() => socketRef.current?.close(1000, 'stopped'), []);

  return { view, start, stop };
}
