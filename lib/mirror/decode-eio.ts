/**
 * Engine.IO / Socket.IO decoding into the mirror's EioPacketInfo, shared by the WebSocket and the
 * polling paths of the connection decoder. Failures come back as messages to report, never throws.
 */
import { toBase64, utf8Decode } from '@/lib/wire/bytes';
import { decodeEioPacket, decodeEioPayload, type EioPacket, parseOpen } from '@/lib/wire/engineio';
import { decodeSioPacket } from '@/lib/wire/socketio';
import type { EioPacketInfo, ProtocolLayer } from './types';

export interface DecodeProblem {
  layer: Extract<ProtocolLayer, 'eio' | 'sio'>;
  message: string;
}

/**
 * Per direction: after a BINARY_EVENT / BINARY_ACK with N attachments, the next N binary messages
 * are its attachments (`sioAttachment: {index, total}`).
 */
export class SioAttachmentTracker {
  private index = 0;
  private total = 0;
  /** A Socket.IO packet was seen: a stray binary message is then worth reporting. */
  private sawSio = false;

  expect(total: number): DecodeProblem | null {
    const problem =
      this.index < this.total
        ? ({
            layer: 'sio',
            message: `new binary packet before attachment ${this.index + 1} of ${this.total} arrived`,
          } as const)
        : null;
    this.index = 0;
    this.total = total;
    return problem;
  }

  noteSio(): void {
    this.sawSio = true;
  }

  /** Claims the next attachment slot for a binary message, if one is expected. */
  next(): { slot?: { index: number; total: number }; problem?: DecodeProblem } {
    if (this.index < this.total) {
      const slot = { index: this.index, total: this.total };
      this.index++;
      return { slot };
    }
    if (this.sawSio) {
      return {
        problem: {
          layer: 'sio',
          message: 'binary message with no BINARY_EVENT/BINARY_ACK waiting for attachments',
        },
      };
    }
    return {};
  }
}

/** Turns one decoded Engine.IO packet into EioPacketInfo, decoding the Socket.IO packet it carries. */
export function describeEioPacket(
  packet: EioPacket,
  encoded: string | undefined,
  tracker: SioAttachmentTracker,
  problems: DecodeProblem[],
): EioPacketInfo {
  const info: EioPacketInfo = { type: packet.type };
  if (packet.data !== undefined) info.data = packet.data;
  if (encoded !== undefined) info.encoded = encoded;
  if (packet.binary) {
    info.binary = toBase64(packet.binary);
    const { slot, problem } = tracker.next();
    if (slot) info.sioAttachment = slot;
    if (problem) problems.push(problem);
    return info;
  }
  if (packet.type === 'open') {
    const open = parseOpen(packet.data);
    if (open.ok) info.open = open.packet;
    else problems.push({ layer: 'eio', message: open.error });
  } else if (packet.type === 'message') {
    const sio = decodeSioPacket(packet.data ?? '');
    if (sio.ok) {
      tracker.noteSio();
      const { type, nsp, id, data, attachments } = sio.packet;
      info.sio = { type, nsp, encoded: packet.data ?? '' };
      if (id !== undefined) info.sio.id = id;
      if (data !== undefined) info.sio.data = data;
      if (attachments !== undefined) {
        info.sio.attachments = attachments;
        const problem = tracker.expect(attachments);
        if (problem) problems.push(problem);
      }
    } else {
      problems.push({ layer: 'sio', message: sio.error });
    }
  }
  return info;
}

/** One WebSocket message on an Engine.IO connection: a text packet, or a binary message packet. */
export function decodeEioMessage(
  message: { type: 'text' | 'binary'; data: Uint8Array; text?: string },
  tracker: SioAttachmentTracker,
  problems: DecodeProblem[],
): EioPacketInfo | undefined {
  const input =
    message.type === 'binary' ? message.data : (message.text ?? utf8Decode(message.data));
  const decoded = decodeEioPacket(input);
  if (!decoded.ok) {
    problems.push({ layer: 'eio', message: decoded.error });
    return undefined;
  }
  return describeEioPacket(
    decoded.packet,
    typeof input === 'string' ? input : undefined,
    tracker,
    problems,
  );
}

/** A whole polling body: packets separated by 0x1e. Undecodable packets are left out and reported. */
export function decodeEioBody(
  body: Uint8Array,
  tracker: SioAttachmentTracker,
  problems: DecodeProblem[],
): EioPacketInfo[] {
  const text = utf8Decode(body);
  const infos: EioPacketInfo[] = [];
  for (const [index, entry] of decodeEioPayload(text).entries()) {
    if (entry.ok) infos.push(describeEioPacket(entry.packet, entry.encoded, tracker, problems));
    else problems.push({ layer: 'eio', message: `packet ${index + 1}: ${entry.error}` });
  }
  return infos;
}
