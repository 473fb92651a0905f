/** The bytes of a reassembled WebSocket message, wherever the event keeps them (see WsMessageInfo.data). */
import { fromBase64, utf8Encode } from '../wire/bytes';
import type { WsFrameEvent } from './types';

export function messageBytes(event: WsFrameEvent): Uint8Array | undefined {
  const message = event.message;
  if (message === undefined) return undefined;
  if (message.data !== undefined) return fromBase64(message.data) ?? new Uint8Array(0);
  if (message.text !== undefined) return utf8Encode(message.text);
  return fromBase64(event.frame.payload) ?? new Uint8Array(0);
}
