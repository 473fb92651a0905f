/**
 * Drop / duplicate / reorder of whole Engine.IO packets inside polling bodies (what the frame faults
 * do on a WebSocket, for Socket.IO on long polling). A polling body is packets joined by the record
 * separator (0x1e); each packet rolls the same seeded dice as a frame would. The body is rewritten
 * whole (the relay fixes Content-Length), so it stays a valid payload: a body whose every packet was
 * dropped carries one noop packet (`6`) instead, which both sides ignore. Reorder acts within a body
 * (a held packet leaves after the next one, or last).
 */
import {
  MessageDice,
  type MessageFaultRates,
  MessageShuffler,
} from '../../../lib/faults/message-faults';
import type { Random } from '../../../lib/scenario/prng';
import { utf8Encode } from '../../../lib/wire/bytes';
import { RECORD_SEPARATOR } from '../../../lib/wire/engineio';
import type { FaultInfo } from '../tap';

export type PacketReport = (fault: 'drop' | 'dup' | 'reorder', info: FaultInfo) => void;

/** Is this an Engine.IO polling request (`…?EIO=4&transport=polling…`)? */
export function isPollingUrl(url: string | undefined): boolean {
  if (url === undefined) return false;
  const query = url.indexOf('?');
  if (query < 0) return false;
  const params = new URLSearchParams(url.slice(query + 1));
  return params.get('transport') === 'polling' && params.has('EIO');
}

/** The rewritten body, or null when every packet passed unchanged and in order. */
export function rewritePayload(
  body: string,
  rates: MessageFaultRates,
  random: Random,
  report: PacketReport,
): string | null {
  if (body.length === 0) return null;
  const packets = body.split(RECORD_SEPARATOR);
  const shuffler = new MessageShuffler<string>(new MessageDice(random, rates));
  const out: string[] = [];
  let changed = false;
  for (const packet of packets) {
    const { out: leaving, fate } = shuffler.push(packet);
    out.push(...leaving);
    if (fate === 'pass') continue;
    changed = true;
    const affected = utf8Encode(packet);
    const what = `Engine.IO packet ${JSON.stringify(packet.length > 40 ? `${packet.slice(0, 40)}…` : packet)}`;
    const info = { bytes: affected.length, affected };
    if (fate === 'drop')
      report('drop', { ...info, detail: `${what} dropped from the polling body` });
    else if (fate === 'dup') report('dup', { ...info, detail: `${what} sent twice in the body` });
    else report('reorder', { ...info, detail: `${what} held back: the next packet overtakes it` });
  }
  out.push(...shuffler.flush());
  if (!changed) return null;
  if (out.length === 0) {
    report('drop', {
      detail:
        'every packet of the body was dropped: it carries a noop packet (6) so it stays valid',
    });
    return '6';
  }
  return out.join(RECORD_SEPARATOR);
}

/** Node rawHeaders with Content-Length set to `length` (other headers untouched, in order). */
export function withContentLength(rawHeaders: readonly string[], length: number): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i] as string;
    out.push(
      name,
      name.toLowerCase() === 'content-length' ? String(length) : (rawHeaders[i + 1] as string),
    );
  }
  return out;
}
