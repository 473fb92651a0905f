/**
 * Dissection of the mirror's binary stream: TapStreamReader + RecordDecoder, keeping the raw
 * records for the capture download. Runs inside the page's worker (dissect.worker.ts), or on the
 * main thread where workers are unavailable. Pure: no DOM, no React.
 */
import type { TapRecord } from '@/lib/capture/records';
import { RecordDecoder } from '@/lib/mirror/record-decoder';
import { TapStreamReader } from '@/lib/mirror/tap-stream';
import type { WireEvent } from '@/lib/mirror/types';

/** Raw capture kept for the download, at most (the views keep their own, dissected, log). */
export const KEPT_CAPTURE_BYTES = 256 * 1024 * 1024;

export class Dissector {
  private reader = new TapStreamReader();
  private decoder: RecordDecoder;
  readonly records: TapRecord[] = [];
  capturedBytes = 0;
  /** Records not kept for the download (KEPT_CAPTURE_BYTES reached). */
  notKept = 0;

  constructor(
    /** The session's WebSocket message limit (the lab node's), when known. */
    readonly maxPayload?: number,
    /** Wall-clock ms of session time 0. */
    readonly startEpochMs = 0,
  ) {
    this.decoder = new RecordDecoder(maxPayload === undefined ? {} : { maxPayload });
  }

  get thinned(): { frames: number; bytes: number } {
    return { ...this.decoder.thinned };
  }

  /** One binary batch → dissected events (in seq order) and the server's drop count. */
  batch(bytes: Uint8Array): { events: WireEvent[]; dropped: number } {
    const { records, dropped } = this.reader.decode(bytes);
    return { events: this.ingest(records), dropped };
  }

  /** Records (from the mirror or an imported file) → dissected events; kept for the download. */
  ingest(records: readonly TapRecord[]): WireEvent[] {
    for (const record of records) {
      const size = record.kind === 'bytes' ? record.data.length : 64;
      this.capturedBytes += size;
      if (this.capturedBytes <= KEPT_CAPTURE_BYTES) this.records.push(record);
      else this.notKept += 1;
    }
    return this.decoder.push(records);
  }
}
