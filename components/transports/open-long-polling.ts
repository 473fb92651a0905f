/**
 * Plain long polling with fetch: GET /poll?cursor=N is held until the stream has messages after N
 * (200 JSON) or the hold times out (204), then the next GET goes out at once. POST /poll publishes.
 * close() aborts the pending GET.
 */
import {
  LAB_PATHS,
  type PollResponse,
  type PublishRequest,
  pollPath,
  type StreamStatus,
} from '@/lib/lab/endpoints';
import type { TransportClient, TransportEvents, TransportTarget } from './types';

type PollBody = Partial<PollResponse>;

const RETRY_MS = 1000;

export async function publish(target: TransportTarget, text: string): Promise<void> {
  await fetch(`${target.labBase}${LAB_PATHS.poll}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ data: text } satisfies PublishRequest),
  });
}

/** The stream's newest id, so a new reader starts from now rather than replaying the ring. */
export async function newestId(target: TransportTarget, signal: AbortSignal): Promise<number> {
  try {
    const res = await fetch(`${target.labBase}${LAB_PATHS.stream}`, { signal, cache: 'no-store' });
    if (!res.ok) return 0;
    const body = (await res.json()) as Partial<StreamStatus>;
    return typeof body.lastId === 'number' ? body.lastId : 0;
  } catch {
    return 0;
  }
}

export function openLongPolling(target: TransportTarget, on: TransportEvents): TransportClient {
  const controller = new AbortController();
  const { signal } = controller;
  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(resolve, ms);
      signal.addEventListener('abort', () => {
        clearTimeout(t);
        resolve();
      });
    });

  const loop = async () => {
    on.status('connecting');
    let cursor = await newestId(target, signal);
    let polls = 0;
    while (!signal.aborted) {
      try {
        const res = await fetch(`${target.labBase}${pollPath({ cursor })}`, {
          signal,
          cache: 'no-store',
        });
        polls += 1;
        if (polls === 1) on.status('open');
        if (res.status === 204) continue;
        if (!res.ok) {
          on.status('reconnecting', `HTTP ${res.status}`);
          on.note(`poll answered ${res.status}; retrying in ${RETRY_MS} ms`);
          await wait(RETRY_MS);
          continue;
        }
        const body = (await res.json()) as PollBody;
        for (const m of body.messages ?? []) on.message(JSON.stringify(m));
        if (typeof body.cursor === 'number') cursor = body.cursor;
        on.status('open');
      } catch (err) {
        if (signal.aborted) break;
        on.status('reconnecting', (err as Error).message);
        on.note(`poll failed (${(err as Error).message}); retrying in ${RETRY_MS} ms`);
        await wait(RETRY_MS);
      }
    }
    on.status('closed', 'aborted');
  };
  void loop();

  return {
    transport: 'long-polling',
    sendsVia: 'POST /poll; it comes back on the next long-poll GET',
    send: (text) => {
      publish(target, text).catch((err: Error) => on.note(`POST /poll failed: ${err.message}`));
    },
    close: () => {
      if (!signal.aborted) {
        controller.abort();
        on.note('long poll aborted (AbortController)');
      }
    },
  };
}
