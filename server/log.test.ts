import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, logLevel } from './log';

describe('logLevel', () => {
  it('reads LOG_LEVEL, else silent under a test runner, else info', () => {
    expect(logLevel({ LOG_LEVEL: 'debug' })).toBe('debug');
    expect(logLevel({ LOG_LEVEL: ' WARN ' })).toBe('warn');
    expect(logLevel({ VITEST: 'true' })).toBe('silent');
    expect(logLevel({ NODE_ENV: 'test' })).toBe('silent');
    expect(logLevel({ VITEST: 'true', LOG_LEVEL: 'info' })).toBe('info');
    expect(logLevel({})).toBe('info');
  });

  it('names the allowed levels when LOG_LEVEL is wrong', () => {
    expect(() => logLevel({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL must be one of trace, debug/);
  });
});

describe('createLogger', () => {
  it('writes one JSON object per line with a level label, time and fields', () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _encoding, done) {
        lines.push(...String(chunk).trim().split('\n'));
        done();
      },
    });
    const logger = createLogger({ level: 'info', destination });
    logger.info({ session: 'abc', reason: 'mirror closed' }, 'session ended');
    logger.debug('not written at info');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({
      level: 'info',
      session: 'abc',
      reason: 'mirror closed',
      msg: 'session ended',
      pid: process.pid,
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
  });
});
