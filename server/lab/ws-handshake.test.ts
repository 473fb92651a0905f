import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { checkUpgrade, plainRequestRefusal, sameOrigin } from './ws-handshake';

const req = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;

describe('sameOrigin', () => {
  it.each([
    ['http://localhost:3000', 'localhost:3000', true],
    ['http://LOCALHOST:3000', 'localhost:3000', true],
    ['http://example.com', 'example.com:80', true],
    ['https://example.com', 'example.com', true],
    ['http://localhost:3001', 'localhost:3000', false],
    ['https://evil.example', 'localhost:3000', false],
    ['null', 'localhost:3000', false],
    ['file://x', 'x', false],
    ['http://localhost:3000', '', false],
  ])('%s vs Host %s → %s', (origin, host, expected) => {
    expect(sameOrigin(origin, host)).toBe(expected);
  });
});

describe('checkUpgrade', () => {
  const ok = { host: 'h:1', 'sec-websocket-version': '13' };

  it('lets a version-13 request without Origin or with its own origin through', () => {
    expect(checkUpgrade(req(ok))).toBeNull();
    expect(checkUpgrade(req({ ...ok, origin: 'http://h:1' }))).toBeNull();
  });

  it('answers another version with 426 and Sec-WebSocket-Version: 13', () => {
    const refusal = checkUpgrade(req({ ...ok, 'sec-websocket-version': '8' }));
    expect(refusal).toMatchObject({
      status: 426,
      headers: { 'Sec-WebSocket-Version': '13' },
    });
  });

  it('checks the version before the origin', () => {
    const refusal = checkUpgrade(
      req({ host: 'h:1', 'sec-websocket-version': '99', origin: 'http://evil' }),
    );
    expect(refusal?.status).toBe(426);
  });

  it('answers a foreign origin with 403 naming it', () => {
    const refusal = checkUpgrade(req({ ...ok, origin: 'http://evil.example' }));
    expect(refusal?.status).toBe(403);
    expect(refusal?.body).toContain('"http://evil.example"');
  });
});

describe('plainRequestRefusal', () => {
  it('is 426 with Upgrade: websocket, saying what was missing', () => {
    expect(plainRequestRefusal(req({}))).toMatchObject({
      status: 426,
      headers: { Upgrade: 'websocket' },
      body: expect.stringContaining('no Upgrade header'),
    });
  });
});
