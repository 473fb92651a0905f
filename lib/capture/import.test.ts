import { describe, expect, it } from 'vitest';
import { dissectRecords } from '@/lib/mirror/record-decoder';
import { utf8Encode } from '@/lib/wire/bytes';
import { buildHar } from './har';
import { importCapture } from './import';
import { buildCaptureJson } from './json-capture';
import { writePcapng } from './pcapng-write';
import { comparable, sampleRecords } from './test-captures';

const json = (value: unknown, prefix = '') => utf8Encode(prefix + JSON.stringify(value, null, 2));

describe('importCapture', () => {
  const records = sampleRecords();

  it('reads each format it knows from its bytes alone', () => {
    const pcapng = importCapture(writePcapng(records, { startEpochMs: 5 }), 'x.bin');
    expect(pcapng).toMatchObject({ format: 'pcapng', startEpochMs: 5 });
    expect(comparable(pcapng.records)).toEqual(comparable(records));
    const v2 = buildCaptureJson(records, { session: 's', now: new Date(0) });
    const fromJson = importCapture(json(v2, '\uFEFF\n  '));
    expect(fromJson.format).toBe('wirelab-json');
    expect(comparable(fromJson.records)).toEqual(comparable(records));
    const har = buildHar(dissectRecords(records), { startEpochMs: 0 });
    const fromHar = importCapture(json(har), 'session.har');
    expect(fromHar.format).toBe('har');
    expect(fromHar.records.filter((r) => r.kind === 'bytes').length).toBeGreaterThan(0);
  });

  it('reads a classic pcap', () => {
    const header = new Uint8Array(24);
    const v = new DataView(header.buffer);
    v.setUint32(0, 0xa1b2c3d4, true);
    v.setUint16(4, 2, true);
    v.setUint16(6, 4, true);
    v.setUint32(20, 101, true);
    expect(importCapture(header)).toMatchObject({
      format: 'pcap',
      records: [],
      warnings: ['pcap: the file holds no packets or Wire Lab records'],
    });
  });

  it('says what a file is when it is not a capture', () => {
    expect(() => importCapture(new Uint8Array(0), 'a.pcapng')).toThrow('a.pcapng is empty');
    expect(() => importCapture(new Uint8Array([0x1f, 0x8b, 8, 0]), 'c.pcapng.gz')).toThrow(
      'c.pcapng.gz is not a capture Wire Lab reads (pcapng, pcap, HAR or Wire Lab JSON): it is a gzip-compressed file (decompress it first)',
    );
    expect(() => importCapture(new Uint8Array([0x50, 0x4b, 3, 4, 0]))).toThrow(
      'it is a ZIP archive (extract the capture first)',
    );
    expect(() => importCapture(utf8Encode('GET / HTTP/1.1\r\n'), 'notes.txt')).toThrow(
      'notes.txt is not a capture Wire Lab reads (pcapng, pcap, HAR or Wire Lab JSON): it is text starting "GET / HTTP/1.1"',
    );
    expect(() => importCapture(new Uint8Array([0, 1, 2, 250, 251]))).toThrow(
      'it is binary data starting 00 01 02 fa fb',
    );
  });

  it('says which JSON it got when it is neither HAR nor a Wire Lab capture', () => {
    expect(() => importCapture(utf8Encode('{"a": 1,'), 'x.json')).toThrow(
      /^x\.json: looks like JSON but does not parse \(/,
    );
    expect(() => importCapture(json({ name: 'x', items: [] }), 'x.json')).toThrow(
      'x.json: JSON, but neither a HAR (no "log") nor a Wire Lab capture (no "format": "wirelab-capture"); its keys: name, items',
    );
    expect(() => importCapture(json({ log: { entries: [{}] } }))).toThrow(
      'HAR: log.entries[0].startedDateTime missing',
    );
  });
});
