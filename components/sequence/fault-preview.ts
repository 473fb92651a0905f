/**
 * What a dropped or duplicated frame carried, read from the fault's `affected` bytes (one whole
 * RFC 6455 frame as it crossed the edge), so the diagram can say `drop text "#2"` rather than just
 * `drop`. Only small text and binary frames are previewed; anything else gives undefined.
 */
import type { FaultEvent } from '@/lib/mirror/types';
import { fromBase64, utf8DecodeStrict } from '@/lib/wire/bytes';

const MAX_PREVIEW = 24;

export function framePreview(bytes: Uint8Array): string | undefined {
  if (bytes.length < 2) return undefined;
  const b0 = bytes[0] as number;
  const b1 = bytes[1] as number;
  const opcode = b0 & 0x0f; // 0x1 text, 0x2 binary
  if (opcode !== 1 && opcode !== 2) return undefined;
  const masked = (b1 & 0x80) !== 0;
  let length = b1 & 0x7f;
  let offset = 2;
  if (length === 126) {
    if (bytes.length < 4) return undefined;
    length = ((bytes[2] as number) << 8) | (bytes[3] as number);
    offset = 4;
  } else if (length === 127) {
    return opcode === 2 ? 'binary (large)' : 'text (large)';
  }
  const mask = masked ? bytes.subarray(offset, offset + 4) : undefined;
  if (masked) offset += 4;
  if (bytes.length < offset + length) return undefined;
  if (opcode === 2) return `binary ${length} B`;
  const payload = bytes.slice(offset, offset + length);
  if (mask) {
    for (let i = 0; i < payload.length; i++) {
      payload[i] = (payload[i] as number) ^ (mask[i % 4] as number);
    }
  }
  const text = utf8DecodeStrict(payload);
  if (text === null) return `text ${length} B`;
  const shown = text.length > MAX_PREVIEW ? `${text.slice(0, MAX_PREVIEW - 1)}…` : text;
  return `text ${JSON.stringify(shown)}`;
}

export function faultPreview(e: FaultEvent): string | undefined {
  if (
    e.affected === undefined ||
    (e.fault !== 'drop' && e.fault !== 'dup' && e.fault !== 'reorder')
  )
    return undefined;
  const bytes = fromBase64(e.affected);
  return bytes ? framePreview(bytes) : undefined;
}
