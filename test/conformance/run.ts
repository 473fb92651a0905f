/**
 * Runs the Socket.IO maintainers' protocol test suites (Engine.IO v4, Socket.IO v5; vendored here,
 * see README.md) through the edge: a real Wire Lab server whose sessions get the conformance node
 * (conformance-node.ts) as their upstream, one mirror session, and both suites pointed at
 * http://127.0.0.1:<port>/lab/<session>. Each suite runs with mocha in a child process
 * (run-suite.mjs), as a browser is a process of its own: the suites' ping-timeout tests have a
 * margin of a few ms that client work in the server's process can eat. Then checks that the mirror
 * saw the same traffic on both hops (mirror-checks.ts).
 *
 *   npm run test:conformance                      through the edge
 *   npm run test:conformance -- --direct          straight at a conformance node (no edge)
 *   npm run test:conformance -- --json out.json   also writes {passed, failed, skipped, ...}
 *   npm run test:conformance -- --grep 'ping timeout'   only the tests whose title matches
 *
 * Exits non-zero when a test or a mirror check fails.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { labBase } from '../../lib/mirror/protocol';
import { type MirrorClient, openMirror, startServer } from '../integration/mirror-client';
import { ConformanceNode } from './conformance-node';
import { type MirrorCheck, mirrorChecks } from './mirror-checks';

const SUITES = [
  { name: 'Engine.IO v4', file: 'engine.io-protocol/v4-test-suite/test-suite.js' },
  { name: 'Socket.IO v5', file: 'socket.io-protocol/v5-test-suite/test-suite.js' },
] as const;

interface SuiteResult {
  name: string;
  tests: number;
  passes: number;
  failures: number;
  pending: number;
  /** Tests that failed once and were run again (see run-suite.mjs), with the first error. */
  retried: string[];
}

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i === -1 ? undefined : process.argv[i + 1];
}

/** One suite in a child process (the client side), its output on ours; resolves with its counts. */
async function runSuite(
  name: string,
  file: string,
  env: Record<string, string>,
): Promise<SuiteResult> {
  console.log(`\n=== ${name} protocol test suite (${file})`);
  const dir = mkdtempSync(path.join(tmpdir(), 'conformance-'));
  const statsFile = path.join(dir, 'stats.json');
  const grep = argValue('--grep');
  const args = [path.join(__dirname, 'run-suite.mjs'), path.join(__dirname, file), statsFile];
  const child = spawn(process.execPath, grep === undefined ? args : [...args, grep], {
    env: { ...process.env, ...env },
    stdio: 'inherit',
  });
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  try {
    const counts = JSON.parse(readFileSync(statsFile, 'utf8')) as Omit<SuiteResult, 'name'>;
    return { name, ...counts };
  } catch {
    console.error(`${name}: the suite's process ended (code ${code}) without its counts`);
    return { name, tests: 0, passes: 0, failures: 1, pending: 0, retried: [] };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<number> {
  const direct = process.argv.includes('--direct');
  const jsonOut = argValue('--json');
  let mirror: MirrorClient | null = null;
  let close: () => Promise<void>;
  const env: Record<string, string> = {};
  if (direct) {
    const node = new ConformanceNode(randomBytes(16).toString('hex'));
    const port = await node.port();
    env.CONFORMANCE_URL = `http://127.0.0.1:${port}${node.base}`;
    close = () => node.close();
  } else {
    const server = await startServer({
      labFactory: (session) => new ConformanceNode(session),
    });
    mirror = await openMirror(server);
    env.CONFORMANCE_URL = `http://127.0.0.1:${server.port}${labBase(mirror.session)}`;
    env.CONFORMANCE_HEADERS = JSON.stringify(mirror.headers);
    const opened = mirror;
    close = async () => {
      await opened.close();
      await server.close();
    };
  }
  console.log(
    `conformance: ${direct ? 'direct (no edge)' : 'through the edge'} at ${env.CONFORMANCE_URL}`,
  );

  const results: SuiteResult[] = [];
  for (const suite of SUITES) results.push(await runSuite(suite.name, suite.file, env));
  // With --grep only some traffic happens: the mirror checks need the whole suites.
  const whole = argValue('--grep') === undefined;
  const checks: MirrorCheck[] = mirror === null || !whole ? [] : await mirrorChecks(mirror);
  await close();

  const passed = results.reduce((n, r) => n + r.passes, 0) + checks.filter((c) => c.ok).length;
  const failed = results.reduce((n, r) => n + r.failures, 0) + checks.filter((c) => !c.ok).length;
  const skipped = results.reduce((n, r) => n + r.pending, 0);
  const retried = results.flatMap((r) => r.retried);
  if (checks.length > 0) {
    console.log('\n=== mirror (both hops)');
    for (const c of checks) console.log(`  ${c.ok ? 'ok  ' : 'FAIL'} ${c.what}: ${c.detail}`);
  }
  if (jsonOut !== undefined) {
    const mode = direct ? 'direct' : 'edge';
    writeFileSync(
      jsonOut,
      JSON.stringify(
        { mode, passed, failed, skipped, retried: retried.length, results, checks },
        null,
        2,
      ),
    );
  }
  if (retried.length > 0) {
    console.log('\n=== retried (failed once, then ran again)');
    for (const r of retried) console.log(`  ${r}`);
  }
  const perSuite = results.map((r) => `${r.name} ${r.passes}/${r.tests}`).join(', ');
  console.log(
    `\nconformance ${direct ? '(direct)' : '(through the edge)'}: ${passed} passed, ${failed} failed, ${skipped} skipped (${perSuite}${checks.length > 0 ? `, mirror checks ${checks.filter((c) => c.ok).length}/${checks.length}` : ''}${retried.length > 0 ? `, ${retried.length} retried` : ''})`,
  );
  return failed === 0 && passed > 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
