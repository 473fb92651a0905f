/**
 * Wireshark's own dissectors on writePcapng's output: real HTTP and WebSocket traffic (recorded by a
 * tapping proxy between real clients and servers) must come out of tshark as the same requests,
 * responses and frames, with valid checksums and no dissector errors. Skips when tshark is absent.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPcapng } from './pcapng-read';
import { writePcapng } from './pcapng-write';
import type { TapRecord } from './records';
import { POST_BODY, recordTraffic } from './test-traffic';

const HAS_TSHARK = spawnSync('tshark', ['--version'], { stdio: 'ignore' }).status === 0;
const SKIP = HAS_TSHARK ? '' : ' [skipped: tshark is not on PATH; apt-get install -y tshark]';

function tshark(file: string, args: string[]): string[] {
  const run = spawnSync(
    'tshark',
    ['-r', file, '-o', 'tcp.check_checksum:TRUE', '-o', 'ip.check_checksum:TRUE', ...args],
    {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  if (run.status !== 0) throw new Error(`tshark failed (${run.status}): ${run.stderr}`);
  return run.stdout.split('\n').filter((line) => line.length > 0);
}

const FIELDS = [
  'frame.interface_name',
  'http.request.method',
  'http.request.uri',
  'http.response.code',
  'http.file_data',
  'websocket.opcode',
  'websocket.mask',
  'websocket.payload.text',
  'data.data',
  'websocket.payload.close.status_code',
  'websocket.payload.close.reason',
] as const;
type Row = Record<(typeof FIELDS)[number], string>;

describe.skipIf(!HAS_TSHARK)(`tshark dissects writePcapng's file${SKIP}`, () => {
  let dir = '';
  let file = '';
  let rows: Row[] = [];
  let startEpochMs = 0;
  let records: TapRecord[] = [];

  beforeAll(async () => {
    const traffic = await recordTraffic();
    startEpochMs = traffic.startEpochMs;
    records = traffic.records;
    dir = mkdtempSync(join(tmpdir(), 'wirelab-pcapng-'));
    file = join(dir, 'capture.pcapng');
    writeFileSync(file, writePcapng(traffic.records, { startEpochMs, session: 'tshark' }));
    const args = ['-T', 'fields', '-E', 'separator=|', '-E', 'occurrence=a', '-E', 'aggregator=;'];
    rows = tshark(file, [...args, ...FIELDS.flatMap((f) => ['-e', f])]).map((line) => {
      const values = line.split('|');
      return Object.fromEntries(FIELDS.map((f, i) => [f, values[i] ?? ''])) as Row;
    });
  }, 30_000);
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  for (const hop of ['browser-edge', 'edge-node']) {
    it(`finds the HTTP requests and responses on ${hop}, bodies included`, () => {
      const on = rows.filter((r) => r['frame.interface_name'] === hop);
      const requests = on
        .filter((r) => r['http.request.method'])
        .map((r) => `${r['http.request.method']} ${r['http.request.uri']}`);
      expect(requests).toEqual(['GET /api/hello', 'POST /api/echo', 'GET /lab/ws']);
      expect(on.filter((r) => r['http.response.code']).map((r) => r['http.response.code'])).toEqual(
        ['200', '201', '101'],
      );
      expect(on.map((r) => r['http.file_data']).filter(Boolean)).toEqual([
        '{"hello":"world"}',
        POST_BODY,
        `got ${POST_BODY}`,
      ]);
    });

    it(`follows the upgrade into WebSocket frames on ${hop}: masked up, unmasked down, right payloads`, () => {
      const frames = rows
        .filter((r) => r['frame.interface_name'] === hop && r['websocket.opcode'])
        .map((r) => ({
          opcode: r['websocket.opcode'],
          masked: r['websocket.mask'] === '1',
          payload: r['websocket.payload.text'] || r['data.data'],
          close: r['websocket.payload.close.status_code']
            ? `${r['websocket.payload.close.status_code']} ${r['websocket.payload.close.reason']}`
            : undefined,
        }));
      expect(frames).toEqual([
        { opcode: '1', masked: true, payload: 'hello', close: undefined },
        { opcode: '1', masked: false, payload: 'echo: hello', close: undefined },
        { opcode: '2', masked: true, payload: '010203', close: undefined },
        { opcode: '2', masked: false, payload: '010203', close: undefined },
        { opcode: '8', masked: true, payload: '', close: '1000 bye' },
        { opcode: '8', masked: false, payload: '', close: '1000 bye' },
      ]);
    });
  }

  it('sees six TCP streams with valid checksums and no dissector errors', () => {
    expect(tshark(file, ['-Y', '_ws.expert.severity >= error || _ws.malformed'])).toEqual([]);
    const streams = new Set(tshark(file, ['-T', 'fields', '-e', 'tcp.stream']));
    expect(streams.size).toBe(6);
  });

  it('reads back the same records after editcap (Wireshark’s writer) re-saves the file', () => {
    const resaved = join(dir, 'resaved.pcapng');
    const run = spawnSync('editcap', ['-F', 'pcapng', file, resaved], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`editcap failed: ${run.stderr}`);
    const read = readPcapng(new Uint8Array(readFileSync(resaved)));
    expect(read.records).toEqual(records);
    expect(read.session).toBe('tshark');
  });

  it('stamps frames with the session start plus the record time', () => {
    const [first] = tshark(file, ['-T', 'fields', '-e', 'frame.time_epoch', '-c', '1']);
    const seconds = Number(first);
    expect(seconds * 1000).toBeGreaterThanOrEqual(startEpochMs);
    expect(seconds * 1000).toBeLessThan(startEpochMs + 10_000);
  });
});
