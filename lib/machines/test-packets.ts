/**
 * Engine.IO and Socket.IO packet infos as the codecs decode them, built from their encoded text,
 * for the machine tests. Deliberately tiny (binary packets: the attachment count only; no
 * validation): tests only.
 */
import type { EioPacketInfo, SioPacketInfo } from '@/lib/mirror/types';

export const DEFAULT_SID = 'Xk3rLJaSzvAGbpxwAAAB';

export function sioPacket(encoded: string): SioPacketInfo {
  const types = [
    'CONNECT',
    'DISCONNECT',
    'EVENT',
    'ACK',
    'CONNECT_ERROR',
    'BINARY_EVENT',
    'BINARY_ACK',
  ] as const;
  const type = types[Number(encoded[0])] ?? 'EVENT';
  let rest = encoded.slice(1);
  let attachments: number | undefined;
  const binary = /^(\d+)-/.exec(rest);
  if (binary && (type === 'BINARY_EVENT' || type === 'BINARY_ACK')) {
    attachments = Number(binary[1]);
    rest = rest.slice(binary[0].length);
  }
  let nsp = '/';
  if (rest.startsWith('/')) {
    const comma = rest.indexOf(',');
    nsp = comma < 0 ? rest : rest.slice(0, comma);
    rest = comma < 0 ? '' : rest.slice(comma + 1);
  }
  const idMatch = /^\d+/.exec(rest);
  const packet: SioPacketInfo = { type, nsp, encoded };
  if (attachments !== undefined) packet.attachments = attachments;
  if (idMatch && rest.length > idMatch[0].length) {
    packet.id = Number(idMatch[0]);
    rest = rest.slice(idMatch[0].length);
  }
  if (rest !== '') packet.data = JSON.parse(rest);
  return packet;
}

/** An Engine.IO packet as the codec would decode it from its encoded text ('0{...}', '42[...]', '2probe'). */
export function eioPacket(encoded: string): EioPacketInfo {
  const types = ['open', 'close', 'ping', 'pong', 'message', 'upgrade', 'noop'] as const;
  const type = types[Number(encoded[0])] ?? 'noop';
  const packet: EioPacketInfo = { type, encoded };
  const data = encoded.slice(1);
  if (data !== '') packet.data = data;
  if (type === 'open') packet.open = JSON.parse(data);
  if (type === 'message' && data !== '') packet.sio = sioPacket(data);
  return packet;
}

export function openPacket(sid = DEFAULT_SID, upgrades: string[] = ['websocket']): string {
  return `0${JSON.stringify({ sid, upgrades, pingInterval: 25000, pingTimeout: 20000, maxPayload: 1000000 })}`;
}
