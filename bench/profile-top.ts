/**
 * `npx tsx bench/profile-top.ts <file.cpuprofile> [N]`: the N functions with the most self time
 * in a V8 CPU profile (node --cpu-prof; BENCH_PROFILE=<dir> npm run bench writes the server's),
 * and the self time per source file. Prints only.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fmt, table } from './echo';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

const where = (url: string) => {
  if (url === '') return '(native)';
  const file = url.replace(/^file:\/\//, '');
  const inRepo = path.relative(process.cwd(), file);
  return inRepo.startsWith('..') ? file : inRepo;
};

function main(): void {
  const file = process.argv[2];
  const count = Number(process.argv[3] ?? 30);
  if (file === undefined) {
    console.log('usage: tsx bench/profile-top.ts <file.cpuprofile> [N]');
    return;
  }
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const total = profile.endTime - profile.startTime;
  const byFunction = new Map<string, number>();
  const byFile = new Map<string, number>();
  for (const node of profile.nodes) {
    const us = selfUs.get(node.id) ?? 0;
    if (us === 0) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const key = `${functionName || '(anonymous)'}  ${where(url)}:${lineNumber + 1}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + us);
    const fileKey = where(url).replace(/^node_modules\/([^/]+)\/.*/, 'node_modules/$1');
    byFile.set(fileKey, (byFile.get(fileKey) ?? 0) + us);
  }
  const top = (map: Map<string, number>, n: number) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, us]) => [fmt(us / 1000, 0), fmt((100 * us) / total, 1), name]);
  console.log(`${file}: ${fmt(total / 1e6, 1)} s profiled`);
  console.log(table(['self ms', '%', 'function'], top(byFunction, count)));
  console.log('');
  console.log(table(['self ms', '%', 'file'], top(byFile, 15)));
}

main();
