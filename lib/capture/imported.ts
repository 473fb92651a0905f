/** What every capture reader returns: the records, and what the file said about the session. */
import type { TapRecord } from './records';

export type CaptureFormat = 'pcapng' | 'pcap' | 'har' | 'wirelab-json';

export interface ImportedCapture {
  records: TapRecord[];
  format: CaptureFormat;
  /** Things the reader skipped or guessed, each specific ("3 retransmitted segments dropped"). */
  warnings: string[];
  /** Wall-clock ms of session time 0, when the file says (or the first packet's time). */
  startEpochMs?: number;
  session?: string;
  /** The session's WebSocket maxPayload, for the decoder. */
  maxPayload?: number;
}
