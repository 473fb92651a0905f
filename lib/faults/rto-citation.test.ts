/**
 * The 200 ms retransmission timeout the loss fault models is Linux's, not TCP's: every text that
 * states it must say so (TCP_RTO_MIN) and give RFC 6298's 1 s next to it. Scans the sources and
 * lesson texts for a line that states the figure about the RTO without the citation.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RTO_SOURCE } from './stream-timing';

const ROOTS = ['content', 'components', 'lib', 'server'];

function files(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...files(path));
    else if (/\.(ts|tsx|md)$/.test(name) && !/\.test\.tsx?$/.test(name)) out.push(path);
  }
  return out;
}

describe('the 200 ms RTO', () => {
  it('names its source wherever it is stated', () => {
    const uncited: string[] = [];
    for (const file of ROOTS.flatMap((r) => files(join(process.cwd(), r)))) {
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          const states = /\b200\s?ms\b/.test(line) && /\bRTO\b|retransmi/i.test(line);
          if (states && !/TCP_RTO_MIN|RTO_SOURCE/.test(line)) uncited.push(`${file}:${i + 1}`);
        });
    }
    expect(uncited).toEqual([]);
  });

  it('cites Linux TCP_RTO_MIN and RFC 6298 §2.4', () => {
    expect(RTO_SOURCE).toMatch(/TCP_RTO_MIN in include\/net\/tcp\.h/);
    expect(RTO_SOURCE).toMatch(/RFC 6298 §2\.4 says 1 s/);
  });
});
