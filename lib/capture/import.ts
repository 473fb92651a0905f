/**
 * One entry point for a dropped or picked file: sniffs pcapng, classic pcap, HAR or a Wire Lab JSON
 * capture from the bytes (the name only helps the error message) and reads it into TapRecords.
 * Anything else is an Error that says what the file looks like instead.
 */
import { utf8DecodeStrict } from '@/lib/wire/bytes';
import { readHar } from './har-import';
import type { ImportedCapture } from './imported';
import { readCaptureJson } from './json-capture';
import { isPcap, isPcapng } from './pcapng-blocks';
import { readPcapng } from './pcapng-read';
import { ImportError } from './validate';

export { CAPTURE_FILE_TYPES } from './file-types';
export type { CaptureFormat, ImportedCapture } from './imported';

const SIGNATURES: [bytes: number[], what: string][] = [
  [[0x1f, 0x8b], 'a gzip-compressed file (decompress it first)'],
  [[0x50, 0x4b, 0x03, 0x04], 'a ZIP archive (extract the capture first)'],
  [[0x89, 0x50, 0x4e, 0x47], 'a PNG image'],
  [[0xff, 0xd8, 0xff], 'a JPEG image'],
  [[0x25, 0x50, 0x44, 0x46], 'a PDF document'],
  [[0x28, 0xb5, 0x2f, 0xfd], 'a zstd-compressed file (decompress it first)'],
  [[0x0a, 0x0d, 0x0d, 0x0a], 'pcapng'],
];

function describeBytes(bytes: Uint8Array): string {
  for (const [sig, what] of SIGNATURES) if (sig.every((b, i) => bytes[i] === b)) return what;
  const head = [...bytes.subarray(0, 8)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
  const text = utf8DecodeStrict(bytes.subarray(0, 256));
  if (text !== null && !/[\0-\x08\x0e-\x1f]/.test(text)) {
    const first = text.trim().split('\n')[0]?.slice(0, 40) ?? '';
    return `text starting ${JSON.stringify(first)}`;
  }
  return `binary data starting ${head}`;
}

function parseJson(bytes: Uint8Array, name: string): unknown {
  const text = utf8DecodeStrict(bytes);
  if (text === null) throw new ImportError(`${name}: looks like JSON but is not valid UTF-8`);
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new ImportError(`${name}: looks like JSON but does not parse (${why})`);
  }
}

/**
 * Reads a capture file: pcapng / pcap (Wireshark, tcpdump, our own download), HAR (browser
 * devtools, our own download) or a Wire Lab JSON capture (version 1 or 2).
 */
export function importCapture(bytes: Uint8Array, fileName = 'the file'): ImportedCapture {
  if (bytes.length === 0) throw new ImportError(`${fileName} is empty`);
  if (isPcapng(bytes) || isPcap(bytes)) return readPcapng(bytes);
  let start = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3; // UTF-8 BOM
  while (start < bytes.length && [0x20, 0x09, 0x0a, 0x0d].includes(bytes[start] as number)) start++;
  if (bytes[start] === 0x7b) {
    const json = parseJson(bytes, fileName);
    const o = json as Record<string, unknown>;
    if (o.format === 'wirelab-capture') return readCaptureJson(json);
    if (o.log !== undefined) return readHar(json);
    const keys = Object.keys(o).slice(0, 5).join(', ');
    throw new ImportError(
      `${fileName}: JSON, but neither a HAR (no "log") nor a Wire Lab capture (no "format": "wirelab-capture"); its keys: ${keys || 'none'}`,
    );
  }
  throw new ImportError(
    `${fileName} is not a capture Wire Lab reads (pcapng, pcap, HAR or Wire Lab JSON): it is ${describeBytes(bytes)}`,
  );
}
