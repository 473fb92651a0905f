/** The bytes of a frame or reassembled message, wherever the event keeps them (they travel once). */
import { fromBase64, fromHex, utf8Encode } from '../wire/bytes';
import { applyMask } from '../wire/ws-frame';
import type { WsFrameEvent } from './types';

/** The frame's unmasked payload: `raw` after the header, unmasked with the key when masked. */
export function framePayload(event: WsFrameEvent): Uint8Array {
  if (event.frame.payload !== undefined)
    return fromBase64(event.frame.payload) ?? new Uint8Array(0);
  const raw = fromBase64(event.raw) ?? new Uint8Array(0);
  const body = raw.subarray(event.frame.headerLength);
  return event.frame.maskKey ? applyMask(body, fromHex(event.frame.maskKey)) : body.slice();
}

export function messageBytes(event: WsFrameEvent): Uint8Array | undefined {
  const message = event.message;
  if (message === undefined) return undefined;
  if (message.data !== undefined) return fromBase64(message.data) ?? new Uint8Array(0);
  if (message.text !== undefined) return utf8Encode(message.text);
  return framePayload(event);
}
