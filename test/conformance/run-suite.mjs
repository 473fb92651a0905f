/**
 * Runs one vendored suite with mocha in this process (the client side, the way a browser is its own
 * process) and writes its counts as JSON: node run-suite.mjs <suite file> <stats.json> [grep].
 *
 * A failed test is retried once (CONFORMANCE_RETRIES, default 1): the heartbeat tests allow the
 * round trip 200 ms and the ping-timeout tests a few ms, which a starved 2-core machine can miss.
 * Every retry is listed in the counts (`retried`), so a flaky test shows in the summary.
 * The suite reads CONFORMANCE_URL and CONFORMANCE_HEADERS (see node-imports.mjs) from the
 * environment. test/conformance/run.ts starts it.
 */
import { writeFileSync } from 'node:fs';
import Mocha from 'mocha';

const [file, statsFile, grep] = process.argv.slice(2);
const retries = Number(process.env.CONFORMANCE_RETRIES ?? 1);
const mocha = new Mocha({ reporter: 'spec', color: false, retries, ...(grep ? { grep } : {}) });
mocha.addFile(file);
await mocha.loadFilesAsync();
const retried = [];
const runner = mocha.run(() => {
  const s = runner.stats ?? {};
  const counts = {
    tests: s.tests ?? 0,
    passes: s.passes ?? 0,
    failures: s.failures ?? 0,
    pending: s.pending ?? 0,
    retried,
  };
  writeFileSync(statsFile, JSON.stringify(counts));
  // The suites leave sockets open (they end on the server's ping timeout): don't wait for them.
  process.exit(0);
});
runner.on('retry', (test, error) => {
  retried.push(`${test.fullTitle()}: ${error?.message ?? error}`);
  console.log(`  (retrying "${test.title}" after: ${error?.message ?? error})`);
});
