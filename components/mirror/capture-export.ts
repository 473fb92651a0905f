/**
 * The capture download, made in the dissector worker from the raw records it kept: JSON (the
 * records, bytes as base64), pcapng (Wireshark) or HAR. The formats live in lib/capture.
 */
import { buildHar, harFileName } from '@/lib/capture/har';
import { buildCaptureJson } from '@/lib/capture/json-capture';
import { pcapngFileName, writePcapng } from '@/lib/capture/pcapng-write';
import { dissectRecords } from '@/lib/mirror/record-decoder';
import { utf8Encode } from '@/lib/wire/bytes';
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

/** `startEpochMs`: wall-clock ms of session time 0 (pcapng and HAR timestamps); 0 when unknown. */
export function exportCapture(
  dissector: Dissector,
  format: CaptureFormat,
  session: string,
  startEpochMs = 0,
): CaptureFileOut {
  const limit = dissector.maxPayload === undefined ? {} : { maxPayload: dissector.maxPayload };
  if (format === 'json') {
    const file = {
      ...buildCaptureJson(dissector.records, { session, now: new Date(), startEpochMs, ...limit }),
      notKept: dissector.notKept,
    };
    return {
      data: utf8Encode(JSON.stringify(file)),
      mime: 'application/json',
      name: `${baseName(session)}.json`,
    };
  }
  if (format === 'pcapng') {
    return {
      data: writePcapng(dissector.records, { session, startEpochMs, ...limit }),
      mime: 'application/vnd.tcpdump.pcap',
      name: pcapngFileName(session),
    };
  }
  const events = dissectRecords(dissector.records, dissector.maxPayload);
  return {
    data: utf8Encode(JSON.stringify(buildHar(events, { startEpochMs }))),
    mime: 'application/json',
    name: harFileName(session),
  };
}
