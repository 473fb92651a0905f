/**
 * The WebSocket column: `/feed` pushes every stream message as one text frame. On close the client
 * reconnects after a second with `?cursor=<last id>`, so the server replays what it missed.
 */
import { feedPath, type StreamMessage } from '@/lib/lab/endpoints';

export interface FeedOptions {
  /** ws(s)://host + the session's lab base; the client adds `/feed[?cursor=]`. */
  labUrl: string;
  onMessage: (id: number) => void;
  onStatus: (status: string) => void;
}

export function startFeed(options: FeedOptions): () => void {
  let stopped = false;
  let last: number | undefined;
  let ws: WebSocket | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const open = () => {
    const socket = new WebSocket(`${options.labUrl}${feedPath({ cursor: last })}`);
    ws = socket;
    options.onStatus('connecting');
    socket.onopen = () => options.onStatus('open');
    socket.onmessage = (ev) => {
      try {
        const value = JSON.parse(String(ev.data)) as Partial<Record<keyof StreamMessage, unknown>>;
        if (typeof value.id === 'number') {
          last = value.id;
          options.onMessage(value.id);
        }
      } catch {
        // not a stream message
      }
    };
    socket.onclose = (ev) => {
      if (stopped) return;
      options.onStatus(`closed ${ev.code}; reconnecting`);
      timer = setTimeout(open, 1000);
    };
  };
  open();
  return () => {
    stopped = true;
    if (timer !== null) clearTimeout(timer);
    ws?.close(1000);
  };
}
