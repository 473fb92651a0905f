/**
 * Structured logs (pino, JSON lines on stdout). One logger per process (`log`); servers and modules
 * take child loggers from it. Level: LOG_LEVEL (trace, debug, info, warn, error, fatal, silent);
 * default `info`, and `silent` under a test runner (VITEST or NODE_ENV=test) unless LOG_LEVEL is set.
 */
import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger } from 'pino';

const LEVELS = new Set(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']);

/** The level a logger starts at, from the environment. Throws on an unknown LOG_LEVEL. */
export function logLevel(env: Record<string, string | undefined> = process.env): string {
  const wanted = env.LOG_LEVEL?.trim().toLowerCase();
  if (wanted !== undefined && wanted !== '') {
    if (!LEVELS.has(wanted)) {
      throw new Error(
        `LOG_LEVEL must be one of ${[...LEVELS].join(', ')}; got ${JSON.stringify(env.LOG_LEVEL)}`,
      );
    }
    return wanted;
  }
  return env.VITEST !== undefined || env.NODE_ENV === 'test' ? 'silent' : 'info';
}

/** A new root logger; `destination` defaults to stdout (tests pass a stream to read lines back). */
export function createLogger(
  options: { level?: string; destination?: DestinationStream } = {},
): Logger {
  const settings = {
    level: options.level ?? logLevel(),
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
  };
  return options.destination === undefined ? pino(settings) : pino(settings, options.destination);
}

/** The process's logger. */
export const log: Logger = createLogger();
