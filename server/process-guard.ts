/**
 * A crash is a crash: an uncaughtException or unhandledRejection means some socket or promise had
 * no owner, and keeping the process alive would hide it (Next installs a logger that does exactly
 * that). Log it, try to close within a bound, and exit non-zero so the supervisor restarts us.
 */
export function exitOnUncaught(
  close: () => Promise<unknown>,
  log: (message: string, error: unknown) => void,
): void {
  let exiting = false;
  const fatal = (what: string) => (error: unknown) => {
    log(`${what}: exiting`, error);
    if (exiting) return;
    exiting = true;
    process.exitCode = 1;
    const force = setTimeout(() => process.exit(1), 3_000);
    force.unref();
    close().finally(() => process.exit(1));
  };
  process.on('uncaughtException', fatal('uncaughtException'));
  process.on('unhandledRejection', fatal('unhandledRejection'));
}
