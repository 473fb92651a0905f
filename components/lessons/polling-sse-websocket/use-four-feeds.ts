'use client';
/**
 * The four readers of lesson 7, all open at once on the same session stream: short polling
 * (`GET /poll?wait=0` every `pollInterval` ms), long polling (`GET /poll`, held), SSE
 * (`EventSource`, which reconnects by itself with `Last-Event-ID`) and a WebSocket (`/feed`).
 * Counts are what each client API delivered; everything measured comes from the wire.
 */
import { useEffect, useState } from 'react';
import { LAB_PATHS } from '@/lib/lab/endpoints';
import type { LabTransport } from '@/lib/mirror/select-transport';
import { startPolling } from '../../lab-clients/poll-client';
import { wsOrigin } from '../../mirror/mirror-client';
import { startFeed } from './feed-client';

export interface FeedStatus {
  status: string;
  received: number;
}

type Feeds = Record<'short-poll' | 'long-poll' | 'sse' | 'ws', FeedStatus>;

const INITIAL: Feeds = {
  'short-poll': { status: 'closed', received: 0 },
  'long-poll': { status: 'closed', received: 0 },
  sse: { status: 'closed', received: 0 },
  ws: { status: 'closed', received: 0 },
};

export function useFourFeeds(
  labBase: string | undefined,
  pollInterval: number,
  /** 0 until the learner presses Run; each Run opens fresh readers. */
  run: number,
): Feeds {
  const [feeds, setFeeds] = useState<Feeds>(INITIAL);
  const update = (key: keyof Feeds, patch: Partial<FeedStatus> | ((f: FeedStatus) => FeedStatus)) =>
    setFeeds((all) => ({
      ...all,
      [key]: typeof patch === 'function' ? patch(all[key]) : { ...all[key], ...patch },
    }));
  const add = (key: keyof Feeds, n: number) =>
    update(key, (f) => ({ ...f, received: f.received + n }));

  // biome-ignore lint/correctness/useExhaustiveDependencies: update/add only call setFeeds
  useEffect(() => {
    if (!labBase || run === 0) return;
    return startPolling({
      labBase,
      waitMs: 0,
      intervalMs: pollInterval,
      onMessages: (list) => add('short-poll', list.length),
      onStatus: (status) => update('short-poll', { status }),
    });
  }, [labBase, pollInterval, run]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: update/add only call setFeeds
  useEffect(() => {
    if (!labBase || run === 0) return;
    const stopLong = startPolling({
      labBase,
      onMessages: (list) => add('long-poll', list.length),
      onStatus: (status) => update('long-poll', { status }),
    });
    const source = new EventSource(`${labBase}${LAB_PATHS.sse}`);
    update('sse', { status: 'connecting' });
    source.onopen = () => update('sse', { status: 'open' });
    source.onmessage = () => add('sse', 1);
    source.onerror = () =>
      update('sse', {
        status:
          source.readyState === EventSource.CONNECTING
            ? 'reconnecting (will send Last-Event-ID)'
            : 'closed',
      });
    const stopFeed = startFeed({
      labUrl: `${wsOrigin(window.location)}${labBase}`,
      onMessage: () => add('ws', 1),
      onStatus: (status) => update('ws', { status }),
    });
    return () => {
      stopLong();
      source.close();
      stopFeed();
    };
  }, [labBase, run]);

  return feeds;
}

export const FEED_LABELS: Record<keyof Feeds, string> = {
  'short-poll': 'Short polling',
  'long-poll': 'Long polling',
  sse: 'SSE',
  ws: 'WebSocket',
};

export function feedLabel(t: LabTransport): string {
  return (FEED_LABELS as Record<string, string>)[t] ?? t;
}
