/** Test support: records → WireEvents, as the page dissects them (lib/mirror/record-decoder.ts). */
import { RecordDecoder } from '@/lib/mirror/record-decoder';
import type { WireEvent } from '@/lib/mirror/types';
import type { TapRecord } from './records';

export function decodeRecords(records: Iterable<TapRecord>, maxPayload?: number): WireEvent[] {
  return new RecordDecoder(maxPayload === undefined ? {} : { maxPayload }).push([...records]);
}
