/**
 * The capture download, made in the dissector worker from the raw records it kept: JSON (the
 * records, bytes as base64), pcapng (Wireshark) or HAR.
 */
import { RecordDecoder } from '@/lib/mirror/record-decoder';
import { toBase64, utf8Encode } from '@/lib/wire/bytes';
import { capturePcapng } from '@/lib/wire/pcapng';
import type { CaptureFormat } from './dissect-protocol';
import type { Dissector } from './dissector';

export interface CaptureFileOut {
  data: Uint8Array;
  mime: string;
  name: string;
}

function baseName(session: string): string {
  return `wirelab-${session.replace(/[^0-9a-zA-Z_-]/g, '')}`;
}

export function exportCapture(
  dissector: Dissector,
  format: CaptureFormat,
  session: string,
): CaptureFileOut {
  const name = baseName(session);
  if (format === 'json') {
    const records = dissector.records.map((r) =>
      r.kind === 'bytes'
        ? { ...r, data: toBase64(r.data) }
        : r.kind === 'event' && r.affected !== undefined
          ? { ...r, affected: toBase64(r.affected) }
          : r,
    );
    const file = {
      format: 'wirelab-capture',
      version: 2,
      session,
      exportedAt: new Date().toISOString(),
      notKept: dissector.notKept,
      records,
    };
    return {
      data: utf8Encode(JSON.stringify(file)),
      mime: 'application/json',
      name: `${name}.json`,
    };
  }
  const events = new RecordDecoder().push(dissector.records);
  if (format === 'pcapng') {
    return {
      data: capturePcapng(events),
      mime: 'application/vnd.tcpdump.pcap',
      name: `${name}.pcapng`,
    };
  }
  throw new Error(`capture format ${format} is not available yet`);
}
