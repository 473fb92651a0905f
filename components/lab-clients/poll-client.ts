/**
 * A plain polling reader of the session's message stream, `GET /poll?cursor=N[&wait=ms]`:
 *
 * - long polling (`waitMs` > 0 or undefined = the server's hold time): the next GET goes out as
 *   soon as the previous one is answered (200 with messages, or 204 when the hold ran out);
 * - short polling (`waitMs` = 0): the server answers at once, 204 when there is nothing new; the
 *   next GET goes out `intervalMs` after the answer.
 *
 * The cursor survives failures (a 504 from a proxy's idle timeout, a reset connection): the retry
 * asks for everything after the last id it got, so nothing is skipped. No React here.
 */
import {
  LAB_PATHS,
  type PollResponse,
  type PublishRequest,
  pollPath,
  type StreamStatus,
} from '@/lib/lab/endpoints';

export interface PollOptions {
  labBase: string;
  /** undefined: the server's hold time; 0: short polling. */
  waitMs?: number;
  /** Short polling: pause between an answer and the next GET. */
  intervalMs?: number;
  onMessages: (messages: readonly { id: number; at: number }[]) => void;
  onStatus: (status: string) => void;
}

const RETRY_MS = 1000;

type PollBody = Partial<PollResponse>;

export function startPolling(options: PollOptions): () => void {
  const controller = new AbortController();
  const { signal } = controller;
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      signal.addEventListener('abort', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  const short = options.waitMs === 0;

  const loop = async () => {
    let cursor = 0;
    try {
      const res = await fetch(`${options.labBase}${LAB_PATHS.stream}`, {
        signal,
        cache: 'no-store',
      });
      const body = (await res.json()) as Partial<StreamStatus>;
      cursor = body.lastId ?? 0;
    } catch {
      // start from 0: the first answer returns what the ring still holds
    }
    while (!signal.aborted) {
      try {
        const res = await fetch(`${options.labBase}${pollPath({ cursor, wait: options.waitMs })}`, {
          signal,
          cache: 'no-store',
        });
        if (res.status === 200) {
          const body = (await res.json()) as PollBody;
          if (body.messages && body.messages.length > 0) options.onMessages(body.messages);
          if (typeof body.cursor === 'number') cursor = body.cursor;
          options.onStatus('open');
        } else if (res.status === 204) {
          await res.arrayBuffer();
          options.onStatus('open');
        } else {
          await res.arrayBuffer();
          options.onStatus(`answered ${res.status}; retrying`);
          await pause(RETRY_MS);
          continue;
        }
        if (short) await pause(options.intervalMs ?? 1000);
      } catch (err) {
        if (signal.aborted) break;
        options.onStatus(`failed (${(err as Error).message}); retrying`);
        await pause(RETRY_MS);
      }
    }
  };
  void loop();
  return () => controller.abort();
}

export async function publishText(labBase: string, text: string): Promise<number> {
  const res = await fetch(`${labBase}${LAB_PATHS.poll}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ data: text } satisfies PublishRequest),
  });
  return res.status;
}
