/**
 * Runs one vendored suite with mocha in this process (the client side, the way a browser is its own
 * process) and writes its counts as JSON: node run-suite.mjs <suite file> <stats.json> [grep].
 * The suite reads CONFORMANCE_URL and CONFORMANCE_HEADERS (see node-imports.mjs) from the
 * environment. test/conformance/run.ts starts it.
 */
import { writeFileSync } from 'node:fs';
import Mocha from 'mocha';

const [file, statsFile, grep] = process.argv.slice(2);
const mocha = new Mocha({ reporter: 'spec', color: false, ...(grep ? { grep } : {}) });
mocha.addFile(file);
await mocha.loadFilesAsync();
const runner = mocha.run(() => {
  const s = runner.stats ?? {};
  const counts = {
    tests: s.tests ?? 0,
    passes: s.passes ?? 0,
    failures: s.failures ?? 0,
    pending: s.pending ?? 0,
  };
  writeFileSync(statsFile, JSON.stringify(counts));
  // The suites leave sockets open (they end on the server's ping timeout): don't wait for them.
  process.exit(0);
});
