import { describe, expect, it } from 'vitest';
import { dissectRecords } from '@/lib/mirror/record-decoder';
import { buildCaptureJson, eventsToRecords, ownsWireBytes, readCaptureJson } from './json-capture';
import { comparable, sampleRecords } from './test-captures';
import { recordTraffic } from './test-traffic';

const NOW = new Date(Date.UTC(2026, 11, 7, 12));
const viaText = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;

describe('JSON capture, version 2', () => {
  it('writes records with base64 bytes and reads them back exactly', () => {
    const records = sampleRecords();
    const file = buildCaptureJson(records, {
      session: 's1',
      now: NOW,
      startEpochMs: 1.5e12,
      maxPayload: 1024,
    });
    expect(file).toMatchObject({
      format: 'wirelab-capture',
      version: 2,
      session: 's1',
      exportedAt: '2026-12-07T12:00:00.000Z',
    });
    expect(file.records[3]).toEqual({
      kind: 'bytes',
      t: 1.5,
      conn: 'c1',
      hop: 'browser-edge',
      dir: 'up',
      data: expect.stringMatching(/^R0VUIC9sYWIv/), // "GET /lab/"
    });
    const { records: back, ...read } = readCaptureJson(viaText(file));
    expect(comparable(back)).toEqual(comparable(records));
    expect(read).toEqual({
      format: 'wirelab-json',
      warnings: [],
      session: 's1',
      startEpochMs: 1.5e12,
      maxPayload: 1024,
    });
  });

  it('names the record field that is wrong', () => {
    const file = viaText(buildCaptureJson(sampleRecords(), { session: 's', now: NOW })) as {
      records: Record<string, unknown>[];
    };
    const bad = (i: number, patch: Record<string, unknown>) =>
      readCaptureJson({
        ...file,
        records: file.records.map((r, j) => (j === i ? { ...r, ...patch } : r)),
      });
    expect(() => bad(4, { hop: 'edge' })).toThrow(
      `capture: records[4].hop is the string "edge", expected one of 'browser-edge', 'edge-node'`,
    );
    expect(() => bad(4, { data: 'not base64!' })).toThrow(
      'capture: records[4].data is not standard base64',
    );
    expect(() =>
      bad(0, { event: { kind: 'marker', t: 0, conn: '-', hop: 'browser-edge', dir: 'up' } }),
    ).toThrow('capture: records[0].event.label missing');
    expect(() => bad(11, { frames: -1 })).toThrow(
      'capture: records[11].frames is not a frame count',
    );
    expect(() => readCaptureJson({ ...file, version: 3 })).toThrow(
      'capture: version is 3; this build reads versions 1 and 2',
    );
    expect(() => readCaptureJson({ ...file, format: 'other' })).toThrow(
      'capture: format is "other", expected "wirelab-capture"',
    );
  });
});

describe('JSON capture, version 1 (decoded events)', () => {
  it('turns the events that own bytes back into records that decode to the same events', async () => {
    for (const records of [sampleRecords(), (await recordTraffic()).records]) {
      const events = dissectRecords(records);
      const v1 = {
        format: 'wirelab-capture',
        version: 1,
        session: 'old',
        exportedAt: NOW.toISOString(),
        events,
      };
      const read = readCaptureJson(viaText(v1));
      expect(read.session).toBe('old');
      expect(read.warnings).toEqual([
        'capture version 1 holds decoded events: bytes were rebuilt from them (no elided runs)',
      ]);
      expect(dissectRecords(read.records)).toEqual(events);
    }
  });

  it('keeps a fault’s affected bytes as bytes and skips nested decode errors', () => {
    const records = eventsToRecords([
      {
        seq: 1,
        kind: 'fault',
        fault: 'drop',
        detail: 'd',
        t: 1,
        conn: 'c1',
        hop: 'edge-node',
        dir: 'up',
        affected: 'AQI=',
      },
      {
        seq: 2,
        kind: 'protocol-error',
        layer: 'sio',
        message: 'bad',
        raw: 'AQI=',
        t: 2,
        conn: 'c1',
        hop: 'edge-node',
        dir: 'up',
      },
      {
        seq: 3,
        kind: 'protocol-error',
        layer: 'tcp',
        message: 'bytes',
        raw: 'AQI=',
        t: 3,
        conn: 'c1',
        hop: 'edge-node',
        dir: 'up',
      },
    ]);
    expect(records).toEqual([
      {
        kind: 'event',
        event: {
          kind: 'fault',
          fault: 'drop',
          detail: 'd',
          t: 1,
          conn: 'c1',
          hop: 'edge-node',
          dir: 'up',
        },
        affected: new Uint8Array([1, 2]),
      },
      {
        kind: 'bytes',
        t: 3,
        conn: 'c1',
        hop: 'edge-node',
        dir: 'up',
        data: new Uint8Array([1, 2]),
      },
    ]);
    expect(
      ownsWireBytes({
        seq: 1,
        kind: 'marker',
        label: 'x',
        t: 0,
        conn: '-',
        hop: 'browser-edge',
        dir: 'up',
      }),
    ).toBe(false);
  });

  it('names the event field that is wrong', () => {
    const v1 = (events: unknown[]) => ({
      format: 'wirelab-capture',
      version: 1,
      session: 's',
      exportedAt: '',
      events,
    });
    expect(() => readCaptureJson(v1([{ kind: 'nope' }]))).toThrow(
      /^capture: events\[0\]\.kind is the string "nope", expected one of 'conn-open'/,
    );
    expect(() =>
      readCaptureJson(
        v1([{ kind: 'ws-frame', t: 0, conn: 'c1', hop: 'browser-edge', dir: 'up', raw: '@@' }]),
      ),
    ).toThrow('capture: events[0].raw is not standard base64');
    expect(() =>
      readCaptureJson(v1([{ kind: 'http-body', t: 0, conn: 'c1', hop: 'browser-edge', raw: '' }])),
    ).toThrow('capture: events[0].dir missing');
    expect(() => readCaptureJson({ format: 'wirelab-capture', version: 1 })).toThrow(
      'capture: events missing',
    );
  });
});
