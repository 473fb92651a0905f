import { describe, expect, it } from 'vitest';
import { classOf, emptySummary, FLAG, formatBytes, summarize, summaryText } from './frame-summary';

const row = (kind: string, opcode = -1, flags = 0, length = 10) => ({
  kind,
  opcode,
  flags,
  length,
});

describe('classOf', () => {
  it('puts ping/pong first, then close, then the opcode or the kind', () => {
    expect(classOf(row('ws-frame', 9, FLAG.pingPong | FLAG.control))).toBe('ping/pong');
    expect(classOf(row('ws-frame', 1, FLAG.pingPong | FLAG.control))).toBe('ping/pong');
    expect(classOf(row('http-body', -1, FLAG.pingPong | FLAG.control))).toBe('ping/pong');
    expect(classOf(row('ws-frame', 8, FLAG.control))).toBe('close');
    expect(classOf(row('ws-frame', 1))).toBe('text');
    expect(classOf(row('ws-frame', 2))).toBe('binary');
    expect(classOf(row('ws-frame', 0))).toBe('continuation');
    expect(classOf(row('ws-frame', 3))).toBe('other');
    expect(classOf(row('http-response'))).toBe('http');
    expect(classOf(row('conn-close'))).toBe('tcp');
    expect(classOf(row('fault'))).toBe('fault');
    expect(classOf(row('protocol-error'))).toBe('error');
  });
});

describe('summaryText', () => {
  it('says how many, by class (largest first), and how many bytes', () => {
    const s = emptySummary();
    s.frames = 31_204;
    s.byClass.text = 30_990;
    s.byClass['ping/pong'] = 214;
    s.bytes = 4.1 * 1024 * 1024;
    expect(summaryText(s)).toBe(
      '31,204 older frames summarized: 30,990 text, 214 ping/pong — 4.1 MiB',
    );
  });

  it('is empty when nothing is summarized, and singular for one frame', () => {
    expect(summaryText(emptySummary())).toBe('');
    expect(summaryText(summarize([row('ws-frame', 2, 0, 3)]))).toBe(
      '1 older frame summarized: 1 binary — 3 B',
    );
  });

  it('names the frames it cannot break down', () => {
    const s = { ...summarize([row('ws-frame', 1)]), frames: 4, unclassified: 3 };
    expect(summaryText(s)).toBe('4 older frames summarized: 1 text, 3 not broken down — 10 B');
  });
});

describe('summarize', () => {
  it('adds to a base without changing it', () => {
    const base = summarize([row('fault', -1, 0, 5)]);
    const next = summarize([row('ws-frame', 1, 0, 7)], base);
    expect(base).toMatchObject({ frames: 1, bytes: 5 });
    expect(base.byClass.text).toBe(0);
    expect(next).toMatchObject({ frames: 2, bytes: 12 });
    expect(next.byClass).toMatchObject({ fault: 1, text: 1 });
  });
});

describe('formatBytes', () => {
  it('uses binary units', () => {
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(3 * 1024 * 1024 * 1024)).toBe('3.0 GiB');
  });
});
