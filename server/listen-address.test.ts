import { describe, expect, it } from 'vitest';
import { listenDescription, urlHost } from './listen-address';

describe('listenDescription', () => {
  it('says the real bind address, then a URL to open', () => {
    expect(listenDescription('0.0.0.0', 3000)).toBe(
      'listening on 0.0.0.0:3000 (every interface; open http://localhost:3000)',
    );
    expect(listenDescription('127.0.0.1', 8080)).toBe(
      'listening on 127.0.0.1:8080 (http://127.0.0.1:8080)',
    );
    expect(listenDescription('::', 3000)).toBe(
      'listening on [::]:3000 (every interface; open http://localhost:3000)',
    );
    expect(listenDescription('::1', 3000)).toBe('listening on [::1]:3000 (http://[::1]:3000)');
  });

  it('brackets IPv6 hosts in URLs', () => {
    expect(urlHost('fe80::1')).toBe('[fe80::1]');
    expect(urlHost('example.org')).toBe('example.org');
  });
});
