/** Sec-WebSocket-Accept (RFC 6455 §4.2.2): base64(SHA-1(key + GUID)), recomputable in the page. */
import { toBase64, utf8Encode } from './bytes';
import { sha1 } from './sha1';

/** The fixed GUID from RFC 6455 §1.3. */
export const WS_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/** The only version RFC 6455 defines; servers answer others with 426 and this in Sec-WebSocket-Version. */
export const WS_VERSION = '13';

export function computeAccept(key: string): string {
  return toBase64(sha1(utf8Encode(key.trim() + WS_GUID)));
}

/** Whether a Sec-WebSocket-Key is 16 bytes, base64-encoded (RFC 6455 §4.1): 22 chars + '=='. */
export function isValidKey(key: string): boolean {
  return /^[A-Za-z0-9+/]{22}==$/.test(key.trim());
}
