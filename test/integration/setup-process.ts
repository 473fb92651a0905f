/**
 * Every integration test runs the real server in this process: any uncaughtException or
 * unhandledRejection during a test (a socket without an 'error' listener, a rejected promise
 * nobody awaited) fails that test, naming the error.
 */
import { afterEach } from 'vitest';

const seen: unknown[] = [];
process.on('uncaughtException', (error) => seen.push(error));
process.on('unhandledRejection', (reason) => seen.push(reason));

afterEach(() => {
  if (seen.length === 0) return;
  const errors = seen
    .splice(0)
    .map((e) => (e instanceof Error ? (e.stack ?? e.message) : String(e)));
  throw new Error(`uncaught in the server during this test:\n${errors.join('\n')}`);
});
