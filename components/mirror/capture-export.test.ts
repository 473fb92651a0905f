import { describe, expect, it } from 'vitest';
import { importCapture } from '@/lib/capture/import';
import { comparable, sampleRecords } from '@/lib/capture/test-captures';
import { exportCapture } from './capture-export';
import { Dissector } from './dissector';

describe('exportCapture', () => {
  const dissector = new Dissector();
  dissector.records.push(...sampleRecords());

  for (const format of ['json', 'pcapng'] as const) {
    it(`writes ${format} that imports back as the same records`, () => {
      const file = exportCapture(dissector, format, 's/1', 1_700_000_000_000);
      expect(file.name).toBe(`wirelab-s1.${format}`);
      const back = importCapture(file.data, file.name);
      expect(comparable(back.records)).toEqual(comparable(dissector.records));
      expect(back).toMatchObject({ session: 's/1', startEpochMs: 1_700_000_000_000 });
    });
  }

  it('writes a HAR of the browser’s exchanges', () => {
    const file = exportCapture(dissector, 'har', 's1', 1_700_000_000_000);
    expect(file).toMatchObject({ name: 'wirelab-s1.har', mime: 'application/json' });
    const har = JSON.parse(new TextDecoder().decode(file.data));
    expect(har.log.entries.map((e: { request: { method: string } }) => e.request.method)).toEqual([
      'GET',
      'POST',
    ]);
    expect(importCapture(file.data).format).toBe('har');
  });
});
