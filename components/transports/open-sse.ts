/**
 * Server-sent events: the browser's `EventSource` on /sse (it reconnects by itself and resumes with
 * Last-Event-ID). SSE is one-way, so sending publishes with POST /poll and the text comes back down
 * the event stream.
 */
import { LAB_PATHS } from '@/lib/lab/endpoints';
import { publish } from './open-long-polling';
import type { TransportClient, TransportEvents, TransportTarget } from './types';

export function openSse(target: TransportTarget, on: TransportEvents): TransportClient {
  const source = new EventSource(`${target.labBase}${LAB_PATHS.sse}`);
  let closed = false;
  on.status('connecting');
  source.addEventListener('open', () => {
    on.status('open');
    on.note('EventSource open');
  });
  source.addEventListener('message', (ev) => {
    on.message(typeof ev.data === 'string' ? ev.data : String(ev.data));
  });
  source.addEventListener('error', () => {
    if (closed) return;
    const reconnecting = source.readyState === EventSource.CONNECTING;
    on.status(reconnecting ? 'reconnecting' : 'error');
    on.note(
      reconnecting
        ? 'EventSource error: reconnecting (it will send Last-Event-ID)'
        : 'EventSource error: closed',
    );
  });
  return {
    transport: 'sse',
    sendsVia: 'POST /poll (SSE is one-way); it comes back down the event stream',
    send: (text) => {
      publish(target, text).catch((err: Error) => on.note(`POST /poll failed: ${err.message}`));
    },
    close: () => {
      if (closed) return;
      closed = true;
      source.close();
      on.status('closed', 'EventSource.close()');
      on.note('EventSource closed');
    },
  };
}
