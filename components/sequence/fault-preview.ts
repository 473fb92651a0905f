/**
 * What a dropped or duplicated frame carried, read from the fault's `affected` bytes (one whole
 * RFC 6455 frame as it crossed the edge), so the diagram can say `drop text "#2"` rather than just
 * `drop`. Only small text and binary frames are previewed; anything else gives undefined.
 */
import type { FaultEvent } from '@/lib/mirror/types';
import { fromBase64, utf8DecodeStrict } from '@/lib/wire/bytes';
import { applyMask } from '@/lib/wire/ws-frame';
import { readFrameHeader } from '@/lib/wire/ws-header';

const MAX_PREVIEW = 24;

export function framePreview(bytes: Uint8Array): string | undefined {
  const read = readFrameHeader(bytes);
  const start = read.type === 'header' ? read.header : read.start;
  if (start === undefined || (start.opcode !== 1 && start.opcode !== 2)) return undefined;
  if (start.lengthBits === 64) return start.opcode === 2 ? 'binary (large)' : 'text (large)';
  if (read.type !== 'header') return undefined;
  const { headerLength, payloadLength: length, maskKey } = read.header;
  if (bytes.length < headerLength + length) return undefined;
  if (start.opcode === 2) return `binary ${length} B`;
  const body = bytes.subarray(headerLength, headerLength + length);
  const payload = maskKey ? applyMask(body, maskKey) : body;
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
