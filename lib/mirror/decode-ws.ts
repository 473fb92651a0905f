/**
 * WebSocket message helpers for the connection decoder: the permessage-deflate parameters a 101
 * agreed to, and turning an assembled (possibly compressed) message into what the application saw.
 */
import { utf8DecodeStrict } from '@/lib/wire/bytes';
import type { MessageInflater } from '@/lib/wire/inflate';
import type { AssembledMessage } from '@/lib/wire/ws-message';

export interface DeflateParams {
  enabled: boolean;
  /** client_no_context_takeover: every client message starts with an empty window. */
  clientNoContext: boolean;
  serverNoContext: boolean;
}

export const NO_DEFLATE: DeflateParams = {
  enabled: false,
  clientNoContext: false,
  serverNoContext: false,
};

/** The permessage-deflate parameters in a 101's Sec-WebSocket-Extensions (RFC 7692 §7.1). */
export function parseDeflate(header: string): DeflateParams {
  const accepted = header
    .split(',')
    .map((ext) => ext.split(';').map((p) => p.trim().toLowerCase()))
    .find((params) => params[0] === 'permessage-deflate');
  return {
    enabled: accepted !== undefined,
    clientNoContext: accepted?.some((p) => p.startsWith('client_no_context_takeover')) ?? false,
    serverNoContext: accepted?.some((p) => p.startsWith('server_no_context_takeover')) ?? false,
  };
}

export type OpenedMessage = { ok: true; message: AssembledMessage } | { ok: false; error: string };

/**
 * A compressed message inflated (and its text validated); uncompressed ones pass through.
 * `resetWindow`: no_context_takeover for this direction.
 */
export function openMessage(
  message: AssembledMessage,
  inflater: MessageInflater,
  resetWindow: boolean,
): OpenedMessage {
  if (!message.compressed) return { ok: true, message };
  const inflated = inflater.inflate(message.data);
  if (resetWindow) inflater.reset();
  if (!inflated.ok)
    return { ok: false, error: `permessage-deflate data does not inflate: ${inflated.error}` };
  const opened: AssembledMessage = { ...message, data: inflated.data };
  if (message.type === 'text') {
    const text = utf8DecodeStrict(inflated.data);
    if (text === null)
      return { ok: false, error: 'text message is not valid UTF-8 after inflating' };
    opened.text = text;
  }
  return { ok: true, message: opened };
}
