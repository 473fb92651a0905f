/** Raw WebSocket: the browser's own `WebSocket` to the lab node's echo endpoint. */
import { LAB_PATHS } from '@/lib/lab/endpoints';
import type { TransportClient, TransportEvents, TransportTarget } from './types';

export function openWebSocket(target: TransportTarget, on: TransportEvents): TransportClient {
  const ws = new WebSocket(`${target.wsOrigin}${target.labBase}${LAB_PATHS.ws}`);
  let closing = false;
  on.status('connecting');
  ws.addEventListener('open', () => {
    on.status('open');
    on.note('WebSocket open');
  });
  ws.addEventListener('message', (ev) => {
    on.message(typeof ev.data === 'string' ? ev.data : '(binary)');
  });
  ws.addEventListener('error', () => on.note('WebSocket error event (the API gives no detail)'));
  ws.addEventListener('close', (ev) => {
    on.note(`WebSocket close code ${ev.code}, wasClean ${ev.wasClean}`);
    on.status(closing ? 'closed' : 'error', `close code ${ev.code}`);
  });
  return {
    transport: 'websocket',
    sendsVia: 'ws.send() on the same WebSocket; the node echoes it',
    send: (text) => {
      if (ws.readyState === WebSocket.OPEN) ws.send(text);
    },
    close: () => {
      if (closing) return;
      closing = true;
      if (ws.readyState <= WebSocket.OPEN) ws.close(1000, 'transport switch');
    },
  };
}
